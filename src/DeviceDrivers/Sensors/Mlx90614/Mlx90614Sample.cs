using System.Buffers.Binary;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Transports.I2c;

namespace EdgeGateway.DeviceDrivers.Sensors.Mlx90614;

/// <summary>The two temperature words of one checked frame (see <see cref="Mlx90614Wire"/>).</summary>
/// <param name="ObjectWord">RAM 0x07, T<sub>OBJ1</sub>, as sent (error flag included).</param>
/// <param name="AmbientWord">RAM 0x06, T<sub>A</sub>, as sent.</param>
public readonly record struct Mlx90614Sample(ushort ObjectWord, ushort AmbientWord)
{
    /// <summary>The lowest object temperature taken for a human skin surface (a forehead in a cold room).</summary>
    public const decimal SkinLowest = 30.00m;

    /// <summary>The highest object temperature taken for a human skin surface (above the highest fevers).</summary>
    public const decimal SkinHighest = 43.00m;

    /// <summary>How much warmer than the sensor itself a skin surface must read: a wall or the air reads about the sensor's own temperature.</summary>
    public const decimal SkinAboveAmbient = 1.00m;

    /// <summary>The sensor flagged either temperature as in error.</summary>
    public bool InError => ((ObjectWord | AmbientWord) & Mlx90614Wire.ErrorFlag) != 0;

    /// <summary>The object (target surface) temperature in °C.</summary>
    public decimal ObjectCelsius => Mlx90614Wire.Celsius(ObjectWord);

    /// <summary>The ambient (sensor die) temperature in °C.</summary>
    public decimal AmbientCelsius => Mlx90614Wire.Celsius(AmbientWord);

    /// <summary>
    /// The sensor plausibly sees a person's skin: no error, an object temperature from
    /// <see cref="SkinLowest"/> to <see cref="SkinHighest"/>, and at least <see cref="SkinAboveAmbient"/>
    /// above the sensor's own temperature.
    /// </summary>
    public bool LooksLikeSkin => !InError && ObjectCelsius is >= SkinLowest and <= SkinHighest && ObjectCelsius - AmbientCelsius >= SkinAboveAmbient;

    /// <summary>Checks a frame's layout and PECs; null and the words, or the first thing wrong.</summary>
    public static DecodeError? TryParse(ReadOnlySpan<byte> frame, out Mlx90614Sample sample)
    {
        sample = default;
        if (frame.Length != Mlx90614Wire.FrameLength)
        {
            return frame.Length < Mlx90614Wire.FrameLength
                ? new DecodeError(DecodeErrorKind.TooShort, $"an MLX90614 frame is two {Mlx90614Wire.TransactionLength}-byte read-word transactions ({Mlx90614Wire.FrameLength} bytes), got {frame.Length}", frame.Length)
                : new DecodeError(DecodeErrorKind.TrailingBytes, $"an MLX90614 frame is {Mlx90614Wire.FrameLength} bytes, got {frame.Length}", Mlx90614Wire.FrameLength);
        }

        var writeAddress = frame[0];
        if ((writeAddress & 1) != 0)
        {
            return new DecodeError(DecodeErrorKind.Malformed, $"byte 0 must be the slave address with the write bit clear, got 0x{writeAddress:X2}", 0);
        }

        var objectError = Transaction(frame, 0, writeAddress, Mlx90614Command.ObjectTemperature1, out var objectWord);
        if (objectError is not null)
        {
            return objectError;
        }

        var ambientError = Transaction(frame, Mlx90614Wire.TransactionLength, writeAddress, Mlx90614Command.AmbientTemperature, out var ambientWord);
        if (ambientError is not null)
        {
            return ambientError;
        }

        sample = new Mlx90614Sample(objectWord, ambientWord);
        return null;
    }

    private static DecodeError? Transaction(ReadOnlySpan<byte> frame, int start, byte writeAddress, Mlx90614Command command, out ushort word)
    {
        word = 0;
        var name = command == Mlx90614Command.ObjectTemperature1 ? "object temperature (RAM 0x07)" : "ambient temperature (RAM 0x06)";
        if (frame[start] != writeAddress)
        {
            return new DecodeError(DecodeErrorKind.Malformed, $"the {name} read is addressed to 0x{frame[start]:X2}, the first to 0x{writeAddress:X2}", start);
        }

        if (frame[start + 1] != (byte)command)
        {
            return new DecodeError(DecodeErrorKind.Malformed, $"byte {start + 1} must be the command 0x{(byte)command:X2} of the {name}, got 0x{frame[start + 1]:X2}", start + 1);
        }

        if (frame[start + 2] != (writeAddress | 1))
        {
            return new DecodeError(DecodeErrorKind.Malformed, $"byte {start + 2} must be the slave address with the read bit set (0x{writeAddress | 1:X2}), got 0x{frame[start + 2]:X2}", start + 2);
        }

        var pec = SmbusPec.Compute(frame.Slice(start, 5));
        if (frame[start + 5] != pec)
        {
            return new DecodeError(DecodeErrorKind.BadChecksum, $"the PEC of the {name} is 0x{frame[start + 5]:X2}, its bytes give 0x{pec:X2}", start + 5);
        }

        word = BinaryPrimitives.ReadUInt16LittleEndian(frame.Slice(start + 3, 2));
        if ((word & Mlx90614Wire.ErrorFlag) == 0 && word < Mlx90614Wire.MinimumWord)
        {
            return new DecodeError(DecodeErrorKind.InvalidField, $"the {name} word 0x{word:X4} is below 0x{Mlx90614Wire.MinimumWord:X4} (−70.01 °C), which no working sensor sends", start + 3);
        }

        return null;
    }
}
