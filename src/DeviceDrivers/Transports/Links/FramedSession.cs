using System.Runtime.CompilerServices;

namespace EdgeGateway.DeviceDrivers.Transports.Links;

/// <summary>A command a device wants at intervals, or it stops talking (a "stay connected").</summary>
/// <param name="Command">The bytes to send.</param>
/// <param name="Every">How often.</param>
public sealed record KeepAlive(byte[] Command, TimeSpan Every);

/// <summary>
/// A device that talks by itself (an oximeter streaming, a monitor printing lines): a command on
/// open when its protocol has one, a keep-alive when it wants one, then every frame the framer finds.
/// </summary>
/// <param name="framer">Cuts the protocol's frames.</param>
/// <param name="onOpen">Sent each time the link opens (e.g. selecting the output format), or null.</param>
/// <param name="keepAlive">Sent at intervals for as long as the link is open, or null.</param>
public sealed class FramedSession(IFramer framer, byte[]? onOpen = null, KeepAlive? keepAlive = null) : ILinkSession
{
    /// <inheritdoc />
    public async IAsyncEnumerable<ReceivedFrame> RunAsync(IByteLink link, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (onOpen is not null)
        {
            // Best effort: a device that ignores it still sends what it sends.
            await link.WriteAsync(onOpen, cancellationToken).ConfigureAwait(false);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var keeping = keepAlive is null ? Task.CompletedTask : KeepAliveAsync(link, keepAlive, stop.Token);
        try
        {
            await foreach (var frame in LinkReading.FramesAsync(link, framer, cancellationToken).ConfigureAwait(false))
            {
                yield return frame;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await keeping.ConfigureAwait(false);
        }
    }

    private static async Task KeepAliveAsync(IByteLink link, KeepAlive keepAlive, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await Task.Delay(keepAlive.Every, link.Time, cancellationToken).ConfigureAwait(false);
                await link.WriteAsync(keepAlive.Command, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The link closed or the gateway stops.
        }
    }
}
