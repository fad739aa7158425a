using System.Device.I2c;

namespace EdgeGateway.DeviceDrivers.Transports.I2c;

/// <summary>
/// What one kind of I2C sensor is read for: the transactions of one poll, and whether the result
/// is a frame worth passing on. Implemented next to the sensor's decoder (e.g. <c>Sensors/Mlx90614</c>);
/// <see cref="I2cSensorTransport"/> owns the bus, the period and the reconnection.
/// </summary>
public interface II2cSensor
{
    /// <summary>The sensor's name, for logs (e.g. <c>MLX90614</c>).</summary>
    string Name { get; }

    /// <summary>
    /// Reads one poll from <paramref name="device"/>. A transfer the bus refuses (the device does
    /// not acknowledge: absent, unplugged) throws <see cref="IOException"/>, as <see cref="I2cDevice"/> does.
    /// </summary>
    I2cSample Read(I2cDevice device);
}

/// <summary>One poll's bytes and what to do with them.</summary>
/// <param name="Frame">The bytes of the poll's transactions as on the wire (kept for audit when passed on).</param>
/// <param name="Status">Whether it is passed on, held back, or a fault to count.</param>
public readonly record struct I2cSample(byte[] Frame, I2cSampleStatus Status);

/// <summary>What a poll yielded.</summary>
public enum I2cSampleStatus : byte
{
    /// <summary>A frame to pass on to the decoder.</summary>
    Emit,
    /// <summary>A good read that is not a measurement to keep (e.g. nobody in front of a thermometer).</summary>
    Hold,
    /// <summary>A transfer corrupted on the bus (bad PEC): counted, and read again at the next poll.</summary>
    BadChecksum,
    /// <summary>The device answered but flagged its own value as in error, or sent one it cannot hold: counted.</summary>
    DeviceError,
}
