using EdgeGateway.DeviceDrivers.Ble.Common;
using EdgeGateway.DeviceDrivers.Simulation;

namespace EdgeGateway.DeviceDrivers.Ble.HeartRate;

/// <summary>Writes 0x2A37 bytes (the inverse of <see cref="HeartRateDecoder"/>).</summary>
public static class HeartRateEncoder
{
    /// <summary>The bytes a sensor notifies: the rate (uint16 when above 255), contact, energy and RR intervals in 1/1024 s.</summary>
    public static byte[] Encode(int rate, bool? contactDetected, int? energyKilojoules, IReadOnlyList<int> rrIntervals)
    {
        ArgumentNullException.ThrowIfNull(rrIntervals);
        var flags = rate > byte.MaxValue ? HeartRateFlags.Value16Bit : HeartRateFlags.None;
        if (contactDetected is { } detected) flags |= HeartRateFlags.ContactSupported | (detected ? HeartRateFlags.ContactDetected : 0);
        if (energyKilojoules is not null) flags |= HeartRateFlags.EnergyExpendedPresent;
        if (rrIntervals.Count > 0) flags |= HeartRateFlags.RrIntervalsPresent;
        var writer = new FieldWriter().UInt8((int)flags);
        _ = rate > byte.MaxValue ? writer.UInt16(rate) : writer.UInt8(rate);
        if (energyKilojoules is { } energy) writer.UInt16(energy);
        foreach (var rr in rrIntervals) writer.UInt16(rr);
        return writer.ToArray();
    }
}

/// <summary>A simulated chest strap: a resting heart rate with its RR interval and skin contact.</summary>
public sealed class HeartRateSimulator(Random random) : IDeviceSimulator
{
    /// <inheritdoc />
    public string Protocol => HeartRateDecoder.ProtocolName;

    /// <inheritdoc />
    public byte[] NextFrame()
    {
        var rate = random.Next(58, 90);
        return HeartRateEncoder.Encode(rate, true, null, [60 * 1024 / rate]);
    }
}
