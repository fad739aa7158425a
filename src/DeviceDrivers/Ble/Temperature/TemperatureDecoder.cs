using EdgeGateway.DeviceDrivers.Ble.Common;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Ble.Temperature;

/// <summary>
/// Decodes one Temperature Measurement (0x2A1C) or Intermediate Temperature (0x2A1E) value,
/// Health Thermometer Service 1.0 and GATT Specification Supplement:
/// <code>
/// byte 0      flags (TemperatureFlags)
/// bytes 1–4   temperature FLOAT (IEEE 11073 32-bit; °C, or °F when flags bit 0)
/// [7 bytes]   Date Time         when flags bit 1
/// [1 byte]    temperature type  when flags bit 2 (1 armpit … 9 tympanum)
/// </code>
/// Yields a body temperature (8310-5) in <c>Cel</c> or <c>[degF]</c> exactly as the device stated
/// it — a Fahrenheit value is never converted — with the site as <c>bodySite</c>. An intermediate
/// temperature is the same layout sent while measuring: its reading is marked preliminary.
/// </summary>
public sealed class TemperatureDecoder : IFrameDecoder
{
    /// <summary>The protocol name of Temperature Measurement.</summary>
    public const string ProtocolName = "ble-temperature";

    /// <summary>The protocol name of Intermediate Temperature.</summary>
    public const string IntermediateProtocolName = "ble-temperature-intermediate";

    private readonly bool _intermediate;

    /// <summary>A decoder for Temperature Measurement, or for Intermediate Temperature when <paramref name="intermediate"/>.</summary>
    public TemperatureDecoder(bool intermediate = false) => _intermediate = intermediate;

    /// <inheritdoc />
    public string Protocol => _intermediate ? IntermediateProtocolName : ProtocolName;

    /// <inheritdoc />
    public DecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        var reader = new FieldReader(frame);
        if (!reader.Require(5, "a temperature measurement (flags and a 32-bit FLOAT)"))
        {
            return reader.Error!;
        }

        reader.UInt8("flags", out var rawFlags);
        var flags = (TemperatureFlags)rawFlags;
        reader.Float("temperature", (flags & TemperatureFlags.Fahrenheit) != 0 ? Ucum.Fahrenheit : Ucum.Celsius, out var temperature);
        var readingFlags = _intermediate ? ReadingFlags.MeasurementOngoing : ReadingFlags.None;

        DateTime? deviceTime = null;
        if ((flags & TemperatureFlags.TimeStampPresent) != 0 && !reader.DateTime("time stamp", out deviceTime, ref readingFlags))
        {
            return reader.Error!;
        }

        BodySite? site = null;
        if ((flags & TemperatureFlags.TemperatureTypePresent) != 0)
        {
            if (!reader.UInt8("temperature type", out var type))
            {
                return reader.Error!;
            }

            // A site this decoder does not know is said, not guessed; the temperature itself stands.
            if (!TemperatureSites.TryGet((TemperatureType)type, out site))
            {
                readingFlags |= ReadingFlags.ReservedStatusValue;
            }
        }

        if (reader.Trailing(rawFlags) is { } trailing)
        {
            return trailing;
        }

        return DecodeResult.Success(new Measurement
        {
            Code = Loinc.BodyTemperature,
            Display = "Body temperature",
            Value = new ObservedValue(Loinc.BodyTemperature, "Body temperature", temperature),
            DeviceLocalTime = deviceTime,
            BodySite = site,
            Flags = readingFlags,
        });
    }
}
