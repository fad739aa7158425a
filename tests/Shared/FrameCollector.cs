using System.Collections.Concurrent;
using EdgeGateway.DeviceDrivers.Transports;

namespace EdgeGateway.Tests.Shared;

/// <summary>Reads a transport in the background into a queue the test watches, until the token stops it.</summary>
public static class FrameCollector
{
    public static (ConcurrentQueue<ReceivedFrame> Frames, Task Reader) Start(IFrameTransport transport, CancellationToken stop)
    {
        ArgumentNullException.ThrowIfNull(transport);
        var frames = new ConcurrentQueue<ReceivedFrame>();
        var reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var frame in transport.ReadFramesAsync(stop))
                {
                    frames.Enqueue(frame);
                }
            }
            catch (OperationCanceledException)
            {
                // The test is over.
            }
        });
        return (frames, reader);
    }
}
