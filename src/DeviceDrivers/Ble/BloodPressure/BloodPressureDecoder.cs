using EdgeGateway.DeviceDrivers.Ble.Common;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Ble.BloodPressure;

/// <summary>
/// Decodes one Blood Pressure Measurement (0x2A35) value, GATT Specification Supplement §3.31:
/// <code>
/// byte 0      flags (BloodPressureFlags)
/// bytes 1–2   systolic  SFLOAT  (mmHg, or kPa when flags bit 0)
/// bytes 3–4   diastolic SFLOAT
/// bytes 5–6   mean arterial pressure SFLOAT
/// [7 bytes]   Date Time           when flags bit 1
/// [2 bytes]   pulse rate SFLOAT   when flags bit 2 (beats per minute)
/// [1 byte]    user id             when flags bit 3 (0xFF = unknown user)
/// [2 bytes]   measurement status  when flags bit 4
/// </code>
/// Yields the blood-pressure panel (85354-9, pressures always in mm[Hg]) and, when present, the
/// pulse rate as a heart-rate observation (8867-4, /min).
/// </summary>
public sealed class BloodPressureDecoder : IFrameDecoder
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "ble-blood-pressure";

    /// <summary>1 kPa in mmHg (101.325 kPa = 760 mmHg exactly).</summary>
    private const decimal MmHgPerKpa = 760m / 101.325m;

    private const int FixedLength = 7;

    /// <inheritdoc />
    public string Protocol => ProtocolName;

    /// <inheritdoc />
    public DecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        var reader = new FieldReader(frame);
        if (!reader.Require(FixedLength, "a blood-pressure measurement (flags and three pressures)"))
        {
            return reader.Error!;
        }

        reader.UInt8("flags", out var rawFlags);
        var flags = (BloodPressureFlags)rawFlags;
        var kpa = (flags & BloodPressureFlags.UnitsKpa) != 0;
        reader.UInt16("systolic", out var rawSystolic);
        reader.UInt16("diastolic", out var rawDiastolic);
        reader.UInt16("mean arterial pressure", out var rawMean);
        var (systolic, diastolic, mean) = (Pressure(rawSystolic, kpa), Pressure(rawDiastolic, kpa), Pressure(rawMean, kpa));
        var readingFlags = ReadingFlags.None;

        DateTime? deviceTime = null;
        if ((flags & BloodPressureFlags.TimeStampPresent) != 0 && !reader.DateTime("time stamp", out deviceTime, ref readingFlags))
        {
            return reader.Error!;
        }

        Quantity? pulse = null;
        if ((flags & BloodPressureFlags.PulseRatePresent) != 0)
        {
            if (!reader.SFloat("pulse rate", Ucum.PerMinute, out var rate)) return reader.Error!;
            pulse = rate;
        }

        int? userIndex = null;
        if ((flags & BloodPressureFlags.UserIdPresent) != 0)
        {
            if (!reader.UInt8("user id", out var user)) return reader.Error!;
            // 0xFF means "unknown user" (§3.31.2.6).
            userIndex = user == 0xFF ? null : user;
        }

        if ((flags & BloodPressureFlags.MeasurementStatusPresent) != 0)
        {
            if (!reader.UInt16("measurement status", out var status)) return reader.Error!;
            readingFlags |= StatusFlags((BloodPressureStatus)status);
        }

        if (reader.Trailing(rawFlags) is { } trailing)
        {
            return trailing;
        }

        var panel = new Measurement
        {
            Code = Loinc.BloodPressurePanel,
            Display = "Blood pressure panel with all children optional",
            Components =
            [
                new ObservedValue(Loinc.Systolic, "Systolic blood pressure", systolic),
                new ObservedValue(Loinc.Diastolic, "Diastolic blood pressure", diastolic),
                new ObservedValue(Loinc.MeanArterial, "Mean blood pressure", mean),
            ],
            DeviceLocalTime = deviceTime,
            DeviceUserIndex = userIndex,
            Flags = readingFlags,
        };

        if (pulse is not { } pulseRate)
        {
            return DecodeResult.Success(panel);
        }

        const ReadingFlags pulseFlags = ReadingFlags.IrregularPulse | ReadingFlags.PulseRateAboveRange
            | ReadingFlags.PulseRateBelowRange | ReadingFlags.DeviceClockUnknown | ReadingFlags.BodyMovement;
        var heartRate = panel with
        {
            Code = Loinc.HeartRate,
            Display = "Heart rate",
            Value = new ObservedValue(Loinc.HeartRate, "Heart rate", pulseRate),
            Components = [],
            Flags = readingFlags & pulseFlags,
        };
        return DecodeResult.Success(panel, heartRate);
    }

    private static Quantity Pressure(ushort raw, bool kpa)
    {
        var value = SFloat.Decode(raw, kpa ? Ucum.Kilopascal : Ucum.MillimetreOfMercury);
        if (!kpa)
        {
            return value;
        }

        // The vital-signs profile fixes mm[Hg]. One decimal keeps the kPa resolution (0.1 kPa ≈ 0.75 mmHg)
        // without inventing precision the cuff never had.
        return value.Value is { } k
            ? Quantity.Of(Math.Round(k * MmHgPerKpa, 1, MidpointRounding.AwayFromZero), Ucum.MillimetreOfMercury)
            : value with { Unit = Ucum.MillimetreOfMercury };
    }

    private static ReadingFlags StatusFlags(BloodPressureStatus status)
    {
        var flags = ReadingFlags.None;
        if ((status & BloodPressureStatus.BodyMovement) != 0) flags |= ReadingFlags.BodyMovement;
        if ((status & BloodPressureStatus.CuffTooLoose) != 0) flags |= ReadingFlags.CuffTooLoose;
        if ((status & BloodPressureStatus.IrregularPulse) != 0) flags |= ReadingFlags.IrregularPulse;
        if ((status & BloodPressureStatus.ImproperPosition) != 0) flags |= ReadingFlags.ImproperMeasurementPosition;
        flags |= ((int)(status & BloodPressureStatus.PulseRateRangeMask) >> 3) switch
        {
            1 => ReadingFlags.PulseRateAboveRange,
            2 => ReadingFlags.PulseRateBelowRange,
            3 => ReadingFlags.ReservedStatusValue,
            _ => ReadingFlags.None,
        };
        if (((ushort)status & 0xFFC0) != 0) flags |= ReadingFlags.ReservedStatusValue;
        return flags;
    }
}
