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
/// durable. A sender that goes silent mid-transfer is timed out 30 s after the receiver's last answer,
/// and one that starts over (ENQ) ends its transfer: the unfinished message is discarded and counted
/// (LIS01-A2 §8.5.2; the analyser sends it again whole). A frame cut off by an STX, ENQ or EOT is
/// dropped and the control character handled.
/// </summary>
public sealed class AstmSession(AstmTimeouts? timeouts = null) : ILinkSession
{
    private const int MaxFrameLength = 64 * 1024;

    /// <summary>The longest E1394 message taken (its records and a record in progress).</summary>
    private const int MaxMessageLength = 1 << 20;

    private readonly AstmTimeouts _timeouts = timeouts ?? AstmTimeouts.Standard;
    private long _framesRejected;
    private long _unfinished;

    /// <summary>Frames answered NAK (bad checksum, wrong number, malformed, not stored).</summary>
    public long FramesRejected => Interlocked.Read(ref _framesRejected);

    /// <summary>Transfers that ended (timer, new ENQ) before their message was whole, or with a record cut mid-frame.</summary>
    public long UnfinishedTransfers => Interlocked.Read(ref _unfinished);

    /// <inheritdoc />
    public async IAsyncEnumerable<ReceivedFrame> RunAsync(IByteLink link, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var transfer = new Transfer();
        while (true)
        {
            ReadResult? read;
            try
            {
                // E1381 §8.5: in a transfer, the receiver waits 30 s for each frame or EOT after its last answer.
                read = transfer.Active
                    ? await link.ReadWithinAsync(Max(transfer.Deadline - link.Time.GetUtcNow(), TimeSpan.Zero), cancellationToken).ConfigureAwait(false)
                    : await link.Input.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
            {
                yield break;
            }

            if (read is not { } result)
            {
                // The sender went silent: the line is neutral again; its unfinished message is discarded
                // (LIS01-A2 §8.5.2) and the analyser sends it again whole.
                Abandon(transfer, link);
                continue;
            }

            var buffer = result.Buffer;
            while (buffer.Length > 0)
            {
                var first = buffer.FirstSpan[0];
                if (!transfer.Active)
                {
                    buffer = buffer.Slice(1);
                    if (first == AstmFrames.Enq)
                    {
                        transfer.Start();
                        await AnswerAsync(link, transfer, AstmFrames.Ack, cancellationToken).ConfigureAwait(false);
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
                    if (transfer.PartialLength > 0)
                    {
                        // A record left in an intermediate frame is not whole.
                        link.CountGarbage(transfer.PartialLength);
                        Unfinished();
                    }

                    ReceivedFrame? ended = transfer.Records.Count > 0 ? Message(transfer.Records, link.Time.GetUtcNow(), new FrameReceipt()) : null;
                    transfer.Stop();
                    if (ended is { } sent)
                    {
                        // Ended by EOT without its terminator record: the sender finished and every frame was
                        // acknowledged; the records are taken and the decoder says the message had no L.
                        yield return sent;
                    }

                    continue;
                }

                if (first == AstmFrames.Enq)
                {
                    // The sender started over: what it had sent of an unfinished message is discarded.
                    buffer = buffer.Slice(1);
                    Abandon(transfer, link);
                    transfer.Start();
                    await AnswerAsync(link, transfer, AstmFrames.Ack, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (first != AstmFrames.Stx)
                {
                    link.CountGarbage(1);
                    buffer = buffer.Slice(1);
                    continue;
                }

                // A frame runs to its LF; an STX, ENQ or EOT before that means it was cut off.
                var end = FrameEnd(buffer);
                if (end < 0)
                {
                    if (buffer.Length > MaxFrameLength)
                    {
                        link.CountGarbage(buffer.Length);
                        buffer = buffer.Slice(buffer.End);
                        Rejected();
                        await AnswerAsync(link, transfer, AstmFrames.Nak, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                }

                if (buffer.Slice(end, 1).FirstSpan[0] != 0x0A)
                {
                    // Cut off: the bytes so far are dropped; the control character is handled next.
                    link.CountGarbage(end);
                    buffer = buffer.Slice(end);
                    continue;
                }

                var raw = buffer.Slice(0, end + 1).ToArray();
                buffer = buffer.Slice(end + 1);
                if (!TryReadFrame(raw, out var number, out var text, out var last))
                {
                    Rejected();
                    await AnswerAsync(link, transfer, AstmFrames.Nak, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (number != transfer.Expected)
                {
                    // The frame acknowledged last, sent again because our ACK was lost: acknowledged, not taken twice.
                    var repeat = number == transfer.LastAccepted;
                    if (!repeat)
                    {
                        Rejected();
                    }

                    await AnswerAsync(link, transfer, repeat ? AstmFrames.Ack : AstmFrames.Nak, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (transfer.Length + text.Length > MaxMessageLength)
                {
                    // Far beyond any analyser's message: refused, and the line is neutral again.
                    Rejected();
                    Abandon(transfer, link);
                    await link.WriteAsync(new[] { AstmFrames.Nak }, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (!last)
                {
                    // An intermediate frame: the record goes on in the next one.
                    transfer.Continued(number, text);
                    await AnswerAsync(link, transfer, AstmFrames.Ack, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                // Taken only if acknowledged: a NAKed frame comes again, and what it completed with it.
                var completed = (transfer.Partial + text).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).ToList();
                var terminator = completed.FindLastIndex(record => record.StartsWith('L'));
                if (terminator >= 0)
                {
                    // The message is whole: handed on, and its last frame acknowledged only once durable.
                    var receipt = new FrameReceipt();
                    yield return Message([.. transfer.Records, .. completed.GetRange(0, terminator + 1)], link.Time.GetUtcNow(), receipt);
                    if (!receipt.Handled || receipt.StoreFailed)
                    {
                        // Not stored (a full disk): NAK, and the sender sends this frame again.
                        Rejected();
                        await AnswerAsync(link, transfer, AstmFrames.Nak, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    transfer.MessageTaken();
                    completed.RemoveRange(0, terminator + 1);
                }

                transfer.Completed(number, completed);
                await AnswerAsync(link, transfer, AstmFrames.Ack, cancellationToken).ConfigureAwait(false);
            }

            link.Input.AdvanceTo(buffer.Start, buffer.End);
            if (result.IsCompleted)
            {
                yield break;
            }
        }
    }

    /// <summary>One transfer's state, from ENQ to EOT.</summary>
    private sealed class Transfer
    {
        private readonly StringBuilder _partial = new();

        public bool Active { get; private set; }

        public int Expected { get; private set; } = 1;

        /// <summary>The number of the frame acknowledged last in this transfer; null before the first.</summary>
        public int? LastAccepted { get; private set; }

        /// <summary>The whole records of the message in progress.</summary>
        public List<string> Records { get; } = [];

        /// <summary>A record begun in intermediate (ETB) frames.</summary>
        public string Partial => _partial.ToString();

        public int PartialLength => _partial.Length;

        /// <summary>Characters held for the message in progress.</summary>
        public long Length { get; private set; }

        /// <summary>When the receiver's timer runs out (30 s after its last answer).</summary>
        public DateTimeOffset Deadline { get; set; }

        public void Start()
        {
            Stop();
            Active = true;
        }

        public void Continued(int number, string text)
        {
            Next(number);
            _partial.Append(text);
            Length += text.Length;
        }

        public void MessageTaken()
        {
            Records.Clear();
            Length = 0;
        }

        public void Completed(int number, List<string> records)
        {
            Next(number);
            Length += records.Sum(r => (long)r.Length + 1) - _partial.Length;
            _partial.Clear();
            Records.AddRange(records);
        }

        public void Stop()
        {
            Active = false;
            Expected = 1;
            LastAccepted = null;
            Records.Clear();
            _partial.Clear();
            Length = 0;
        }

        private void Next(int number)
        {
            LastAccepted = number;
            Expected = (number + 1) % 8;
        }
    }

    private async Task AnswerAsync(IByteLink link, Transfer transfer, byte answer, CancellationToken cancellationToken)
    {
        await link.WriteAsync(new[] { answer }, cancellationToken).ConfigureAwait(false);
        transfer.Deadline = link.Time.GetUtcNow() + _timeouts.Receiver;
    }

    /// <summary>Ends a transfer that did not finish: its records are discarded and the cut is counted.</summary>
    private void Abandon(Transfer transfer, IByteLink link)
    {
        if (transfer.Records.Count > 0 || transfer.PartialLength > 0)
        {
            link.CountGarbage(transfer.Length);
            Unfinished();
        }

        transfer.Stop();
    }

    private void Rejected()
    {
        Interlocked.Increment(ref _framesRejected);
        LinkMetrics.FramesRejected.Add(1);
    }

    private void Unfinished()
    {
        Interlocked.Increment(ref _unfinished);
        LinkMetrics.TransfersUnfinished.Add(1);
    }

    /// <summary>Where the frame at the buffer's start ends (its LF), or is cut off (an STX, ENQ or EOT); -1 when neither has come.</summary>
    private static long FrameEnd(ReadOnlySequence<byte> buffer)
    {
        long index = 0;
        foreach (var segment in buffer)
        {
            var span = segment.Span;
            for (var i = 0; i < span.Length; i++, index++)
            {
                if (index > 0 && span[i] is 0x0A or AstmFrames.Stx or AstmFrames.Enq or AstmFrames.Eot)
                {
                    return index;
                }
            }
        }

        return -1;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

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
