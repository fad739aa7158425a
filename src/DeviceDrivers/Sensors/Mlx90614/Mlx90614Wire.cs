using EdgeGateway.DeviceDrivers.Transports.I2c;

namespace EdgeGateway.DeviceDrivers.Sensors.Mlx90614;

/// <summary>
/// SMBus commands of the MLX90614 (datasheet §8.4.6 "Commands": RAM access is opcode
/// <c>000x xxxx</c>, the low five bits the RAM address; RAM addresses in §8.3.4, Table 10).
/// </summary>
public enum Mlx90614Command : byte
{
    /// <summary>RAM 0x06: T<sub>A</sub>, the linearized ambient (sensor die) temperature.</summary>
    AmbientTemperature = 0x06,
    /// <summary>RAM 0x07: T<sub>OBJ1</sub>, the linearized object temperature of the (first) thermopile.</summary>
    ObjectTemperature1 = 0x07,
}

/// <summary>
/// The frame <c>i2c-mlx90614</c> decodes: two SMBus "read word" transactions exactly as on the
/// wire, object temperature first, then ambient (datasheet §8.4.3.1 "Bus protocol", Read Word):
/// <code>
/// byte 0   SA_W   slave address &lt;&lt; 1, write bit 0   (0xB4 for 0x5A)
/// byte 1   command 0x07 (RAM T_OBJ1)
/// byte 2   SA_R   slave address &lt;&lt; 1 | 1             (0xB5)
/// byte 3   T_OBJ1 low byte
/// byte 4   T_OBJ1 high byte (bit 7 = error flag)
/// byte 5   PEC    CRC-8 (0x07) of bytes 0–4
/// bytes 6–11       the same for command 0x06 (RAM T_A)
/// </code>
/// Bytes 0–2 are what the gateway sent, 3–5 what the sensor answered; the PEC covers both, so
/// the frame is checkable on its own. A temperature word is 0.02 K per bit; its most significant bit
/// is an error flag (§8.4.6), and a working sensor's word runs from 0x27AD (−70.01 °C) to
/// 0x7FFF (+382.19 °C).
/// </summary>
public static class Mlx90614Wire
{
    /// <summary>The factory-default slave address (datasheet §8.3, EEPROM cell 0x0E).</summary>
    public const int DefaultAddress = 0x5A;

    /// <summary>One read-word transaction: SA_W, command, SA_R, low, high, PEC.</summary>
    public const int TransactionLength = 6;

    /// <summary>The whole frame: object then ambient.</summary>
    public const int FrameLength = 2 * TransactionLength;

    /// <summary>Bit 15 of a linearized temperature word: the sensor flags the value as in error.</summary>
    public const ushort ErrorFlag = 0x8000;

    /// <summary>The lowest word a working sensor gives (−70.01 °C, datasheet §8.4.6).</summary>
    public const ushort MinimumWord = 0x27AD;

    /// <summary>A temperature word in degrees Celsius, to the sensor's 0.02 K step: <c>0x3AF7</c> → 28.75.</summary>
    public static decimal Celsius(ushort word) => (word & 0x7FFF) * 0.02m - 273.15m;

    /// <summary>The word nearest to <paramref name="celsius"/> (for simulators and tests).</summary>
    public static ushort Word(decimal celsius) => (ushort)Math.Clamp(Math.Round((celsius + 273.15m) / 0.02m), 0, 0x7FFF);

    /// <summary>A frame for a sensor at <paramref name="address"/> that answers these words, with correct PECs.</summary>
    public static byte[] Encode(ushort objectWord, ushort ambientWord, int address = DefaultAddress)
    {
        var frame = new byte[FrameLength];
        WriteTransaction(frame.AsSpan(0, TransactionLength), address, Mlx90614Command.ObjectTemperature1, objectWord);
        WriteTransaction(frame.AsSpan(TransactionLength), address, Mlx90614Command.AmbientTemperature, ambientWord);
        return frame;
    }

    /// <summary>Fills the three bytes the gateway sends for a read word at <paramref name="address"/>.</summary>
    internal static void WriteRequest(Span<byte> transaction, int address, Mlx90614Command command)
    {
        transaction[0] = (byte)(address << 1);
        transaction[1] = (byte)command;
        transaction[2] = (byte)((address << 1) | 1);
    }

    private static void WriteTransaction(Span<byte> transaction, int address, Mlx90614Command command, ushort word)
    {
        WriteRequest(transaction, address, command);
        transaction[3] = (byte)word;
        transaction[4] = (byte)(word >> 8);
        transaction[5] = SmbusPec.Compute(transaction[..5]);
    }
}
