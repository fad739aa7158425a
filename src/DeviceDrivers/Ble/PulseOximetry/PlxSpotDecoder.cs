using EdgeGateway.DeviceDrivers.Ble.Common;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Ble.PulseOximetry;

/// <summary>
/// Decodes one PLX Spot-check Measurement (0x2A5E), Pulse Oximeter Service 1.0:
/// <code>
/// byte 0      flags (PlxSpotFlags)
/// bytes 1–2   SpO2 SFLOAT (%)
/// bytes 3–4   pulse rate SFLOAT (/min)
/// [7 bytes]   Date Time                  when flags bit 0
/// [2 bytes]   measurement status         when flags bit 1
/// [3 bytes]   device and sensor status   when flags bit 2
/// [2 bytes]   pulse amplitude index SFLOAT (%) when flags bit 3
/// </code>
/// Flags bit 4 says the device clock is not set: its time stamp is then ignored and said.
/// </summary>
public sealed class PlxSpotDecoder : IFrameDecoder
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "ble-plx-spot";

    /// <inheritdoc />
    public string Protocol => ProtocolName;

    /// <inheritdoc />
    public DecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        var reader = new FieldReader(frame);
        if (!reader.Require(5, "a PLX spot-check measurement (flags, SpO2 and pulse rate)"))
        {
            return reader.Error!;
        }

        reader.UInt8("flags", out var rawFlags);
        var flags = (PlxSpotFlags)rawFlags;
        reader.SFloat("SpO2", Ucum.Percent, out var spo2);
        reader.SFloat("pulse rate", Ucum.PerMinute, out var pulseRate);
        var readingFlags = (flags & PlxSpotFlags.DeviceClockNotSet) != 0 ? ReadingFlags.DeviceClockUnknown : ReadingFlags.None;

        DateTime? time = null;
        if ((flags & PlxSpotFlags.TimeStampPresent) != 0 && !reader.DateTime("time stamp", out time, ref readingFlags))
        {
            return reader.Error!;
        }

        if (!PlxStatus.TryReadTail(ref reader, (flags & PlxSpotFlags.MeasurementStatusPresent) != 0, (flags & PlxSpotFlags.DeviceStatusPresent) != 0,
                (flags & PlxSpotFlags.PulseAmplitudeIndexPresent) != 0, ref readingFlags, out var pai))
        {
            return reader.Error!;
        }

        if (reader.Trailing(rawFlags) is { } trailing)
        {
            return trailing;
        }

        return DecodeResult.Success(PlxMeasurements.Build(spo2, pulseRate, pai, PlxMeasurements.Trusted(time, readingFlags), readingFlags, []));
    }
}
