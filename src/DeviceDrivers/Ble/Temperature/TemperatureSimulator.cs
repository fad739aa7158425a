using EdgeGateway.DeviceDrivers.Ble.Common;
using EdgeGateway.DeviceDrivers.Simulation;

namespace EdgeGateway.DeviceDrivers.Ble.Temperature;

/// <summary>One thermometer reading as a device would send it: mantissa × 10^exponent.</summary>
/// <param name="Mantissa">The FLOAT mantissa (3712 with exponent −2 is 37.12).</param>
/// <param name="Exponent">The FLOAT exponent.</param>
/// <param name="Fahrenheit">The value is in °F.</param>
/// <param name="Time">The device clock's local time, or null for none.</param>
/// <param name="Type">Where it was measured, or null for none.</param>
public sealed record TemperatureSample(int Mantissa, int Exponent, bool Fahrenheit, DateTime? Time, TemperatureType? Type);

/// <summary>Writes the 0x2A1C / 0x2A1E bytes for a sample (the inverse of <see cref="TemperatureDecoder"/>).</summary>
public static class TemperatureEncoder
{
    /// <summary>The bytes a thermometer indicates for <paramref name="sample"/>.</summary>
    public static byte[] Encode(TemperatureSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var flags = TemperatureFlags.None;
        if (sample.Fahrenheit) flags |= TemperatureFlags.Fahrenheit;
        if (sample.Time is not null) flags |= TemperatureFlags.TimeStampPresent;
        if (sample.Type is not null) flags |= TemperatureFlags.TemperatureTypePresent;
        var writer = new FieldWriter().UInt8((int)flags).Float(sample.Mantissa, sample.Exponent);
        if (sample.Time is { } time) writer.DateTime(time);
        if (sample.Type is { } type) writer.UInt8((int)type);
        return writer.ToArray();
    }
}

/// <summary>A simulated ear thermometer: body temperatures around 37 °C, to the hundredth, with the device's clock.</summary>
public sealed class TemperatureSimulator(Random random, TimeProvider time) : IDeviceSimulator
{
    /// <inheritdoc />
    public string Protocol => TemperatureDecoder.ProtocolName;

    /// <inheritdoc />
    public byte[] NextFrame() =>
        TemperatureEncoder.Encode(new TemperatureSample(random.Next(3600, 3820), -2, false, SimulatorClock.Now(time), TemperatureType.Tympanum));
}
