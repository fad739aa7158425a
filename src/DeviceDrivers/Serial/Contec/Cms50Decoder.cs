using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Serial.Contec;

/// <summary>
/// Contec CMS50D+ (current firmware, Contec "Communication protocol of pulse oximeter V7.0") real-time
/// packets: 115200 8N1, about 60 a second once the <c>A1</c> command started them. Every packet is a
/// type byte (bit 7 clear), a high byte (bit 7 set; its bit i is bit 7 of data byte i) and data bytes
/// carrying their low 7 bits with bit 7 set as the sync. The real-time packet, type 01, has 7:
/// <code>
/// 0  01 type
/// 1  high byte: 1 | bit 7 of data bytes 6…0
/// 2  d0: probe error 0x80 | pulse beep 0x40 | low SpO2 0x20 | searching too long 0x10 | signal strength (4 bits)
/// 3  d1: searching for pulse 0x80 | pleth (7 bits)
/// 4  d2: reserved (3 bits) | PI flag 0x10 | bar graph (4 bits)
/// 5  d3: pulse rate, 0–254; 255 = invalid
/// 6  d4: SpO2, 0–100; 127 = invalid
/// 7–8 d5–d6: perfusion index (little-endian; FF FF = invalid) — not read, see the README
/// </code>
/// A probe error (the finger out) or a pulse search gives no number; low SpO2 is said next to the values.
/// The same protocol name reads the samples of a stored recording as <see cref="Cms50Session"/> hands them
/// on (<see cref="Cms50StoredSample"/>, first byte <c>8F</c>), each at its own time.
/// </summary>
public sealed class Cms50Decoder : IFrameDecoder
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "contec-cms50";

    /// <summary>A real-time packet's length: type, high byte, 7 data bytes.</summary>
    public const int Length = 9;

    private const int DataBytes = Length - 2;
    private const byte ProbeError = 0x80, LowSpo2 = 0x20, SearchingTooLong = 0x10, SearchingPulse = 0x80, Reserved = 0xE0;
    private const int InvalidPulseRate = 0xFF, InvalidSpo2 = 0x7F;

    /// <inheritdoc />
    public string Protocol => ProtocolName;

    /// <inheritdoc />
    public DecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        if (frame.Length > 0 && frame[0] == Cms50StoredSample.Kind)
        {
            return Cms50StoredSample.Decode(frame);
        }

        if (frame.Length != Length)
        {
            return DecodeResult.Failure(frame.Length < Length ? DecodeErrorKind.TooShort : DecodeErrorKind.TrailingBytes,
                $"a CMS50 real-time packet is {Length} bytes, got {frame.Length}", Math.Min(frame.Length, Length));
        }

        if (frame[0] != (byte)Cms50PacketType.RealTime)
        {
            return DecodeResult.Failure(DecodeErrorKind.Malformed, $"packet type 0x{frame[0]:X2} is not real-time data (01)", 0);
        }

        for (var i = 1; i < Length; i++)
        {
            if ((frame[i] & 0x80) == 0)
            {
                return DecodeResult.Failure(DecodeErrorKind.Malformed, "bit 7 must be set in every byte after the type: the packet is out of sync", i);
            }
        }

        Span<byte> data = stackalloc byte[DataBytes];
        Cms50Packet.Unpack(frame, data);

        var flags = ReadingFlags.None;
        if ((data[0] & ProbeError) != 0) flags |= ReadingFlags.SensorUnconnected;
        if ((data[0] & SearchingTooLong) != 0 || (data[1] & SearchingPulse) != 0) flags |= ReadingFlags.OutOfTrack;
        if ((data[2] & Reserved) != 0) flags |= ReadingFlags.ReservedStatusValue;
        var notes = (data[0] & LowSpo2) != 0 ? new[] { "The oximeter signals low SpO2" } : [];

        int pulseRate = data[3], spo2 = data[4];
        if (spo2 > 100 && spo2 != InvalidSpo2)
        {
            // No checksum here: a value no oximeter gives is a corrupted packet, not a reading.
            return DecodeResult.Failure(DecodeErrorKind.InvalidField, $"SpO2 {spo2}: 0–100 or 127 (\"invalid\")", 6);
        }

        var measuring = (flags & (ReadingFlags.SensorUnconnected | ReadingFlags.OutOfTrack)) == 0;
        var pulse = measuring && pulseRate is > 0 and < InvalidPulseRate ? Quantity.Of(pulseRate, Ucum.PerMinute) : Quantity.Missing(AbsentReason.Error, Ucum.PerMinute);
        var saturation = measuring && spo2 is > 0 and <= 100 ? Quantity.Of(spo2, Ucum.Percent) : Quantity.Missing(AbsentReason.Error, Ucum.Percent);
        return DecodeResult.Success(Oximetry.Measurements(saturation, pulse, null, null, flags, notes));
    }
}

/// <summary>Packet types (byte 0) of the V7.0 protocol that the gateway reads or sends (see <see cref="Cms50Storage"/>).</summary>
public enum Cms50PacketType : byte
{
    /// <summary>Real-time data, device to computer.</summary>
    RealTime = 0x01,
    /// <summary>The start date of a stored recording (answer to A5).</summary>
    StorageStartDate = 0x07,
    /// <summary>The length of a stored recording in bytes (answer to A4).</summary>
    StorageDataLength = 0x08,
    /// <summary>Stored data with the perfusion index (CMS50I, OSCAR): not read.</summary>
    StorageDataWithPi = 0x09,
    /// <summary>How many recordings a user has (answer to A3).</summary>
    StorageSegmentAmount = 0x0A,
    /// <summary>A command's outcome when it was not carried out (command, reason).</summary>
    CommandFeedback = 0x0B,
    /// <summary>"Free feedback": the answer to A7 and A2.</summary>
    FreeFeedback = 0x0C,
    /// <summary>Stored data: three samples of SpO2 and pulse rate (answer to A6).</summary>
    StorageData = 0x0F,
    /// <summary>How many users the device has (answer to AD).</summary>
    UserAmount = 0x10,
    /// <summary>The start time of a stored recording (answer to A5, after the date).</summary>
    StorageStartTime = 0x12,
    /// <summary>A command, computer to device.</summary>
    Command = 0x7D,
}

/// <summary>The V7.0 packing of data bytes: bit 7 of each travels in the high byte, the byte itself carries the sync bit.</summary>
public static class Cms50Packet
{
    /// <summary>The data bytes of <paramref name="packet"/> (type, high byte, data), bit 7 restored from the high byte.</summary>
    public static void Unpack(ReadOnlySpan<byte> packet, Span<byte> data)
    {
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (byte)((packet[2 + i] & 0x7F) | (((packet[1] >> i) & 0x01) << 7));
        }
    }

    /// <summary>A packet of <paramref name="type"/> carrying <paramref name="data"/> (at most 7 bytes).</summary>
    public static byte[] Pack(byte type, ReadOnlySpan<byte> data)
    {
        var packet = new byte[2 + data.Length];
        packet[0] = (byte)(type & 0x7F);
        packet[1] = 0x80;
        for (var i = 0; i < data.Length; i++)
        {
            packet[1] |= (byte)(((data[i] >> 7) & 0x01) << i);
            packet[2 + i] = (byte)(data[i] | 0x80);
        }

        return packet;
    }
}
