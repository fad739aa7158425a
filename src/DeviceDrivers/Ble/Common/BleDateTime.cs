namespace EdgeGateway.DeviceDrivers.Ble.Common;

/// <summary>
/// The 7-byte Bluetooth "Date Time" characteristic (0x2A08; GATT Specification Supplement §3.70):
/// year uint16 LE (1582–9999, 0 = unknown), month (1–12, 0 = unknown), day (1–31, 0 = unknown),
/// hours (0–23), minutes (0–59), seconds (0–59). Device-local wall-clock time, no time zone.
/// </summary>
public static class BleDateTime
{
    /// <summary>The field's length on the wire.</summary>
    public const int Length = 7;

    /// <summary>The outcome of reading one Date Time field.</summary>
    public enum Status : byte
    {
        /// <summary>A valid date and time.</summary>
        Valid,
        /// <summary>The device says it does not know the date (year, month or day 0).</summary>
        Unknown,
        /// <summary>A field is outside its range.</summary>
        Invalid,
    }

    /// <summary>Reads the 7 bytes at the start of <paramref name="bytes"/>.</summary>
    public static Status TryRead(ReadOnlySpan<byte> bytes, out DateTime value, out string? problem)
    {
        value = default;
        problem = null;
        var year = bytes[0] | (bytes[1] << 8);
        int month = bytes[2], day = bytes[3], hours = bytes[4], minutes = bytes[5], seconds = bytes[6];

        if (hours > 23 || minutes > 59 || seconds > 59)
        {
            problem = $"time {hours:D2}:{minutes:D2}:{seconds:D2} is out of range";
            return Status.Invalid;
        }

        if (year == 0 || month == 0 || day == 0)
        {
            return Status.Unknown;
        }

        if (year is < 1582 or > 9999 || month > 12 || day > DateTime.DaysInMonth(year, Math.Min(month, 12)))
        {
            problem = $"date {year:D4}-{month:D2}-{day:D2} is out of range";
            return Status.Invalid;
        }

        value = new DateTime(year, month, day, hours, minutes, seconds, DateTimeKind.Unspecified);
        return Status.Valid;
    }

    /// <summary>Writes <paramref name="value"/> as the 7-byte field (used by simulators).</summary>
    public static void Write(Span<byte> destination, DateTime value)
    {
        destination[0] = (byte)(value.Year & 0xFF);
        destination[1] = (byte)(value.Year >> 8);
        destination[2] = (byte)value.Month;
        destination[3] = (byte)value.Day;
        destination[4] = (byte)value.Hour;
        destination[5] = (byte)value.Minute;
        destination[6] = (byte)value.Second;
    }
}
