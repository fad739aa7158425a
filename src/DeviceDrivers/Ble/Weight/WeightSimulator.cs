using EdgeGateway.DeviceDrivers.Ble.Common;
using EdgeGateway.DeviceDrivers.Simulation;

namespace EdgeGateway.DeviceDrivers.Ble.Weight;

/// <summary>One scale reading in raw steps (0.005 kg or 0.01 lb; BMI 0.1 kg/m²; height 0.001 m or 0.1 in).</summary>
/// <param name="WeightSteps">The raw weight (0xFFFF: measurement unsuccessful).</param>
/// <param name="Imperial">Pounds and inches instead of kilograms and metres.</param>
/// <param name="Time">The device clock's local time, or null for none.</param>
/// <param name="UserId">The scale's user slot, or null for none.</param>
/// <param name="BmiAndHeightSteps">BMI and height, raw, or null for none.</param>
public sealed record WeightSample(ushort WeightSteps, bool Imperial, DateTime? Time, byte? UserId, (ushort Bmi, ushort Height)? BmiAndHeightSteps);

/// <summary>Writes the 0x2A9D bytes (the inverse of <see cref="WeightDecoder"/>).</summary>
public static class WeightEncoder
{
    /// <summary>The bytes a scale indicates for <paramref name="sample"/>.</summary>
    public static byte[] Encode(WeightSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var flags = sample.Imperial ? WeightFlags.Imperial : WeightFlags.None;
        if (sample.Time is not null) flags |= WeightFlags.TimeStampPresent;
        if (sample.UserId is not null) flags |= WeightFlags.UserIdPresent;
        if (sample.BmiAndHeightSteps is not null) flags |= WeightFlags.BmiAndHeightPresent;
        var writer = new FieldWriter().UInt8((int)flags).UInt16(sample.WeightSteps);
        if (sample.Time is { } time) writer.DateTime(time);
        if (sample.UserId is { } user) writer.UInt8(user);
        if (sample.BmiAndHeightSteps is { } extra) writer.UInt16(extra.Bmi).UInt16(extra.Height);
        return writer.ToArray();
    }
}

/// <summary>A simulated scale with a height setting: adult weights to 50 g, with BMI for a 1.72 m user.</summary>
public sealed class WeightSimulator(Random random, TimeProvider time) : IDeviceSimulator
{
    private const int HeightMillimetres = 1720;

    /// <inheritdoc />
    public string Protocol => WeightDecoder.ProtocolName;

    /// <inheritdoc />
    public byte[] NextFrame()
    {
        var grams = random.Next(55_000, 95_000) / 50 * 50;
        var bmiTenths = (int)Math.Round(grams / 1000.0 / (HeightMillimetres / 1000.0 * HeightMillimetres / 1000.0) * 10);
        return WeightEncoder.Encode(new WeightSample((ushort)(grams / 5), false, SimulatorClock.Now(time), 1, ((ushort)bmiTenths, HeightMillimetres)));
    }
}
