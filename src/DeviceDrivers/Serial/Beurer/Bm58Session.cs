using System.Runtime.CompilerServices;
using System.Text;
using EdgeGateway.DeviceDrivers.Transports;
using EdgeGateway.DeviceDrivers.Transports.Links;

namespace EdgeGateway.DeviceDrivers.Serial.Beurer;

/// <summary>The BM58 conversation's timers, shortened only by tests.</summary>
/// <param name="Answer">How long an answer may take (4800 baud: 9 bytes take 19 ms; the drivers wait 0.5–1 s).</param>
/// <param name="Poll">How often "attention" is sent while the device is off or already downloaded.</param>
/// <param name="Quiet">The silence that ends the description (its length is not fixed by the sources: 32 bytes read, up to 128 allowed).</param>
/// <param name="Attempts">How many times a question is asked before the download is given up.</param>
public sealed record Bm58Timeouts(TimeSpan Answer, TimeSpan Poll, TimeSpan Quiet, int Attempts)
{
    /// <summary>The gateway's timers.</summary>
    public static Bm58Timeouts Standard { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3), TimeSpan.FromMilliseconds(300), 3);
}

/// <summary>
/// Downloads a Beurer BM58's memory each time it starts answering: "attention" (<c>AA</c> → <c>55</c>) every
/// few seconds; on the first answer, its description (<c>A4</c>), its record count (<c>A2</c>) and each record
/// (<c>A3 nn</c>), handed on as frames from memory; then only "attention" again until it stops answering
/// (switched off, unplugged), so the next time the user connects it is downloaded again (the Outbox keeps
/// each record once). A question unanswered after a few attempts ends the session: the transport opens the
/// port again later. A record that arrives whole but cannot be a record is asked again, then handed on for
/// the decoder to refuse, so one bad record does not hide the ones after it.
/// </summary>
public sealed class Bm58Session(Bm58Timeouts? timeouts = null) : ILinkSession, IDownloadSession
{
    private const int MaxDescription = 128;

    /// <summary>Records in a row without a usable answer after which the line is taken for bad and the session ends.</summary>
    private const int FailuresInARow = 3;

    private readonly List<DownloadFailure> _skipped = [];
    private readonly Bm58Timeouts _timeouts = timeouts ?? Bm58Timeouts.Standard;
    private readonly Bm58Decoder _decoder = new();
    private long _downloads;

    /// <summary>Downloads completed on this link.</summary>
    public long Downloads => Interlocked.Read(ref _downloads);

    /// <summary>What the device said it is (<c>A4</c>), printable ASCII only; null before the first download.</summary>
    public string? Description { get; private set; }

    /// <summary>Why the session ended, when a download failed.</summary>
    public DownloadFailure? Failure { get; private set; }

    /// <inheritdoc />
    public IReadOnlyList<DownloadFailure> Skipped => _skipped;

