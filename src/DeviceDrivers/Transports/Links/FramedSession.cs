using System.Runtime.CompilerServices;

namespace EdgeGateway.DeviceDrivers.Transports.Links;

/// <summary>
/// A device that talks by itself (an oximeter streaming, a monitor printing lines): a command on
/// open when its protocol has one, then every frame the framer finds.
/// </summary>
/// <param name="framer">Cuts the protocol's frames.</param>
/// <param name="onOpen">Sent each time the link opens (e.g. selecting the output format), or null.</param>
public sealed class FramedSession(IFramer framer, byte[]? onOpen = null) : ILinkSession
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

        await foreach (var frame in LinkReading.FramesAsync(link, framer, cancellationToken).ConfigureAwait(false))
        {
            yield return frame;
        }
    }
}
