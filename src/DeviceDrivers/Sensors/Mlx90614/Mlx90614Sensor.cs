using System.Device.I2c;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Transports.I2c;

namespace EdgeGateway.DeviceDrivers.Sensors.Mlx90614;

/// <summary>Which polls of an MLX90614 become readings.</summary>
public enum Mlx90614Emission : byte
{
    /// <summary>One reading per person presented to the sensor, once the temperature settled (<see cref="SkinPresentation"/>). The default.</summary>
    OnPresentation,
    /// <summary>Every poll the sensor answered with good PECs (a sensor aimed at a patient for monitoring; let stream sampling thin them).</summary>
    EveryPoll,
}

/// <summary>
/// The MLX90614 bound to <see cref="I2cSensorTransport"/>: each poll is two SMBus read words, the
/// object temperature (RAM 0x07) then the ambient temperature (RAM 0x06), each answered with its
/// low byte, high byte and PEC (datasheet §8.4.3.1). The frame passed on is those two transactions
/// as on the wire (<see cref="Mlx90614Wire"/>), so the reading keeps what the sensor said.
/// </summary>
/// <param name="emission">Which polls are passed on.</param>
public sealed class Mlx90614Sensor(Mlx90614Emission emission = Mlx90614Emission.OnPresentation) : II2cSensor
{
    /// <summary>The default period: three polls make a settled measurement in three seconds.</summary>
    public static readonly TimeSpan DefaultPeriod = TimeSpan.FromSeconds(1);

    private readonly SkinPresentation _presentation = new();

    /// <inheritdoc />
    public string Name => "MLX90614";

    /// <inheritdoc />
    public I2cSample Read(I2cDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var address = device.ConnectionSettings.DeviceAddress;
        var frame = new byte[Mlx90614Wire.FrameLength];
        ReadWord(device, address, Mlx90614Command.ObjectTemperature1, frame.AsSpan(0, Mlx90614Wire.TransactionLength));
        ReadWord(device, address, Mlx90614Command.AmbientTemperature, frame.AsSpan(Mlx90614Wire.TransactionLength));

        if (Mlx90614Sample.TryParse(frame, out var sample) is { } error)
        {
            return new I2cSample(frame, error.Kind == DecodeErrorKind.BadChecksum ? I2cSampleStatus.BadChecksum : I2cSampleStatus.DeviceError);
        }

        if (emission == Mlx90614Emission.EveryPoll)
        {
            // An error flag is passed on too: the decoder makes it a reading without a number.
            return new I2cSample(frame, I2cSampleStatus.Emit);
        }

        if (sample.InError)
        {
            _presentation.Offer(sample);
            return new I2cSample(frame, I2cSampleStatus.DeviceError);
        }

        return new I2cSample(frame, _presentation.Offer(sample) ? I2cSampleStatus.Emit : I2cSampleStatus.Hold);
    }

    /// <summary>
    /// One SMBus read word: the command is written, then — after a repeated start, which
    /// <see cref="I2cDevice.WriteRead"/> sends — low byte, high byte and PEC are read.
    /// </summary>
    private static void ReadWord(I2cDevice device, int address, Mlx90614Command command, Span<byte> transaction)
    {
        Mlx90614Wire.WriteRequest(transaction, address, command);
        device.WriteRead(transaction.Slice(1, 1), transaction[3..]);
    }
}
