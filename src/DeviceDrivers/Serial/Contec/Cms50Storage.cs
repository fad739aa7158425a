using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Serial.Contec;

/// <summary>
/// The V7.0 answers that describe a stored recording, after <see cref="Cms50Packet.Unpack"/> (bit 7 of each
/// data byte restored). Layouts as OSCAR's <c>cms50f37_loader.cpp</c>, kaivol/pulox's
/// <c>incoming_package.rs</c> and bmartin427/CMS50's <c>cms50.py</c> read them, checked against
/// François Revol's captures of a CMS50F 3.7 (pastebin f1rN8SbB, gPiz9JXp, 8d4j0S1n, XGPUy561):
/// <code>
/// 10 user amount          d0 number of users
/// 0A segment amount       d0 user, d1 number of recordings ("storage data segments")
/// 07 start date           d0 user, d1 segment, d2 century, d3 year in the century, d4 month, d5 day
/// 12 start time           d0 user, d1 segment, d2 hour, d3 minute, d4 second, d5 0
/// 08 data length          d0 user, d1 segment, d2–d5 length in bytes, little-endian (2 a sample)
/// 0F storage data         d0 SpO2, d1 pulse rate, three times: one sample a second
/// 0B command feedback     d0 the command, d1 reason (00 done, 01 shutdown, 02 user change, 03 recording, 04 delete failed, 05 not supported)
/// 0C free feedback        no data: the answer to A7 and A2
/// </code>
/// </summary>
public static class Cms50Storage
{
    /// <summary>Bytes a sample takes in the length the device states (<c>08</c>): SpO2 and pulse rate.</summary>
    public const int BytesPerSample = 2;

    /// <summary>Samples in one <c>0F</c> packet.</summary>
    public const int SamplesPerPacket = 3;

    /// <summary>
    /// Years before this one are taken as a clock that was never set: the CMS50D+, which has none, states
    /// year 0 (OSCAR: "cms50D+ detected"), and no V7.0 device recorded before the protocol's date (2010-07-08).
    /// </summary>
    public const int FirstYear = 2010;

    /// <summary>
    /// The recording's start as the device stated it (<c>07</c> then <c>12</c> data bytes), or null when it
    /// is no date and time at all (year 0, a month 13, a 25th hour).
    /// </summary>
    public static DateTime? StartOf(ReadOnlySpan<byte> date, ReadOnlySpan<byte> time)
    {
        if (date.Length < 6 || time.Length < 5)
        {
            return null;
        }

        return Compose(date[2], date[3], date[4], date[5], time[2], time[3], time[4]);
    }

    /// <summary>The date and time of those fields, or null when they are none.</summary>
    internal static DateTime? Compose(int century, int yearInCentury, int month, int day, int hour, int minute, int second)
    {
        if (century > 99 || yearInCentury > 99 || month is < 1 or > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
        {
            return null;
        }

        var year = century * 100 + yearInCentury;
        return year >= 1 && day <= DateTime.DaysInMonth(year, month) ? new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified) : null;
    }

    /// <summary>The little-endian length of an <c>08</c> answer's data bytes, in bytes.</summary>
    public static long LengthOf(ReadOnlySpan<byte> data) =>
        data.Length < 6 ? 0 : data[2] | (long)data[3] << 8 | (long)data[4] << 16 | (long)data[5] << 24;

    /// <summary>The packet <paramref name="type"/> carrying <paramref name="data"/> (the device's side, for simulators and tests).</summary>
    public static byte[] Packet(Cms50PacketType type, params byte[] data) => Cms50Packet.Pack((byte)type, data);

    /// <summary>A <c>07</c> start-date answer.</summary>
    public static byte[] StartDate(int user, int segment, DateTime start) =>
        Packet(Cms50PacketType.StorageStartDate, (byte)user, (byte)segment, (byte)(start.Year / 100), (byte)(start.Year % 100), (byte)start.Month, (byte)start.Day);

    /// <summary>A <c>12</c> start-time answer.</summary>
    public static byte[] StartTime(int user, int segment, DateTime start) =>
        Packet(Cms50PacketType.StorageStartTime, (byte)user, (byte)segment, (byte)start.Hour, (byte)start.Minute, (byte)start.Second, 0);

    /// <summary>A <c>08</c> length answer.</summary>
    public static byte[] Length(int user, int segment, long bytes) =>
        Packet(Cms50PacketType.StorageDataLength, (byte)user, (byte)segment, (byte)bytes, (byte)(bytes >> 8), (byte)(bytes >> 16), (byte)(bytes >> 24));

