using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Transports;
using EdgeGateway.SyncAgent.Outbox;

namespace EdgeGateway.Gateway.Ingest;

/// <summary>
/// Reads one device for the life of the gateway: frames from its transport into the ingestor.
/// A transport that fails is retried with capped exponential backoff; the gateway never needs a
/// restart because a device went away.
/// </summary>
public sealed class DeviceRunner(FrameIngestor ingestor, TimeProvider time, ILogger<DeviceRunner> logger)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(30);

    /// <summary>Runs until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(IFrameTransport transport, IFrameDecoder decoder, FrameSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(source);
        Log.DeviceStarted(logger, source.DeviceId, source.Protocol);
        var retry = FirstRetry;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var frame in transport.ReadFramesAsync(cancellationToken).ConfigureAwait(false))
                {
                    retry = FirstRetry;
                    try
                    {
                        await ingestor.IngestAsync(frame, decoder, source, cancellationToken).ConfigureAwait(false);
                    }
                    catch (OutboxException ex)
                    {
                        Log.StoreFailed(logger, source.DeviceId, ex);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Whatever one device's link throws, the gateway and the other devices go on.
                Log.DeviceLinkLost(logger, source.DeviceId, retry, ex);
            }

            try
            {
                await Task.Delay(retry, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }
    }
}
