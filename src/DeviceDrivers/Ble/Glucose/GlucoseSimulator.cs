using EdgeGateway.DeviceDrivers.Ble.Common;
using EdgeGateway.DeviceDrivers.Simulation;

namespace EdgeGateway.DeviceDrivers.Ble.Glucose;

/// <summary>One meter record as the meter stores and sends it.</summary>
/// <param name="Sequence">The meter's sequence number.</param>
/// <param name="BaseTime">The meter clock's local time.</param>
/// <param name="MilligramsPerDecilitre">The result, sent in kg/L with exponent −5 (so 1 mg/dL resolution).</param>
/// <param name="TypeAndLocation">Type (low nibble) and sample location (high nibble); 0x11 is capillary whole blood at the finger.</param>
/// <param name="SensorStatus">The sensor status annunciation, or null for none.</param>
/// <param name="Meal">The context's meal value, or null for no context.</param>
public sealed record GlucoseRecord(ushort Sequence, DateTime BaseTime, int MilligramsPerDecilitre, byte TypeAndLocation = 0x11, GlucoseSensorStatus? SensorStatus = null, byte? Meal = null);

/// <summary>Writes 0x2A18 (and 0x2A34) bytes (the inverse of <see cref="GlucoseDecoder"/>).</summary>
public static class GlucoseEncoder
{
    /// <summary>The Glucose Measurement value for <paramref name="record"/> (no time offset).</summary>
    public static byte[] EncodeMeasurement(GlucoseRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var flags = GlucoseFlags.ConcentrationPresent;
        if (record.SensorStatus is not null) flags |= GlucoseFlags.SensorStatusPresent;
        if (record.Meal is not null) flags |= GlucoseFlags.ContextFollows;
        var writer = new FieldWriter().UInt8((int)flags).UInt16(record.Sequence).DateTime(record.BaseTime)
            .SFloat(record.MilligramsPerDecilitre, -5).UInt8(record.TypeAndLocation);
        if (record.SensorStatus is { } status) writer.UInt16((int)status);
        return writer.ToArray();
    }

    /// <summary>The Glucose Measurement Context value for <paramref name="record"/>, or null when it has none.</summary>
    public static byte[]? EncodeContext(GlucoseRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return record.Meal is { } meal
            ? new FieldWriter().UInt8((int)GlucoseContextFlags.MealPresent).UInt16(record.Sequence).UInt8(meal).ToArray()
            : null;
    }

    /// <summary>The frame the decoder takes: the measurement, then its context when there is one.</summary>
    public static byte[] EncodeFrame(GlucoseRecord record) => [.. EncodeMeasurement(record), .. EncodeContext(record) ?? []];
}

/// <summary>A simulated glucose meter: capillary results, numbered like a real meter's memory, before or after a meal.</summary>
public sealed class GlucoseSimulator(Random random, TimeProvider time) : IDeviceSimulator
{
    private ushort _sequence;

    /// <inheritdoc />
    public string Protocol => GlucoseDecoder.ProtocolName;

    /// <inheritdoc />
    public byte[] NextFrame() => GlucoseEncoder.EncodeFrame(
        new GlucoseRecord(++_sequence, SimulatorClock.Now(time), random.Next(75, 180), Meal: (byte)random.Next(1, 3)));
}
