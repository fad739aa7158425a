using System.Buffers;
using System.IO.Pipelines;

namespace EdgeGateway.DeviceDrivers.Transports.Links;

/// <summary>What a read with a deadline got: the bytes, or why there are none.</summary>
/// <param name="Bytes">The bytes read, or null.</param>
/// <param name="Ended">The link ended (unplugged, closed): no answer will ever come.</param>
public readonly record struct LinkRead(byte[]? Bytes, bool Ended)
{
    /// <summary>Nothing came before the deadline; the link is still there.</summary>
    public bool TimedOut => Bytes is null && !Ended;
}

/// <summary>
/// Reads for sessions that ask and wait for an answer (a memory download): exactly so many bytes
/// within a deadline, what arrives until the device falls quiet, and dropping what came unasked.
/// </summary>
public static class LinkExchange
{
    /// <summary>Exactly <paramref name="count"/> bytes, all within <paramref name="timeout"/>; what follows stays for the next read.</summary>
    public static async Task<LinkRead> ReadExactlyAsync(this IByteLink link, int count, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var deadline = link.Time.GetUtcNow() + timeout;
        while (true)
        {
            var left = deadline - link.Time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                return new LinkRead(null, false);
            }

            ReadResult? read;
            try
            {
                read = await link.ReadWithinAsync(left, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException)
            {
                return new LinkRead(null, true);
            }

            if (read is not { } result)
            {
                return new LinkRead(null, false);
            }

            var buffer = result.Buffer;
            if (buffer.Length >= count)
            {
                var bytes = buffer.Slice(0, count).ToArray();
                link.Input.AdvanceTo(buffer.GetPosition(count));
                return new LinkRead(bytes, false);
            }

            link.Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                return new LinkRead(null, true);
            }
        }
    }

    /// <summary>
    /// What the device sends until it has been quiet for <paramref name="quiet"/> (or <paramref name="max"/>
    /// bytes came), the first byte within <paramref name="timeout"/>: an answer whose length is not known.
    /// </summary>
    public static async Task<LinkRead> ReadUntilQuietAsync(this IByteLink link, int max, TimeSpan timeout, TimeSpan quiet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var first = await link.ReadExactlyAsync(1, timeout, cancellationToken).ConfigureAwait(false);
        if (first.Bytes is not { } start)
        {
            return first;
        }

        var received = new List<byte>(start);
        while (received.Count < max)
        {
            ReadResult? read;
            try
            {
                read = await link.ReadWithinAsync(quiet, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException)
            {
                return new LinkRead([.. received], true);
            }

            if (read is not { } result)
            {
                break;
            }

            var buffer = result.Buffer;
            var take = Math.Min(buffer.Length, max - received.Count);
            received.AddRange(buffer.Slice(0, take).ToArray());
            link.Input.AdvanceTo(buffer.GetPosition(take));
            if (result.IsCompleted && take == buffer.Length)
            {
                return new LinkRead([.. received], true);
            }
        }

        return new LinkRead([.. received], false);
    }

    /// <summary>
    /// Drops what is pending and what still comes until the line has been quiet for <paramref name="quiet"/>
    /// (a late answer, the tail of a cut one), counting it as garbage. A device that never falls quiet is
    /// not waited for beyond a few reads: the next answer will say.
    /// </summary>
    public static async Task DrainAsync(this IByteLink link, TimeSpan quiet, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        await link.DiscardPendingAsync().ConfigureAwait(false);
        for (var read = 0; read < 8; read++)
        {
            var stale = await link.ReadUntilQuietAsync(4096, quiet, quiet, cancellationToken).ConfigureAwait(false);
            if (stale.Bytes is not { } bytes)
            {
                return;
            }

            link.CountGarbage(bytes.Length);
            if (stale.Ended)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Drops what arrived unasked (a late answer, the rest of a cut one, noise) before a new question,
    /// counting it as garbage. The pending read is cancelled so that bytes a timed-out read had already
    /// looked at come back too (<see cref="PipeReader.TryRead"/> does not return those).
    /// </summary>
    public static async ValueTask DiscardPendingAsync(this IByteLink link)
    {
        ArgumentNullException.ThrowIfNull(link);
        try
        {
            link.Input.CancelPendingRead();
            var result = await link.Input.ReadAsync().ConfigureAwait(false);
            link.CountGarbage(result.Buffer.Length);
            link.Input.AdvanceTo(result.Buffer.End);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            // The link ended: the next read says so.
        }
    }
}
