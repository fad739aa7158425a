using System.Globalization;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Serial.Beurer;

/// <summary>
/// One record of a Beurer BM58's memory, as the device answers <c>A3 nn</c> (see the README for the sources):
/// <code>
/// byte 0  header: AC in every published capture
/// byte 1  systolic − 25 (mmHg)
/// byte 2  diastolic − 25 (mmHg)
/// byte 3  pulse (/min)
/// byte 4  month 1–12
/// byte 5  day 1–31
/// byte 6  hour 0–23
/// byte 7  minute 0–59
/// byte 8  year − 2000
/// </code>
/// Yields the blood-pressure panel (85354-9 with 8480-6 and 8462-4) and the pulse (8867-4), both with the
/// device's local time and marked as from its memory. No checksum: a date that cannot exist is a
/// corrupted record, a typed error. A header other than AC is decoded but said (its meaning is not published).
/// </summary>
public sealed class Bm58Decoder : IFrameDecoder
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "beurer-bm58";

    /// <summary>A record's length.</summary>
    public const int Length = 9;

    /// <summary>The offset the device subtracts from both pressures to fit them in a byte.</summary>
    public const int PressureOffset = 25;

    /// <inheritdoc />
    public string Protocol => ProtocolName;

    /// <inheritdoc />
    public DecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        if (frame.Length != Length)
        {
            return DecodeResult.Failure(frame.Length < Length ? DecodeErrorKind.TooShort : DecodeErrorKind.TrailingBytes,
                $"a BM58 record is {Length} bytes, got {frame.Length}", Math.Min(frame.Length, Length));
        }

        if (frame[0] != (byte)Bm58Answer.RecordHeader)
        {
            // No checksum and no record number: the header is the only sign the 9 bytes are a record at
            // all and not a shifted or garbled one (babo/bm58 accepts 0xAC only).
            return DecodeResult.Failure(DecodeErrorKind.Malformed, string.Create(CultureInfo.InvariantCulture, $"header 0x{frame[0]:X2}: a record starts with 0xAC"), 0);
        }

        int month = frame[4], day = frame[5], hour = frame[6], minute = frame[7], year = 2000 + frame[8];
        if (frame[8] > 99)
        {
            return DecodeResult.Failure(DecodeErrorKind.InvalidField, $"year {year}: the device counts years 2000–2099", 8);
        }
        if (month is < 1 or > 12)
        {
            return DecodeResult.Failure(DecodeErrorKind.InvalidField, $"month {month}: 1–12", 4);
        }

        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return DecodeResult.Failure(DecodeErrorKind.InvalidField, $"day {day} does not exist in {year}-{month:00}", 5);
        }

        if (hour > 23)
        {
            return DecodeResult.Failure(DecodeErrorKind.InvalidField, $"hour {hour}: 0–23", 6);
        }

        if (minute > 59)
        {
            return DecodeResult.Failure(DecodeErrorKind.InvalidField, $"minute {minute}: 0–59", 7);
        }

        var flags = ReadingFlags.MeasurementFromStorage;
        IReadOnlyList<string> notes = [];

        var taken = new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
        var pulse = frame[3] > 0 ? Quantity.Of(frame[3], Ucum.PerMinute) : Quantity.Missing(AbsentReason.Error, Ucum.PerMinute);
        var panel = new Measurement
        {
            Code = Loinc.BloodPressurePanel,
            Display = "Blood pressure panel with all children optional",
            Components =
            [
                new ObservedValue(Loinc.Systolic, "Systolic blood pressure", Quantity.Of(frame[1] + PressureOffset, Ucum.MillimetreOfMercury)),
                new ObservedValue(Loinc.Diastolic, "Diastolic blood pressure", Quantity.Of(frame[2] + PressureOffset, Ucum.MillimetreOfMercury)),
            ],
            DeviceLocalTime = taken,
            Flags = flags,
            Notes = notes,
        };
        var heartRate = panel with
        {
            Code = Loinc.HeartRate,
            Display = "Heart rate",
            Value = new ObservedValue(Loinc.HeartRate, "Heart rate", pulse),
            Components = [],
        };
        return DecodeResult.Success(panel, heartRate);
    }
}

/// <summary>Writes BM58 records (the inverse of <see cref="Bm58Decoder"/>), for the simulator and tests.</summary>
public static class Bm58Encoder
{
    /// <summary>The 9-byte record of a reading taken at <paramref name="taken"/> (seconds are not kept).</summary>
    public static byte[] Encode(DateTime taken, int systolic, int diastolic, int pulse, byte header = (byte)Bm58Answer.RecordHeader) =>
    [
        header,
        (byte)(systolic - Bm58Decoder.PressureOffset),
        (byte)(diastolic - Bm58Decoder.PressureOffset),
        (byte)pulse,
        (byte)taken.Month,
        (byte)taken.Day,
        (byte)taken.Hour,
        (byte)taken.Minute,
        (byte)(taken.Year - 2000),
    ];
}
