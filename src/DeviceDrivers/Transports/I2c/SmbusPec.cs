namespace EdgeGateway.DeviceDrivers.Transports.I2c;

/// <summary>
/// The SMBus Packet Error Code: a CRC-8 with polynomial x⁸ + x² + x + 1 (0x07), initial value 0,
/// most significant bit first, no final XOR, over every byte of the transaction — the addresses
/// with their read/write bit included — except START, repeated START, STOP, ACK and NACK
/// (Melexis MLX90614 datasheet §8.4.3.1 "Bus protocol"; SMBus specification, "Packet Error Checking").
/// </summary>
public static class SmbusPec
{
    /// <summary>The PEC of <paramref name="bytes"/>, e.g. <c>B4 07 B5 D2 3A</c> → <c>30</c>.</summary>
    public static byte Compute(ReadOnlySpan<byte> bytes)
    {
        var crc = 0;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 0x80) != 0 ? (crc << 1) ^ 0x07 : crc << 1;
            }
        }

        return (byte)crc;
    }
}
