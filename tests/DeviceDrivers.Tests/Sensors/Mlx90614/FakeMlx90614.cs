using System.Device.I2c;

namespace EdgeGateway.DeviceDrivers.Tests.Sensors.Mlx90614;

/// <summary>
/// An MLX90614 on a bus, emulated: its RAM words, whether it is plugged in, whether the bus exists,
/// and faults to inject. <see cref="Open"/> is what <c>I2cDevice.Create</c> would do; every device it
/// returns answers from the same chip, as real handles to one address do.
/// </summary>
internal sealed class FakeMlx90614(int busId = 1, int address = 0x5A)
{
    private readonly List<Device> _opened = [];

    /// <summary>RAM 0x07 (T_OBJ1).</summary>
    public ushort ObjectWord { get; set; }

    /// <summary>RAM 0x06 (T_A).</summary>
    public ushort AmbientWord { get; set; }

    /// <summary>Unplugged: every transfer is not acknowledged (the kernel's EREMOTEIO, an IOException).</summary>
    public bool Plugged { get; set; } = true;

    /// <summary>No /dev/i2c-N (the bus is not enabled): opening fails.</summary>
    public bool BusPresent { get; set; } = true;

    /// <summary>How many of the next read words come back with a PEC one bit off (noise on the bus).</summary>
    public int CorruptPecs { get; set; }

    /// <summary>Read words answered.</summary>
    public int Transfers { get; private set; }

    public int BusId => busId;

    public int Address => address;

    /// <summary>Devices opened so far (the first open and every reopen).</summary>
    public int Opens
    {
        get
        {
            lock (_opened)
            {
                return _opened.Count;
            }
        }
    }

    /// <summary>Devices opened and not yet disposed.</summary>
    public int OpenNow
    {
        get
        {
            lock (_opened)
            {
                return _opened.Count(device => !device.Disposed);
            }
        }
    }

    public I2cDevice Open()
    {
        if (!BusPresent)
        {
            throw new IOException($"Error 2. Can not open I2C device file '/dev/i2c-{busId}'.");
        }

        var device = new Device(this);
        lock (_opened)
        {
            _opened.Add(device);
        }

        return device;
    }

    public void Show(decimal objectCelsius, decimal ambientCelsius)
    {
        ObjectWord = Word(objectCelsius);
        AmbientWord = Word(ambientCelsius);
    }

    /// <summary>The RAM word for a temperature, computed here from the datasheet (0.02 K per bit) rather than by the code under test.</summary>
    public static ushort Word(decimal celsius) => (ushort)Math.Round((celsius + 273.15m) * 50m);

    private void Answer(ReadOnlySpan<byte> command, Span<byte> answer)
    {
        if (!Plugged)
        {
            throw new IOException("Error 121 performing I2C data transfer.");
        }

        // The sensor supports read word only (datasheet §8.4.2): one command byte, three bytes back.
        if (command.Length != 1 || answer.Length != 3 || command[0] is not (0x06 or 0x07))
        {
            throw new IOException("Error 121 performing I2C data transfer.");
        }

        var word = command[0] == 0x07 ? ObjectWord : AmbientWord;
        answer[0] = (byte)word;
        answer[1] = (byte)(word >> 8);
        answer[2] = Crc8([(byte)(address << 1), command[0], (byte)((address << 1) | 1), answer[0], answer[1]]);
        if (CorruptPecs > 0)
        {
            CorruptPecs--;
            answer[2] ^= 0x01;
        }

        Transfers++;
    }

    // CRC-8, polynomial 0x07, MSB first (datasheet §8.4.3.1), written out again so the fake does not lean on SmbusPec.
    private static byte Crc8(ReadOnlySpan<byte> bytes)
    {
        byte crc = 0;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++)
            {
                crc = (byte)((crc & 0x80) != 0 ? (crc << 1) ^ 0x07 : crc << 1);
            }
        }

        return crc;
    }

    private sealed class Device(FakeMlx90614 chip) : I2cDevice
    {
        public bool Disposed { get; private set; }

        public override I2cConnectionSettings ConnectionSettings => new(chip.BusId, chip.Address);

        public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
        {
            ObjectDisposedException.ThrowIf(Disposed, this);
            chip.Answer(writeBuffer, readBuffer);
        }

        public override byte ReadByte() => throw Unsupported();

        public override void Read(Span<byte> buffer) => throw Unsupported();

        public override void WriteByte(byte value) => throw Unsupported();

        public override void Write(ReadOnlySpan<byte> buffer) => throw Unsupported();

        protected override void Dispose(bool disposing)
        {
            Disposed = true;
            base.Dispose(disposing);
        }

        // Byte commands are not among the two SMBus protocols the sensor supports (datasheet §8.4.2).
        private static IOException Unsupported() => new("Error 121 performing I2C data transfer.");
    }
}
