using System.Globalization;
using EdgeGateway.DeviceDrivers.Ble.Common;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Ble.HeartRate;

/// <summary>
/// Decodes one Heart Rate Measurement (0x2A37), Heart Rate Service 1.0:
/// <code>
/// byte 0      flags (HeartRateFlags)
/// 1 or 2      heart rate, uint8 or uint16 (flags bit 0), beats per minute
/// [2 bytes]   energy expended uint16, kJ since the last reset   when flags bit 3
/// [2 bytes]…  RR intervals uint16, 1/1024 s each, to the end     when flags bit 4
/// </code>
/// Yields a heart rate (8867-4, /min). Contact supported but not detected is said next to the
/// value; the RR intervals and the energy counter go in notes.
/// </summary>
public sealed class HeartRateDecoder : IFrameDecoder
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "ble-heart-rate";

    /// <inheritdoc />
    public string Protocol => ProtocolName;

    /// <inheritdoc />
    public DecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        var reader = new FieldReader(frame);
        if (!reader.Require(2, "a heart-rate measurement (flags and value)"))
        {
            return reader.Error!;
        }

        reader.UInt8("flags", out var rawFlags);
        var flags = (HeartRateFlags)rawFlags;
        int rate;
        if ((flags & HeartRateFlags.Value16Bit) != 0)
        {
            if (!reader.UInt16("16-bit heart rate", out var wide)) return reader.Error!;
            rate = wide;
        }
        else
        {
            reader.UInt8("heart rate", out var narrow);
            rate = narrow;
        }

        var notes = new List<string>(2);
        if ((flags & HeartRateFlags.EnergyExpendedPresent) != 0)
        {
            if (!reader.UInt16("energy expended", out var energy)) return reader.Error!;
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Energy expended since the sensor's last reset: {energy} kJ"));
        }

        if ((flags & HeartRateFlags.RrIntervalsPresent) != 0)
        {
            // At least one interval; an odd byte left after them is reported as trailing.
            var count = reader.Remaining / 2;
            if (count == 0)
            {
                reader.UInt16("RR interval", out _);
                return reader.Error!;
            }

            var milliseconds = new string[count];
            for (var i = 0; i < count; i++)
            {
                reader.UInt16("RR interval", out var rr);
                milliseconds[i] = Math.Round(rr * 1000m / 1024m, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture);
            }

            notes.Add($"RR intervals (ms): {string.Join(", ", milliseconds)}");
        }

        if (reader.Trailing(rawFlags) is { } trailing)
        {
            return trailing;
        }

        var contactLost = (flags & (HeartRateFlags.ContactSupported | HeartRateFlags.ContactDetected)) == HeartRateFlags.ContactSupported;
        return DecodeResult.Success(new Measurement
        {
            Code = Loinc.HeartRate,
            Display = "Heart rate",
            Value = new ObservedValue(Loinc.HeartRate, "Heart rate", Quantity.Of(rate, Ucum.PerMinute)),
            Flags = contactLost ? ReadingFlags.SensorContactLost : ReadingFlags.None,
            Notes = notes,
        });
    }
}
