using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text;
using EdgeGateway.DeviceDrivers.Transports;
using EdgeGateway.DeviceDrivers.Transports.Links;

namespace EdgeGateway.DeviceDrivers.Astm;

/// <summary>The E1381 timers, shortened only by tests.</summary>
/// <param name="Receiver">How long the receiver waits for the next frame or EOT (E1381 §6.5.2.2: 30 s).</param>
public sealed record AstmTimeouts(TimeSpan Receiver)
{
    /// <summary>The standard's timers.</summary>
    public static AstmTimeouts Standard { get; } = new(TimeSpan.FromSeconds(30));
}

/// <summary>
/// The receiving side of ASTM E1381 (CLSI LIS01-A2) on one link: answers ENQ, checks each frame's
/// number (1…7, 0, 1…) and checksum, ACKs a good frame and NAKs a bad one (the sender sends it
/// again), ACKs again a frame it already has (its ACK was lost), joins ETB continuations, and hands
/// on each E1394 message — H to L — before acknowledging the frame that ends it, only once it is
/// durable. A sender that goes silent mid-transfer is timed out after 30 s; the whole records it had
/// sent (acknowledged, so delivered for the sender) are handed on, and the decoder reports the
/// message as cut; a record cut inside an intermediate frame is dropped.
/// </summary>
public sealed class AstmSession(AstmTimeouts? timeouts = null) : ILinkSession
{
    private const int MaxFrameLength = 64 * 1024;
    private readonly AstmTimeouts _timeouts = timeouts ?? AstmTimeouts.Standard;
    private long _framesRejected;
    private long _unfinished;

    /// <summary>Frames answered NAK (bad checksum, wrong number, malformed).</summary>
    public long FramesRejected => Interlocked.Read(ref _framesRejected);

    /// <summary>Transfers that ended (timer, new ENQ, EOT) before their message's terminator record.</summary>
    public long UnfinishedTransfers => Interlocked.Read(ref _unfinished);

