using System.Buffers.Binary;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Serial.Nonin;

/// <summary>
/// Nonin serial Data Format #13 (WristOx2 3150, Onyx II 9560): one spot-check packet per
/// measurement, stored ones forwarded first, each stamped by the oximeter's clock. Offsets 0-based:
/// <code>
/// 0       NUL 00
/// 1       STX 02
/// 2–3     packet type 00 0D (big-endian)
/// 4–5     data length N (big-endian): 14, or 23 with a 9-byte serial number; more may follow
/// 6–13    century, year, month, day, hour, minute, second, hundredths (BCD, or binary: see below)
/// 14      status MSB: 0x02 SmartPoint, 0x01 no measurement
/// 15      status LSB: 0x10 from memory, 0x01 low battery
/// 16–17   pulse rate (big-endian), 511 = missing
/// 18      reserved
/// 19      SpO2, 127 = missing
/// 20…     the rest of the N data bytes
/// 6+N     checksum: the sum of the N data bytes (6 … 5+N), mod 256
/// 7+N     ETX 03
/// </code>
/// Whether the time is BCD or binary is not verified (two public drivers disagree); the century
/// byte tells, as 20 is 0x20 in BCD and 0x14 in binary. Any other century, a BCD digit above 9 or a
/// date that does not exist is an invalid field, never a guessed time.
/// </summary>
public sealed class NoninDf13Decoder : IFrameDecoder
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "nonin-df13";

    /// <summary>The data format number, as the packet type and the set-format command carry it.</summary>
    public const byte FormatNumber = 0x0D;

    /// <summary>The fewest data bytes a packet has (time, status, pulse, SpO2).</summary>
    public const int MinDataLength = 14;

    /// <summary>
    /// The most data bytes accepted. The specification lets the section grow (the public drivers saw
    /// 14 and 23); past this a length is taken for noise.
    /// </summary>
    public const int MaxDataLength = 64;

    /// <summary>The header (NUL, STX, type, length) and trailer (checksum, ETX) around the data.</summary>
    public const int Overhead = 8;

    /// <summary>The shortest packet.</summary>
    public const int MinPacketLength = Overhead + MinDataLength;

    /// <summary>The longest packet accepted.</summary>
    public const int MaxPacketLength = Overhead + MaxDataLength;

    private const byte SmartPoint = 0x02, NoMeasurement = 0x01, FromMemory = 0x10, LowBattery = 0x01;
    private const int MaxHeartRate = 511;

    /// <inheritdoc />
    public string Protocol => ProtocolName;

    /// <summary>The first six bytes of every packet: NUL, STX, the type 00 0D; then the length.</summary>
    internal static ReadOnlySpan<byte> Header => [(byte)NoninControl.Nul, (byte)NoninControl.Stx, 0x00, FormatNumber];

    /// <summary>The data length a packet announces (bytes 4–5).</summary>
    internal static int DataLength(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet.Slice(4, 2));

    /// <summary>The checksum of the data bytes.</summary>
    internal static byte Checksum(ReadOnlySpan<byte> data)
    {
        byte sum = 0;
        foreach (var b in data)
        {
            sum += b;
        }

        return sum;
    }

    /// <inheritdoc />
    public DecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        if (frame.Length < MinPacketLength)
        {
            return DecodeResult.Failure(DecodeErrorKind.TooShort, $"a Nonin data format #13 packet is at least {MinPacketLength} bytes, got {frame.Length}", frame.Length);
        }

        if (!frame[..Header.Length].SequenceEqual(Header))
        {
            return DecodeResult.Failure(DecodeErrorKind.Malformed, "a Nonin data format #13 packet starts with 00 02 00 0D", 0);
        }

        var length = DataLength(frame);
        if (length is < MinDataLength or > MaxDataLength)
        {
            return DecodeResult.Failure(DecodeErrorKind.InvalidField, $"data length {length}: the format has {MinDataLength} to {MaxDataLength} data bytes", 4);
        }

        if (frame.Length != Overhead + length)
        {
            return DecodeResult.Failure(frame.Length < Overhead + length ? DecodeErrorKind.TooShort : DecodeErrorKind.TrailingBytes,
                $"the packet announces {length} data bytes ({Overhead + length} in all), got {frame.Length}", Math.Min(frame.Length, Overhead + length));
        }

        var data = frame.Slice(6, length);
        if (Checksum(data) != frame[6 + length])
        {
            return DecodeResult.Failure(DecodeErrorKind.BadChecksum, $"checksum 0x{frame[6 + length]:X2}, expected 0x{Checksum(data):X2}", 6 + length);
        }

        if (frame[^1] != (byte)NoninControl.Etx)
        {
            return DecodeResult.Failure(DecodeErrorKind.Malformed, $"the packet ends with 0x{frame[^1]:X2}, not ETX 03", frame.Length - 1);
        }

        if (NoninDf13Time.Read(data[..8]) is not { } time)
        {
            return DecodeResult.Failure(DecodeErrorKind.InvalidField,
                $"time {Convert.ToHexString(data[..8])} is no date in BCD nor in binary (century 0x20 or 0x14)", 6);
        }

        var heartRate = BinaryPrimitives.ReadUInt16BigEndian(data.Slice(10, 2));
        var spo2 = data[13];
        if (heartRate > MaxHeartRate)
        {
            return DecodeResult.Failure(DecodeErrorKind.InvalidField, $"pulse rate {heartRate}: 511 is the highest (\"missing\")", 16);
        }

        if (spo2 > 100 && spo2 != NoninValues.MissingSpo2)
        {
            return DecodeResult.Failure(DecodeErrorKind.InvalidField, $"SpO2 {spo2}: 0–100 or 127 (\"missing\")", 19);
        }

        var flags = ReadingFlags.None;
        var (statusHigh, statusLow) = (data[8], data[9]);
        if ((statusHigh & NoMeasurement) != 0) flags |= ReadingFlags.MeasurementUnavailable;
        if ((statusLow & FromMemory) != 0) flags |= ReadingFlags.MeasurementFromStorage;
        if ((statusLow & LowBattery) != 0) flags |= ReadingFlags.DeviceBatteryLow;
        // SmartPoint says the reading is a good one: nothing to warn about.
        if ((statusHigh & ~(SmartPoint | NoMeasurement)) != 0 || (statusLow & ~(FromMemory | LowBattery)) != 0) flags |= ReadingFlags.ReservedStatusValue;

        return DecodeResult.Success(NoninValues.Measurements(heartRate, spo2, flags, time));
    }
}

/// <summary>The control bytes around Nonin packets and commands.</summary>
internal enum NoninControl : byte
{
    /// <summary>Leads a data format #13 packet.</summary>
    Nul = 0x00,
    /// <summary>Start of text.</summary>
    Stx = 0x02,
    /// <summary>End of text.</summary>
    Etx = 0x03,
    /// <summary>The oximeter took a command.</summary>
    Ack = 0x06,
    /// <summary>The oximeter refused a command.</summary>
    Nak = 0x15,
    /// <summary>The set-data-format command's op code.</summary>
    SetFormat = 0x70,
}