    /// <inheritdoc />
    public async IAsyncEnumerable<ReceivedFrame> RunAsync(IByteLink link, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var downloaded = false;
        while (true)
        {
            var attention = await AttentionAsync(link, cancellationToken).ConfigureAwait(false);
            if (attention.Stopped)
            {
                Failure = attention.Failure;
                yield break;
            }

            if (!attention.Value)
            {
                // Off, or not in PC mode: the next answer starts a new download.
                downloaded = false;
            }
            else if (!downloaded)
            {
                var count = await CountAsync(link, cancellationToken).ConfigureAwait(false);
                if (count.Stopped)
                {
                    Failure = count.Failure;
                    yield break;
                }

                var inARow = 0;
                for (var number = 1; number <= count.Value; number++)
                {
                    var record = await RecordAsync(link, number, cancellationToken).ConfigureAwait(false);
                    if (record.Stopped)
                    {
                        Failure = record.Failure;
                        yield break;
                    }

                    if (record.Failure is { } skipped)
                    {
                        // One record that never comes whole does not hide the ones after it; several in a row is a bad line.
                        _skipped.Add(skipped);
                        if (++inARow >= FailuresInARow)
                        {
                            Failure = skipped with { Message = $"{skipped.Message}; {FailuresInARow} records in a row" };
                            yield break;
                        }

                        continue;
                    }

                    inARow = 0;
                    if (record.Value is { } bytes)
                    {
                        yield return new ReceivedFrame(bytes, link.Time.GetUtcNow(), FromMemory: true);
                    }
                }

                downloaded = true;
                Interlocked.Increment(ref _downloads);
            }

            try
            {
                await Task.Delay(_timeouts.Poll, link.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    /// <summary><c>AA</c>: true when <c>55</c> came back, false when nothing (or something else) did.</summary>
    private async Task<Step<bool>> AttentionAsync(IByteLink link, CancellationToken cancellationToken)
    {
        try
        {
            await link.DiscardPendingAsync().ConfigureAwait(false);
            if (!await link.WriteAsync(new[] { (byte)Bm58Command.Attention }, cancellationToken).ConfigureAwait(false))
            {
                return Step<bool>.Stop(DownloadFailureKind.WriteFailed, "attention", "the port did not take the attention byte");
            }

            // Noise before the answer (a cable just plugged, a byte of something else) is skipped.
            var deadline = link.Time.GetUtcNow() + _timeouts.Answer;
            while (deadline > link.Time.GetUtcNow())
            {
                var read = await link.ReadExactlyAsync(1, deadline - link.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                if (read.Ended)
                {
                    return Step<bool>.Stop(DownloadFailureKind.LinkLost, "attention", "the port closed");
                }

                if (read.Bytes is not [var answer])
                {
                    break;
                }

                if (answer == (byte)Bm58Answer.Ready)
                {
                    // A clean "ready": nothing else follows it. A 55 inside noise starts nothing.
                    var more = await link.ReadExactlyAsync(1, _timeouts.Quiet, cancellationToken).ConfigureAwait(false);
                    if (more.Ended)
                    {
                        return Step<bool>.Stop(DownloadFailureKind.LinkLost, "attention", "the port closed");
                    }

                    if (more.Bytes is null)
                    {
                        return new(true);
                    }

                    link.CountGarbage(2);
                    await DrainAsync(link, cancellationToken).ConfigureAwait(false);
                    return new(false);
                }

                link.CountGarbage(1);
            }

            return new(false);
        }
        catch (OperationCanceledException)
        {
            return Step<bool>.Cancelled;
        }
    }

    /// <summary><c>A4</c> then <c>A2</c>: the description (kept) and the number of records.</summary>
    private async Task<Step<int>> CountAsync(IByteLink link, CancellationToken cancellationToken)
    {
        var description = await AskAsync(link, [(byte)Bm58Command.Identify], "description",
            () => link.ReadUntilQuietAsync(MaxDescription, _timeouts.Answer, _timeouts.Quiet, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (description.Stopped)
        {
            return new(0, description.Failure, true);
        }

        Description = new string([.. Encoding.ASCII.GetString(description.Value!).Where(c => c is >= ' ' and <= '~')]).Trim();
        var count = await AskAsync(link, [(byte)Bm58Command.RecordCount], "record count",
            () => link.ReadExactlyAsync(1, _timeouts.Answer, cancellationToken), cancellationToken).ConfigureAwait(false);
        return count.Stopped ? new(0, count.Failure, true) : new(count.Value![0]);
    }

    /// <summary>
    /// <c>A3 nn</c>: the record's 9 bytes, or null when the device has none under that number (<c>A9</c>).
    /// With no checksum and no record number in the answer, only a whole answer that starts with the
    /// record header, decodes and is not in the future is taken; after a partial or odd answer the line is
    /// left to go quiet before asking again (a late tail would shift the next answer). A record asked
    /// every time without such an answer is skipped (a failure that does not stop the session); one that
    /// arrives whole each time but cannot be a record is handed on for the decoder to refuse and count.
    /// </summary>
    private async Task<Step<byte[]?>> RecordAsync(IByteLink link, int number, CancellationToken cancellationToken)
    {
        var step = $"record {number}";
        byte[]? refused = null;
        var failure = DownloadFailureKind.NoAnswer;
        for (var attempt = 1; attempt <= _timeouts.Attempts; attempt++)
        {
            var first = await AskAsync(link, [(byte)Bm58Command.Record, (byte)number], step,
                () => link.ReadExactlyAsync(1, _timeouts.Answer, cancellationToken), cancellationToken).ConfigureAwait(false);
            if (first.Stopped)
            {
                return first.Failure is { Kind: DownloadFailureKind.NoAnswer } silent ? new(null, silent) : new(null, first.Failure, true);
            }

            if (first.Value is [(byte)Bm58Answer.NoRecord])
            {
                return new(null);
            }

            LinkRead rest;
            try
            {
                rest = await link.ReadExactlyAsync(Bm58Decoder.Length - 1, _timeouts.Answer, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return Step<byte[]?>.Cancelled;
            }

            if (rest.Ended)
            {
                return Step<byte[]?>.Stop(DownloadFailureKind.LinkLost, step, "the port closed mid-record");
            }

            if (rest.Bytes is null || first.Value![0] != (byte)Bm58Answer.RecordHeader)
            {
                // Cut, or not a record's start: whatever is still coming must not become the next answer.
                failure = DownloadFailureKind.Garbled;
                link.CountGarbage(1 + (rest.Bytes?.Length ?? 0));
                await DrainAsync(link, cancellationToken).ConfigureAwait(false);
                continue;
            }

            byte[] record = [first.Value[0], .. rest.Bytes];
            var decoded = _decoder.Decode(record);
            if (decoded.IsSuccess && decoded.Measurements[0].DeviceLocalTime is { } taken && taken > link.Time.GetLocalNow().DateTime.AddDays(1))
            {
                // A record from the future is a garbled one: asked again.
                failure = DownloadFailureKind.Garbled;
                await DrainAsync(link, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (decoded.IsSuccess)
            {
                return new(record);
            }

            // Whole but impossible (a date that does not exist): asked again, in case it was the line.
            refused = record;
        }

        return refused is not null ? new(refused)
            : new(null, new DownloadFailure(failure, step, $"no usable record after {_timeouts.Attempts} attempts; passed over"));
    }

    /// <summary>Reads and drops what comes until the line has been quiet for a moment.</summary>
    private Task DrainAsync(IByteLink link, CancellationToken cancellationToken) => link.DrainAsync(_timeouts.Quiet, cancellationToken);

    /// <summary>Sends <paramref name="question"/> until <paramref name="read"/> gets an answer, at most <see cref="Bm58Timeouts.Attempts"/> times.</summary>
    private async Task<Step<byte[]>> AskAsync(IByteLink link, byte[] question, string step, Func<Task<LinkRead>> read, CancellationToken cancellationToken)
    {
        try
        {
            for (var attempt = 1; attempt <= _timeouts.Attempts; attempt++)
            {
                await link.DiscardPendingAsync().ConfigureAwait(false);
                if (!await link.WriteAsync(question, cancellationToken).ConfigureAwait(false))
                {
                    return Step<byte[]>.Stop(DownloadFailureKind.WriteFailed, step, "the port did not take the question");
                }

                var answer = await read().ConfigureAwait(false);
                if (answer.Ended)
                {
                    return Step<byte[]>.Stop(DownloadFailureKind.LinkLost, step, "the port closed");
                }

                if (answer.Bytes is { Length: > 0 } bytes)
                {
                    return new(bytes);
                }
            }

            return Step<byte[]>.Stop(DownloadFailureKind.NoAnswer, step, $"no answer after {_timeouts.Attempts} attempts");
        }
        catch (OperationCanceledException)
        {
            return Step<byte[]>.Cancelled;
        }
    }
}
