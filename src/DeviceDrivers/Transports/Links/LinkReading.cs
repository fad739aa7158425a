using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace EdgeGateway.DeviceDrivers.Transports.Links;

/// <summary>Reading a link: frames as a framer cuts them, and reads that give up after a protocol's timeout.</summary>
public static class LinkReading
{
    /// <summary>Every frame <paramref name="framer"/> finds on the link, until the link ends.</summary>
    public static async IAsyncEnumerable<ReceivedFrame> FramesAsync(IByteLink link, IFramer framer, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        while (true)
        {
            ReadResult result;
            try
            {
                result = await link.Input.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
            {
                // The link went away (unplugged, peer closed), or the gateway stops.
                yield break;
            }

            var buffer = result.Buffer;
            long garbage = 0;
            var frames = FrameCutter.Cut(framer, ref buffer, ref garbage);
            link.Input.AdvanceTo(buffer.Start, buffer.End);
            link.CountGarbage(garbage);
            var at = link.Time.GetUtcNow();
            foreach (var frame in frames)
            {
                yield return new ReceivedFrame(frame, at);
            }

            if (result.IsCompleted)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// Reads what has arrived, waiting at most <paramref name="timeout"/> for something new; null when
    /// nothing came in time. The caller advances <see cref="IByteLink.Input"/> as usual.
    /// </summary>
    public static async Task<ReadResult?> ReadWithinAsync(this IByteLink link, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        using var deadline = new CancellationTokenSource(timeout, link.Time);
        using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await link.Input.ReadAsync(both.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