    /// <inheritdoc />
    public async IAsyncEnumerable<ReceivedFrame> RunAsync(IByteLink link, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var transfer = false;
        var expected = 1;
        var records = new List<string>();
        var partial = new StringBuilder();
        while (true)
        {
            ReadResult? read;
            try
            {
                read = transfer
                    ? await link.ReadWithinAsync(_timeouts.Receiver, cancellationToken).ConfigureAwait(false)
                    : await link.Input.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
            {
                yield break;
            }

            if (read is not { } result)
            {
                // E1381 receiver timeout: the line is neutral again. Whole records already acknowledged
                // are handed on (the decoder says the message was cut); a record cut mid-frame is not whole.
                transfer = false;
                if (Unfinished(records, partial, link) is { } cut)
                {
                    yield return cut;
                }

                continue;
            }

            var buffer = result.Buffer;
            while (buffer.Length > 0)
            {
                var first = buffer.FirstSpan[0];
                if (!transfer)
                {
                    buffer = buffer.Slice(1);
                    if (first == AstmFrames.Enq)
                    {
                        transfer = true;
                        expected = 1;
                        records.Clear();
                        partial.Clear();
                        await link.WriteAsync(new[] { AstmFrames.Ack }, cancellationToken).ConfigureAwait(false);
                    }
                    else if (first != AstmFrames.Eot)
                    {
                        link.CountGarbage(1);
                    }

                    continue;
                }

                if (first == AstmFrames.Eot)
                {
                    buffer = buffer.Slice(1);
                    transfer = false;
                    if (Unfinished(records, partial, link) is { } ended)
                    {
                        yield return ended;
                    }

                    continue;
                }

                if (first == AstmFrames.Enq)
                {
                    // The sender started over: what it had sent of an unfinished message is dropped.
                    buffer = buffer.Slice(1);
                    expected = 1;
                    if (Unfinished(records, partial, link) is { } restarted)
                    {
                        yield return restarted;
                    }

                    await link.WriteAsync(new[] { AstmFrames.Ack }, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (first != AstmFrames.Stx)
                {
                    link.CountGarbage(1);
                    buffer = buffer.Slice(1);
                    continue;
                }

                var lf = buffer.PositionOf((byte)0x0A);
                if (lf is null)
                {
                    if (buffer.Length > MaxFrameLength)
                    {
                        link.CountGarbage(buffer.Length);
                        buffer = buffer.Slice(buffer.End);
                        Interlocked.Increment(ref _framesRejected);
                        LinkMetrics.FramesRejected.Add(1);
                        await link.WriteAsync(new[] { AstmFrames.Nak }, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                }

                var raw = buffer.Slice(0, buffer.GetPosition(1, lf.Value)).ToArray();
                buffer = buffer.Slice(buffer.GetPosition(1, lf.Value));
                if (!TryReadFrame(raw, out var number, out var text, out var last))
                {
                    Interlocked.Increment(ref _framesRejected);
                    LinkMetrics.FramesRejected.Add(1);
                    await link.WriteAsync(new[] { AstmFrames.Nak }, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (number != expected)
                {
                    // The frame we acknowledged last, sent again because our ACK was lost: acknowledged, not taken twice.
                    var repeat = number == ((expected + 7) % 8);
                    if (!repeat)
                    {
                        Interlocked.Increment(ref _framesRejected);
                        LinkMetrics.FramesRejected.Add(1);
                    }

                    await link.WriteAsync(new[] { repeat ? AstmFrames.Ack : AstmFrames.Nak }, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                // Taken only if acknowledged: a NAKed frame comes again, and what it completed with it.
                var pending = new List<string>(records);
                var continued = partial.ToString() + text;
                if (last)
                {
                    pending.AddRange(continued.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
                    continued = "";
                }

                var taken = true;
                var terminator = pending.FindLastIndex(record => record.StartsWith('L'));
                if (terminator >= 0)
                {
                    // The message is whole: handed on, and its last frame acknowledged only once durable.
                    var receipt = new FrameReceipt();
                    yield return Message(pending.GetRange(0, terminator + 1), link.Time.GetUtcNow(), receipt);
                    taken = receipt.Handled && !receipt.StoreFailed;
                    pending.RemoveRange(0, terminator + 1);
                }

                if (!taken)
                {
                    // Not stored (a full disk): NAK, and the sender sends this frame again.
                    Interlocked.Increment(ref _framesRejected);
                    LinkMetrics.FramesRejected.Add(1);
                    await link.WriteAsync(new[] { AstmFrames.Nak }, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                records = pending;
                partial.Clear().Append(continued);
                expected = (expected + 1) % 8;
                await link.WriteAsync(new[] { AstmFrames.Ack }, cancellationToken).ConfigureAwait(false);
            }

            link.Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                yield break;
            }
        }
    }

    /// <summary>
    /// What a transfer that ended before its terminator record leaves: its whole records (every frame of
    /// them was acknowledged, so the sender counts them as delivered), or null. Both lists are cleared.
    /// </summary>
    private ReceivedFrame? Unfinished(List<string> records, StringBuilder partial, IByteLink link)
    {
        if (records.Count == 0 && partial.Length == 0)
        {
            return null;
        }

        Interlocked.Increment(ref _unfinished);
        LinkMetrics.TransfersUnfinished.Add(1);
        link.CountGarbage(partial.Length);
        partial.Clear();
        if (records.Count == 0)
        {
            return null;
        }

        var frame = Message(records, link.Time.GetUtcNow(), new FrameReceipt());
        records.Clear();
        return frame;
    }

    private static ReceivedFrame Message(List<string> records, DateTimeOffset at, FrameReceipt receipt) =>
        new(Encoding.Latin1.GetBytes(string.Join('\r', records) + "\r"), at, Receipt: receipt);

    /// <summary>Checks one frame <c>STX FN text ETB|ETX C1 C2 CR LF</c>.</summary>
    internal static bool TryReadFrame(ReadOnlySpan<byte> raw, out int number, out string text, out bool last)
    {
        number = 0;
        text = "";
        last = false;
        // STX FN ETX C1 C2 CR LF at least.
        if (raw.Length < 7 || raw[0] != AstmFrames.Stx || raw[^1] != 0x0A || raw[^2] != 0x0D)
        {
            return false;
        }

        var terminator = raw[^5];
        if (terminator is not (AstmFrames.Etx or AstmFrames.Etb) || raw[1] is < (byte)'0' or > (byte)'7')
        {
            return false;
        }

        var body = raw[1..^4];
        var expected = AstmFrames.Checksum(body).ToString("X2", CultureInfo.InvariantCulture);
        if (char.ToUpperInvariant((char)raw[^4]) != expected[0] || char.ToUpperInvariant((char)raw[^3]) != expected[1])
        {
            return false;
        }

        var content = raw[2..^5];
        // Control characters inside the text mean a broken frame (E1381 §6.6.2).
        foreach (var b in content)
        {
            if (b is AstmFrames.Stx or AstmFrames.Etx or AstmFrames.Eot or AstmFrames.Enq or AstmFrames.Ack or AstmFrames.Nak or AstmFrames.Etb or 0x0A)
            {
                return false;
            }
        }

        number = raw[1] - '0';
        text = Encoding.Latin1.GetString(content);
        last = terminator == AstmFrames.Etx;
        return true;
    }
}
