using EdgeGateway.DeviceDrivers.Sensors.Mlx90614;
using EdgeGateway.DeviceDrivers.Transports.I2c;

namespace EdgeGateway.DeviceDrivers.Protocols;

/// <summary>A protocol read from a sensor on an I2C bus: how a poll reads it, and its defaults.</summary>
/// <param name="CreateSensor">Makes the sensor binding (it may keep state between polls: one per device).</param>
/// <param name="DefaultAddress">The sensor's factory-default 7-bit address.</param>
/// <param name="DefaultPeriod">How often it is read by default.</param>
/// <param name="StoreEvery">How often a reading is kept by default (zero: every frame the sensor passes on).</param>
public sealed record I2cProtocol(Func<II2cSensor> CreateSensor, int DefaultAddress, TimeSpan DefaultPeriod, TimeSpan StoreEvery);

/// <summary>The protocols attached to an I2C bus, by name.</summary>
public static class I2cProtocols
{
    private static readonly Dictionary<string, I2cProtocol> All = new(StringComparer.Ordinal)
    {
        // Polled every second; one frame per person presented to the sensor, so every frame is kept.
        [Mlx90614Decoder.ProtocolName] = new(() => new Mlx90614Sensor(), Mlx90614Wire.DefaultAddress, Mlx90614Sensor.DefaultPeriod, TimeSpan.Zero),
    };

    /// <summary>Finds an I2C protocol by name.</summary>
    public static bool TryGet(string name, out I2cProtocol protocol) => All.TryGetValue(name, out protocol!);
}
