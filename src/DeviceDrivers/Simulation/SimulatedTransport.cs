using System.Runtime.CompilerServices;
using EdgeGateway.DeviceDrivers.Transports;

namespace EdgeGateway.DeviceDrivers.Simulation;

/// <summary>
/// A transport whose "device" is an <see cref="IDeviceSimulator"/>: one frame every
/// <paramref name="interval"/>, on the injected clock. Used by demo mode; it carries real wire bytes.
/// </summary>
public sealed class SimulatedTransport(IDeviceSimulator simulator, TimeSpan interval, TimeProvider time) : IFrameTransport
{
    /// <inheritdoc />
    public TransportState State { get; private set; } = TransportState.Connecting;

    /// <inheritdoc />
    public async IAsyncEnumerable<ReceivedFrame> ReadFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        State = TransportState.Connected;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                yield return new ReceivedFrame(simulator.NextFrame(), time.GetUtcNow());
                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            State = TransportState.Disconnected;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
