using EdgeGateway.DeviceDrivers.Ble.Common;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Ble.Glucose;

/// <summary>
/// Decodes one Glucose Measurement (0x2A18), Glucose Service 1.0, optionally followed by the
/// Glucose Measurement Context (0x2A34) the meter sends next with the same sequence number (the
/// BLE transport joins the two values into one frame; the measurement's own flags give its length):
/// <code>
/// byte 0      flags (GlucoseFlags)
/// bytes 1–2   sequence number uint16
/// bytes 3–9   base time (Date Time)
/// [2 bytes]   time offset sint16, minutes, added to the base time       when flags bit 0
/// [3 bytes]   concentration SFLOAT (kg/L, or mol/L when bit 2) and
///             type (low nibble) / sample location (high nibble)         when flags bit 1
/// [2 bytes]   sensor status annunciation                                 when flags bit 3
/// [context]   0x2A34: flags, sequence number, [extended flags], [carbohydrate id + SFLOAT kg],
///             [meal], [tester/health], [exercise s + %], [medication id + SFLOAT kg or L], [HbA1c SFLOAT %]
/// </code>
/// kg/L becomes mg/dL (× 100,000) and mol/L mmol/L (× 1,000) on the exponent, keeping the meter's
/// resolution. The reading files under <c>laboratory</c> with the LOINC code of its sample type; a
/// control solution is marked as such and never becomes a patient's reading.
/// </summary>
public sealed class GlucoseDecoder : IFrameDecoder
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "ble-glucose";

    private const int ControlSolutionType = 10, ControlSolutionLocation = 4, AlternateSiteLocation = 2;

    /// <inheritdoc />
    public string Protocol => ProtocolName;

    /// <inheritdoc />
    public DecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        var reader = new FieldReader(frame);
        if (!reader.Require(10, "a glucose measurement (flags, sequence number and base time)"))
        {
            return reader.Error!;
        }

        reader.UInt8("flags", out var rawFlags);
        var flags = (GlucoseFlags)rawFlags;
        reader.UInt16("sequence number", out var sequence);
        var readingFlags = ReadingFlags.None;
        reader.DateTime("base time", out var time, ref readingFlags);
        if (reader.Error is { } badTime)
        {
            return badTime;
        }

        if ((flags & GlucoseFlags.TimeOffsetPresent) != 0)
        {
            if (!reader.Int16("time offset", out var minutes)) return reader.Error!;
            if (time is { } baseTime)
            {
                // Near year 1582 or 9999 the offset can leave the calendar: an impossible time, said as such.
                if ((minutes < 0 && baseTime < DateTime.MinValue.AddMinutes(-minutes)) || (minutes > 0 && baseTime > DateTime.MaxValue.AddMinutes(-minutes)))
                {
                    return DecodeResult.Failure(DecodeErrorKind.InvalidField, $"time offset: {minutes} min from {baseTime:yyyy-MM-dd HH:mm:ss} is outside the calendar", reader.Offset - 2);
                }

                time = baseTime.AddMinutes(minutes);
            }
        }

        var moles = (flags & GlucoseFlags.MolPerLitre) != 0;
        var unit = moles ? Ucum.MillimolePerLitre : Ucum.MilligramPerDecilitre;
        var concentration = Quantity.Missing(AbsentReason.NotPerformed, unit);
        var notes = new List<string>();
        int sampleType = 0, location = 0;
        if ((flags & GlucoseFlags.ConcentrationPresent) != 0)
        {
            if (!reader.UInt16("glucose concentration", out var raw) || !reader.UInt8("type and sample location", out var typeLocation))
            {
                return reader.Error!;
            }

            concentration = SFloat.Decode(raw, unit, moles ? 3 : 5);
            (sampleType, location) = (typeLocation & 0x0F, typeLocation >> 4);
            if (sampleType == ControlSolutionType || location == ControlSolutionLocation) readingFlags |= ReadingFlags.ControlSolution;
            if (sampleType is 0 or > ControlSolutionType || location is 0 or (> ControlSolutionLocation and < 15)) readingFlags |= ReadingFlags.ReservedStatusValue;
            if (location == AlternateSiteLocation) notes.Add("Sample from an alternate site (not a fingertip)");
        }

        if ((flags & GlucoseFlags.SensorStatusPresent) != 0)
        {
            if (!reader.UInt16("sensor status annunciation", out var status)) return reader.Error!;
            readingFlags |= SensorFlags((GlucoseSensorStatus)status);
        }

        var hbA1c = (Quantity?)null;
        if ((flags & GlucoseFlags.ContextFollows) != 0 && reader.Remaining > 0)
        {
            var context = GlucoseContext.Read(reader.Rest, sequence, notes, out hbA1c);
            if (context is { } contextError)
            {
                return contextError with { Offset = contextError.Offset + reader.Offset };
            }
        }
        else if (reader.Trailing(rawFlags) is { } trailing)
        {
            return trailing;
        }

        // A result the meter itself says is out of its range or not valid is never sent as a number:
        // "HI" is above range (positive infinity), "LO" below, a short sample or a hot strip an error.
        if (concentration.HasValue)
        {
            concentration = (readingFlags & ReadingFlags.ResultAboveDeviceRange) != 0 ? Quantity.Missing(AbsentReason.PositiveInfinity, unit)
                : (readingFlags & ReadingFlags.ResultBelowDeviceRange) != 0 ? Quantity.Missing(AbsentReason.NegativeInfinity, unit)
                : (readingFlags & InvalidatingSensorFlags) != 0 ? Quantity.Missing(AbsentReason.Error, unit)
                : concentration;
        }

        var (code, display) = GlucoseCodes.For(sampleType, moles);
        var glucose = new Measurement
        {
            Code = code,
            Display = display,
            Category = MeasurementCategory.Laboratory,
            Value = new ObservedValue(code, display, concentration),
            DeviceLocalTime = time,
            DeviceSequenceNumber = sequence,
            BodySite = GlucoseCodes.Site(location),
            Flags = readingFlags,
            Notes = notes,
        };
        if (hbA1c is not { } a1c)
        {
            return DecodeResult.Success(glucose);
        }

        const string a1cDisplay = "Hemoglobin A1c/Hemoglobin.total in Blood";
        return DecodeResult.Success(glucose, glucose with
        {
            Code = GlucoseCodes.HbA1c,
            Display = a1cDisplay,
            Value = new ObservedValue(GlucoseCodes.HbA1c, a1cDisplay, a1c),
            BodySite = null,
            Flags = readingFlags & ~GlucoseSensorFlags,
            Notes = [],
        });
    }

    private const ReadingFlags InvalidatingSensorFlags = ReadingFlags.SensorMalfunction | ReadingFlags.SampleSizeInsufficient
        | ReadingFlags.StripInsertionError | ReadingFlags.StripTypeIncorrect | ReadingFlags.SensorTemperatureTooHigh
        | ReadingFlags.SensorTemperatureTooLow | ReadingFlags.SensorReadInterrupted | ReadingFlags.EquipmentMalfunction;

    private const ReadingFlags GlucoseSensorFlags = ReadingFlags.DeviceBatteryLow | ReadingFlags.SensorMalfunction
        | ReadingFlags.SampleSizeInsufficient | ReadingFlags.StripInsertionError | ReadingFlags.StripTypeIncorrect
        | ReadingFlags.ResultAboveDeviceRange | ReadingFlags.ResultBelowDeviceRange | ReadingFlags.SensorTemperatureTooHigh
        | ReadingFlags.SensorTemperatureTooLow | ReadingFlags.SensorReadInterrupted | ReadingFlags.EquipmentMalfunction;

    // Sensor status annunciation bits 0–11; 12–15 reserved.
    private static readonly (int Bit, ReadingFlags Flag)[] SensorStatusBits =
    [
        (0, ReadingFlags.DeviceBatteryLow),
        (1, ReadingFlags.SensorMalfunction),
        (2, ReadingFlags.SampleSizeInsufficient),
        (3, ReadingFlags.StripInsertionError),
        (4, ReadingFlags.StripTypeIncorrect),
        (5, ReadingFlags.ResultAboveDeviceRange),
        (6, ReadingFlags.ResultBelowDeviceRange),
        (7, ReadingFlags.SensorTemperatureTooHigh),
        (8, ReadingFlags.SensorTemperatureTooLow),
        (9, ReadingFlags.SensorReadInterrupted),
        (10, ReadingFlags.EquipmentMalfunction),
        (11, ReadingFlags.DeviceTimeFault),
    ];

    private static ReadingFlags SensorFlags(GlucoseSensorStatus status) => StatusBits.Map((ushort)status, SensorStatusBits, reserved: 0xF000);
}
