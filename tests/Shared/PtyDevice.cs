using EdgeGateway.DeviceDrivers.Simulation;

namespace EdgeGateway.Tests.Shared;

/// <summary>
/// A simulated device that answers, played on the device end of a <see cref="SocatPair"/>: everything the
/// gateway writes reaches the simulator, every answer goes back. Pulling the cable ends it; plug the cable
/// back and start a new one (the same simulator keeps its memory).
/// </summary>
public sealed class PtyDevice : IDisposable
{
    private readonly FileStream _end;

    private PtyDevice(FileStream end, IAnsweringSimulator simulator)
    {
        _end = end;
        Running = AnsweringDevice.RunAsync(end, simulator, CancellationToken.None);
    }

    /// <summary>Ends when the cable is pulled.</summary>
    public Task Running { get; }

    /// <summary>Starts answering on <paramref name="cable"/>'s device end (the cable must be plugged).</summary>
    public static PtyDevice Start(SocatPair cable, IAnsweringSimulator simulator)
    {
        ArgumentNullException.ThrowIfNull(cable);
        return new PtyDevice(new FileStream(cable.DeviceEnd, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1, FileOptions.None), simulator);
    }

    /// <summary>Closes the device end (a read in progress ends when the cable is pulled).</summary>
    public void Dispose() => _end.Dispose();
}
