using EdgeGateway.DeviceDrivers.Ble.Common;
using EdgeGateway.DeviceDrivers.Simulation;

namespace EdgeGateway.DeviceDrivers.Ble.BloodPressure;

/// <summary>
/// A simulated upper-arm cuff: plausible adult measurements, the device clock's local time,
/// now and then a status bit, as real 0x2A35 bytes.
/// </summary>
public sealed class BloodPressureSimulator(Random random, TimeProvider time) : IDeviceSimulator
{
    /// <inheritdoc />
    public string Protocol => BloodPressureDecoder.ProtocolName;

    /// <inheritdoc />
    public byte[] NextFrame()
    {
        var systolic = random.Next(105, 151);
        var diastolic = random.Next(62, Math.Min(96, systolic - 25));
        var mean = diastolic + ((systolic - diastolic) / 3);
        var pulse = random.Next(55, 96);
        var now = SimulatorClock.Now(time);
        BloodPressureStatus? status = random.Next(10) == 0 ? BloodPressureStatus.BodyMovement : BloodPressureStatus.None;
        return BloodPressureEncoder.Encode(new BloodPressureSample(systolic, diastolic, mean, pulse, now, 1, status));
    }
}
