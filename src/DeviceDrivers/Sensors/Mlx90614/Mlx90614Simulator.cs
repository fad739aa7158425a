using EdgeGateway.DeviceDrivers.Simulation;

namespace EdgeGateway.DeviceDrivers.Sensors.Mlx90614;

/// <summary>A simulated MLX90614 aimed at a forehead: skin temperatures around 35 °C in a room around 24 °C, to the sensor's step.</summary>
public sealed class Mlx90614Simulator(Random random) : IDeviceSimulator
{
    /// <inheritdoc />
    public string Protocol => Mlx90614Decoder.ProtocolName;

    /// <inheritdoc />
    public byte[] NextFrame() => Mlx90614Wire.Encode(
        Mlx90614Wire.Word(34.0m + (random.Next(0, 151) / 100m)),
        Mlx90614Wire.Word(22.0m + (random.Next(0, 401) / 100m)));
}
