namespace EdgeGateway.DeviceDrivers.Simulation;

/// <summary>
/// A simulated device that answers (a memory download): it is given the bytes the gateway sends, in
/// whatever pieces they arrive, and returns the bytes the device would send back.
/// </summary>
public interface IAnsweringSimulator
{
    /// <summary>The protocol name whose session talks to it.</summary>
    string Protocol { get; }

    /// <summary>Takes bytes from the gateway; returns what the device answers to them (empty when nothing yet).</summary>
    byte[] Receive(ReadOnlySpan<byte> fromGateway);
}
