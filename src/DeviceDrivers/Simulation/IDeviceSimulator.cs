namespace EdgeGateway.DeviceDrivers.Simulation;

/// <summary>A simulated device: produces the real wire bytes of its protocol, one frame at a time.</summary>
public interface IDeviceSimulator
{
    /// <summary>The protocol name whose decoder reads these frames.</summary>
    string Protocol { get; }

    /// <summary>The next frame the device would send.</summary>
    byte[] NextFrame();
}
