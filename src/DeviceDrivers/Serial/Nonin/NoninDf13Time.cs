namespace EdgeGateway.DeviceDrivers.Serial.Nonin;

/// <summary>
/// The eight time bytes of a data format #13 packet: century, year, month, day, hour, minute,
/// second, hundredths. MediPi's Nonin 9560 driver reads them as BCD; mattjlewis/NoninPulseOx keeps
/// the raw bytes (binary). No specification text settles it, so the century byte decides: 20 is 0x20
/// in BCD and 0x14 in binary, and no other century is taken.
/// </summary>
internal static class NoninDf13Time
{
    /// <summary>The century byte of the 2000s in BCD.</summary>
    public const byte BcdCentury = 0x20;

    /// <summary>The century byte of the 2000s in binary.</summary>
    public const byte BinaryCentury = 20;

    /// <summary>The time, or null when the bytes are no date in either encoding.</summary>
    public static DateTime? Read(ReadOnlySpan<byte> time)
    {
        bool bcd;
        switch (time[0])
        {
            case BcdCentury: bcd = true; break;
            case BinaryCentury: bcd = false; break;
            default: return null;
        }

        Span<int> values = stackalloc int[8];
        for (var i = 0; i < values.Length; i++)
        {
            var b = time[i];
            if (bcd && ((b >> 4) > 9 || (b & 0x0F) > 9))
            {
                return null;
            }

            values[i] = bcd ? ((b >> 4) * 10) + (b & 0x0F) : b;
        }

        var (year, month, day, hour, minute, second, hundredths) = ((values[0] * 100) + values[1], values[2], values[3], values[4], values[5], values[6], values[7]);
        if (values[1] > 99 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59 || hundredths > 99)
        {
            return null;
        }

        return new DateTime(year, month, day, hour, minute, second, hundredths * 10, DateTimeKind.Unspecified);
    }

    /// <summary>Writes <paramref name="time"/> in the encoding <paramref name="bcd"/> says (the inverse of <see cref="Read"/>).</summary>
    public static void Write(DateTime time, bool bcd, Span<byte> destination)
    {
        ReadOnlySpan<int> values = [time.Year / 100, time.Year % 100, time.Month, time.Day, time.Hour, time.Minute, time.Second, time.Millisecond / 10];
        for (var i = 0; i < values.Length; i++)
        {
            destination[i] = (byte)(bcd ? ((values[i] / 10) << 4) | (values[i] % 10) : values[i]);
        }
    }
}
