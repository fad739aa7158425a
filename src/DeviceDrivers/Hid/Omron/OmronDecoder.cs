using System.Globalization;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Hid.Omron;

/// <summary>
/// One stored reading of an Omron HEM-790IT-class monitor: the <c>GME</c> question and its answer, as the
/// session exchanged them (the question says which bank — user A or B — and which record):
/// <code>
/// 0–7    'G' 'M' 'E' 00 bank 00 index (bank^index)
/// 8–9    'O' 'K'
/// 10     00
/// 11     year − 2000     12  month     13  day
/// 14     hour 0–23       15  minute    16  second   (binary, not BCD: 0x26 = 38 s in the capture)
/// 17–18  unknown (00 in every capture)
/// 19     systolic mmHg   20  diastolic mmHg   21  pulse /min   (no offset, unlike the weekly averages)
/// 22     unknown (00)
/// 23     status: high nibble 0 a single reading, 1–3 the nth of a TruRead series of three; low nibble unknown
/// 24     XOR of bytes 10–23
/// </code>
/// Yields the blood-pressure panel (85354-9 with 8480-6, 8462-4) and the pulse (8867-4), with the device's
/// local time to the second, its bank as the device's user, marked as from its memory. A byte the sources
/// do not explain that is not 0 is kept as a flag and a note, never guessed.
/// </summary>
public sealed class OmronDecoder : IFrameDecoder
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "omron-hid";

    /// <summary>The question (8 bytes) and the answer (17).</summary>
    public const int Length = 8 + OmronWire.RecordAnswerLength;

    private const int Answer = 8, Payload = 10;

    /// <inheritdoc />
    public string Protocol => ProtocolName;

    /// <inheritdoc />
    public DecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        if (frame.Length != Length)
        {
            return DecodeResult.Failure(frame.Length < Length ? DecodeErrorKind.TooShort : DecodeErrorKind.TrailingBytes,
                $"an Omron record is its GME question (8 bytes) and answer (17), {Length} bytes; got {frame.Length}", Math.Min(frame.Length, Length));
        }

        if (frame[0] != 'G' || frame[1] != 'M' || frame[2] != 'E' || OmronWire.Xor(frame[3..8]) != 0)
        {
            return DecodeResult.Failure(DecodeErrorKind.Malformed, "the question is not a GME command with its checksum", 0);
        }

        if (frame[Answer] != 'O' || frame[Answer + 1] != 'K')
        {
            return DecodeResult.Failure(DecodeErrorKind.Malformed, "the answer does not start with \"OK\"", Answer);
        }

        if (OmronWire.Xor(frame[Payload..]) != 0)
        {
            return DecodeResult.Failure(DecodeErrorKind.BadChecksum, $"the XOR of bytes {Payload}–{Length - 2} is not byte {Length - 1}", Length - 1);
        }

        if (ReadTime(frame) is not { } taken)
        {
            return TimeError(frame);
        }

        var flags = ReadingFlags.MeasurementFromStorage;
        var notes = new List<string>();
        var status = frame[23];
        if ((status >> 4) is >= 1 and <= 3)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Reading {status >> 4} of a TruRead series of three"));
        }

        if (frame[17] != 0 || frame[18] != 0 || frame[22] != 0 || (status & 0x0F) != 0 || (status >> 4) > 3)
        {
            flags |= ReadingFlags.ReservedStatusValue;
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"The record holds bytes whose meaning is not published: {frame[17]:X2} {frame[18]:X2} {frame[22]:X2}, status {status:X2}"));
        }

        var pulse = frame[21] > 0 ? Quantity.Of(frame[21], Ucum.PerMinute) : Quantity.Missing(AbsentReason.Error, Ucum.PerMinute);
        var panel = new Measurement
        {
            Code = Loinc.BloodPressurePanel,
            Display = "Blood pressure panel with all children optional",
            Components =
            [
                new ObservedValue(Loinc.Systolic, "Systolic blood pressure", Quantity.Of(frame[19], Ucum.MillimetreOfMercury)),
                new ObservedValue(Loinc.Diastolic, "Diastolic blood pressure", Quantity.Of(frame[20], Ucum.MillimetreOfMercury)),
            ],
            DeviceLocalTime = taken,
            DeviceUserIndex = frame[4],
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

    private static DateTime? ReadTime(ReadOnlySpan<byte> frame)
    {
        int year = 2000 + frame[11], month = frame[12], day = frame[13], hour = frame[14], minute = frame[15], second = frame[16];
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59
            ? new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified)
            : null;
    }

    private static DecodeResult TimeError(ReadOnlySpan<byte> frame)
    {
        int month = frame[12], day = frame[13];
        var (offset, what) = month is < 1 or > 12 ? (12, $"month {month}: 1–12")
            : day < 1 || day > DateTime.DaysInMonth(2000 + frame[11], month) ? (13, $"day {day} does not exist in {2000 + frame[11]}-{month:00}")
            : frame[14] > 23 ? (14, $"hour {frame[14]}: 0–23")
            : frame[15] > 59 ? (15, $"minute {frame[15]}: 0–59")
            : (16, $"second {frame[16]}: 0–59");
        return DecodeResult.Failure(DecodeErrorKind.InvalidField, what, offset);
    }
}

/// <summary>Writes Omron records (the inverse of <see cref="OmronDecoder"/>), for the simulator and tests.</summary>
public static class OmronEncoder
{
    /// <summary>The 15 bytes after "OK" of a reading taken at <paramref name="taken"/>, its checksum last.</summary>
    public static byte[] Payload(DateTime taken, int systolic, int diastolic, int pulse, byte status = 0)
    {
        byte[] payload =
        [
            0x00, (byte)(taken.Year - 2000), (byte)taken.Month, (byte)taken.Day, (byte)taken.Hour, (byte)taken.Minute, (byte)taken.Second,
            0x00, 0x00, (byte)systolic, (byte)diastolic, (byte)pulse, 0x00, status, 0x00,
        ];
        payload[^1] = OmronWire.Xor(payload.AsSpan(0, payload.Length - 1));
        return payload;
    }

    /// <summary>The frame the session hands on: the GME question and the device's answer.</summary>
    public static byte[] Frame(byte bank, byte index, DateTime taken, int systolic, int diastolic, int pulse, byte status = 0) =>
        [.. OmronWire.Measurement(bank, index), (byte)'O', (byte)'K', .. Payload(taken, systolic, diastolic, pulse, status)];
}
