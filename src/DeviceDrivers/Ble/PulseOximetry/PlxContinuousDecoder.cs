using System.Globalization;
using EdgeGateway.DeviceDrivers.Ble.Common;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Ble.PulseOximetry;

/// <summary>
/// Decodes one PLX Continuous Measurement (0x2A5F), Pulse Oximeter Service 1.0:
/// <code>
/// byte 0      flags (PlxContinuousFlags)
/// bytes 1–4   SpO2PR-Normal: SpO2 SFLOAT (%), pulse rate SFLOAT (/min)
/// [4 bytes]   SpO2PR-Fast                when flags bit 0
/// [4 bytes]   SpO2PR-Slow                when flags bit 1
/// [2 bytes]   measurement status         when flags bit 2
/// [3 bytes]   device and sensor status   when flags bit 3
/// [2 bytes]   pulse amplitude index SFLOAT (%) when flags bit 4
/// </code>
/// The normal-averaging pair is the reading; the fast and slow averages of the same signal are
/// stated in a note, not sent as further saturations. The value has no time stamp: the gateway's
/// receive time is the measurement time.
/// </summary>
public sealed class PlxContinuousDecoder : IFrameDecoder
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "ble-plx-continuous";

    /// <inheritdoc />
    public string Protocol => ProtocolName;

    /// <inheritdoc />
    public DecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        var reader = new FieldReader(frame);
        if (!reader.Require(5, "a PLX continuous measurement (flags, SpO2 and pulse rate)"))
        {
            return reader.Error!;
        }

        reader.UInt8("flags", out var rawFlags);
        var flags = (PlxContinuousFlags)rawFlags;
        reader.SFloat("SpO2", Ucum.Percent, out var spo2);
        reader.SFloat("pulse rate", Ucum.PerMinute, out var pulseRate);
        var notes = new List<string>(2);
        if ((flags & PlxContinuousFlags.FastPresent) != 0)
        {
            if (!reader.SFloat("SpO2PR-Fast SpO2", Ucum.Percent, out var fastSpo2)
                || !reader.SFloat("SpO2PR-Fast pulse rate", Ucum.PerMinute, out var fastRate))
            {
                return reader.Error!;
            }

            notes.Add(Averaged("Fast", fastSpo2, fastRate));
        }

        if ((flags & PlxContinuousFlags.SlowPresent) != 0)
        {
            if (!reader.SFloat("SpO2PR-Slow SpO2", Ucum.Percent, out var slowSpo2)
                || !reader.SFloat("SpO2PR-Slow pulse rate", Ucum.PerMinute, out var slowRate))
            {
                return reader.Error!;
            }

            notes.Add(Averaged("Slow", slowSpo2, slowRate));
        }

        var readingFlags = ReadingFlags.None;
        if (!PlxStatus.TryReadTail(ref reader, (flags & PlxContinuousFlags.MeasurementStatusPresent) != 0, (flags & PlxContinuousFlags.DeviceStatusPresent) != 0,
                (flags & PlxContinuousFlags.PulseAmplitudeIndexPresent) != 0, ref readingFlags, out var pai))
        {
            return reader.Error!;
        }

        if (reader.Trailing(rawFlags) is { } trailing)
        {
            return trailing;
        }

        return DecodeResult.Success(PlxMeasurements.Build(spo2, pulseRate, pai, null, readingFlags, notes));
    }

    private static string Averaged(string kind, Quantity spo2, Quantity rate) => string.Create(CultureInfo.InvariantCulture,
        $"{kind}-response average: SpO2 {QuantityText.Of(spo2)}, pulse rate {QuantityText.Of(rate)}");
}