    /// <summary>The <c>0F</c> packets of <paramref name="samples"/> (SpO2, pulse rate), the last one padded with zeros.</summary>
    public static byte[] Data(IReadOnlyList<(int Spo2, int PulseRate)> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var packets = new List<byte>();
        for (var i = 0; i < samples.Count; i += SamplesPerPacket)
        {
            var data = new byte[SamplesPerPacket * BytesPerSample];
            for (var j = 0; j < SamplesPerPacket && i + j < samples.Count; j++)
            {
                data[2 * j] = (byte)samples[i + j].Spo2;
                data[2 * j + 1] = (byte)samples[i + j].PulseRate;
            }

            packets.AddRange(Packet(Cms50PacketType.StorageData, data));
        }

        return [.. packets];
    }
}

/// <summary>
/// A sample of a stored recording as the gateway hands it on: the device sends its samples without any
/// time (<c>0F</c>) and the recording's start apart (<c>07</c>, <c>12</c>), so the session writes each sample
/// with that start and its place in the recording, 16 bytes:
/// <code>
/// 0      8F  kind (bit 7 set: no V7.0 packet starts so, the real-time one starts 01)
/// 1      user (from 0)
/// 2      segment (from 0)
/// 3–9    the recording's start as the device stated it: century, year, month, day, hour, minute, second
/// 10–13  the sample's index in the recording, big-endian: it was taken index seconds after the start
/// 14     SpO2 %, 0–100; 0 and 127 = none
/// 15     pulse rate /min, 0–254; 0 and 255 = none
/// </code>
/// </summary>
public static class Cms50StoredSample
{
    /// <summary>The frame's first byte.</summary>
    public const byte Kind = 0x8F;

    /// <summary>The frame's length.</summary>
    public const int Length = 16;

    private const int InvalidSpo2 = 0x7F, InvalidPulseRate = 0xFF;

    /// <summary>The frame of the sample at <paramref name="index"/> of the recording that started at <paramref name="start"/>.</summary>
    public static byte[] Encode(int user, int segment, DateTime start, long index, int spo2, int pulseRate) =>
    [
        Kind, (byte)user, (byte)segment,
        (byte)(start.Year / 100), (byte)(start.Year % 100), (byte)start.Month, (byte)start.Day, (byte)start.Hour, (byte)start.Minute, (byte)start.Second,
        (byte)(index >> 24), (byte)(index >> 16), (byte)(index >> 8), (byte)index,
        (byte)spo2, (byte)pulseRate,
    ];

    /// <summary>
    /// SpO2 and pulse at the sample's own time (start + index seconds), from the device's memory. A second
    /// the oximeter stored with neither value (finger out, searching: 0 or the invalid markers) gives no
    /// reading: the recording does not say why.
    /// </summary>
    internal static DecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        if (frame.Length != Length)
        {
            return DecodeResult.Failure(frame.Length < Length ? DecodeErrorKind.TooShort : DecodeErrorKind.TrailingBytes,
                $"a stored CMS50 sample is {Length} bytes, got {frame.Length}", Math.Min(frame.Length, Length));
        }

        if (Cms50Storage.Compose(frame[3], frame[4], frame[5], frame[6], frame[7], frame[8], frame[9]) is not { } start)
        {
            return DecodeResult.Failure(DecodeErrorKind.InvalidField, "the recording's start is no date and time", 3);
        }

        var index = (long)frame[10] << 24 | (long)frame[11] << 16 | (long)frame[12] << 8 | frame[13];
        if (index > (DateTime.MaxValue - start).Ticks / TimeSpan.TicksPerSecond)
        {
            return DecodeResult.Failure(DecodeErrorKind.InvalidField, $"sample {index} would be after the calendar's end", 10);
        }

        int spo2 = frame[14], pulseRate = frame[15];
        if (spo2 > 100 && spo2 != InvalidSpo2)
        {
            return DecodeResult.Failure(DecodeErrorKind.InvalidField, $"SpO2 {spo2}: 0–100 or 127 (\"invalid\")", 14);
        }

        var saturation = spo2 is > 0 and <= 100 ? Quantity.Of(spo2, Ucum.Percent) : Quantity.Missing(AbsentReason.Error, Ucum.Percent);
        var pulse = pulseRate is > 0 and < InvalidPulseRate ? Quantity.Of(pulseRate, Ucum.PerMinute) : Quantity.Missing(AbsentReason.Error, Ucum.PerMinute);
        if (!saturation.HasValue && !pulse.HasValue)
        {
            return DecodeResult.Success();
        }

        var time = start.AddSeconds(index);
        var user = frame[1];
        return DecodeResult.Success([.. Oximetry.Measurements(saturation, pulse, null, time, ReadingFlags.MeasurementFromStorage, [])
            .Select(m => m with { DeviceUserIndex = user })]);
    }
}
