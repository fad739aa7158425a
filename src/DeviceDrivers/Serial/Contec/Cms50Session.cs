using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using EdgeGateway.DeviceDrivers.Transports;
using EdgeGateway.DeviceDrivers.Transports.Links;

namespace EdgeGateway.DeviceDrivers.Serial.Contec;

/// <summary>The CMS50 conversation's timers, shortened only by tests.</summary>
/// <param name="Answer">How long an answer to a question may take (115200 baud: a packet takes under a millisecond).</param>
/// <param name="Data">How long the device may fall silent within a recording's data (OSCAR's import gives it 2 s).</param>
/// <param name="KeepAlive">How often "stay connected" (AF) is sent: the device wants it at least every 5 s.</param>
/// <param name="Attempts">How many times a question (or a recording's data) is asked before it is given up.</param>
public sealed record Cms50Timeouts(TimeSpan Answer, TimeSpan Data, TimeSpan KeepAlive, int Attempts)
{
    /// <summary>The gateway's timers.</summary>
    public static Cms50Timeouts Standard { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3), 3);
}

/// <summary>
/// A CMS50 (protocol V7.0) each time its port opens: first its stored recordings that have a start time,
/// then its real-time stream. Real-time and stored data stopped (A7, A2); the users (AD → 10); each user's
/// recordings (A3 → 0A); for each, when it started (A5 → 07 date, 12 time), its length (A4 → 08) and its
/// samples (A6 → 0F, three a packet, one a second), handed on as <see cref="Cms50StoredSample"/> frames
/// from memory, each at start + its index in seconds. A recording whose start is no date — the CMS50D+,
/// which has no clock, says year 0 — is not downloaded: its samples would have no true time. Then A1 starts
/// the real-time packets, and "stay connected" (AF) goes every few seconds from the first question on.
/// <para>
/// Every connection downloads every dated recording again: the Outbox keeps each reading once (its device
/// time and values are its fingerprint), so a second download stores nothing new. A question unanswered
/// after a few attempts, or a recording cut short each time it is asked, ends the download with a typed
/// <see cref="Failure"/> — what came before is kept — and the real-time stream starts all the same; only a
/// link that is gone ends the session.
/// </para>
/// </summary>
/// <param name="timeouts">The timers (tests shorten them).</param>
/// <param name="downloadRecordings">Download the stored recordings first; false for the real-time stream only (the default configuration).</param>
public sealed class Cms50Session(Cms50Timeouts? timeouts = null, bool downloadRecordings = true) : ILinkSession, IDownloadSession
{
    /// <summary>The longest recording read (a week of samples; the devices keep 24 hours): a longer length is taken as garbled.</summary>
    public const long MaxSamples = 7 * 86_400;

    /// <summary>How long a data packet may take on top of <see cref="Cms50Timeouts.Data"/>, for the whole recording's deadline (8 bytes at 115200 baud take 0.7 ms).</summary>
    private static readonly TimeSpan PerPacket = TimeSpan.FromMilliseconds(3);

    private readonly Cms50Timeouts _timeouts = timeouts ?? Cms50Timeouts.Standard;
    private long _downloads;
    private long _undated;

    /// <summary>Recordings downloaded on this link.</summary>
    public long Downloads => Interlocked.Read(ref _downloads);

    /// <summary>Recordings left on the device because it gave no date and time for their start.</summary>
    public long Undated => Interlocked.Read(ref _undated);

    /// <summary>Why the download stopped, when it failed (the real-time stream went on), or why the session ended.</summary>
    public DownloadFailure? Failure { get; private set; }

    private readonly List<DownloadFailure> _skipped = [];

    /// <summary>Recordings passed over (asked again and again without a whole answer); the others were downloaded.</summary>
    public IReadOnlyList<DownloadFailure> Skipped => _skipped;

    /// <inheritdoc />
    public async IAsyncEnumerable<ReceivedFrame> RunAsync(IByteLink link, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var keeping = KeepAliveAsync(link, stop.Token);
        try
        {
            var packets = new PacketReader(link);
            var plan = downloadRecordings ? await UsersAsync(link, packets, cancellationToken).ConfigureAwait(false) : new Step<int>(0);
            var downloading = !plan.Stopped;
            for (var user = 0; downloading && user < plan.Value; user++)
            {
                var segments = await AskAsync(link, packets, Cms50Commands.AskSegmentAmount, [(byte)user], Cms50PacketType.StorageSegmentAmount,
                    d => d[0] == user, $"user {user} recordings", cancellationToken).ConfigureAwait(false);
                if (segments.Stopped)
                {
                    plan = new(0, segments.Failure, true);
                    break;
                }

                for (var segment = 0; segment < segments.Value![1]; segment++)
                {
                    var recording = await RecordingAsync(link, packets, user, segment, cancellationToken).ConfigureAwait(false);
                    if (recording.Stopped && recording.Failure?.Kind is DownloadFailureKind.NoAnswer or DownloadFailureKind.Garbled or DownloadFailureKind.Refused)
                    {
                        // One recording that will not come does not hide the ones after it.
                        _skipped.Add(recording.Failure);
                        continue;
                    }

                    if (recording.Stopped)
                    {
                        plan = new(0, recording.Failure, true);
                        downloading = false;
                        break;
                    }

                    if (recording.Value is not { } found)
                    {
                        continue;
                    }

                    for (var index = 0; index < found.Samples.Count; index++)
                    {
                        var (spo2, pulseRate) = found.Samples[index];
                        yield return new ReceivedFrame(Cms50StoredSample.Encode(user, segment, found.Start, index, spo2, pulseRate), link.Time.GetUtcNow(), FromMemory: true);
                    }

                    Interlocked.Increment(ref _downloads);
                }
            }

            if (plan.Stopped)
            {
                Failure = plan.Failure;
                if (plan.Failure is null || plan.Failure.Kind is DownloadFailureKind.LinkLost or DownloadFailureKind.WriteFailed)
                {
                    // The gateway stops, or the link is gone: nothing to stream from.
                    yield break;
                }
            }

            // Whatever the download gave, the real-time stream: A1, then every packet the framer finds.
            await packets.DiscardAsync().ConfigureAwait(false);
            await link.WriteAsync(Cms50Commands.Build(Cms50Commands.StartRealTime), cancellationToken).ConfigureAwait(false);
            await foreach (var frame in LinkReading.FramesAsync(link, new Cms50Framer(), cancellationToken).ConfigureAwait(false))
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

    /// <summary>A7 and A2 (each answered <c>0C</c>, or not: a device already quiet may say nothing), then AD: the number of users.</summary>
    private async Task<Step<int>> UsersAsync(IByteLink link, PacketReader packets, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var command in (byte[])[Cms50Commands.StopData, Cms50Commands.StopRealTime])
            {
                if (!await link.WriteAsync(Cms50Commands.Build(command), cancellationToken).ConfigureAwait(false))
                {
                    return Step<int>.Stop(DownloadFailureKind.WriteFailed, "stop", "the port did not take the command");
                }
            }

            // The two "free feedbacks", or the real-time packets still on their way: let them come, then drop them.
            var deadline = link.Time.GetUtcNow() + _timeouts.Answer;
            for (var answered = 0; answered < 2;)
            {
                var next = await packets.NextAsync(deadline - link.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                if (next.Ended)
                {
                    return Step<int>.Stop(DownloadFailureKind.LinkLost, "stop", "the port closed");
                }

                if (next.Packet is not { } packet)
                {
                    break;
                }

                answered += packet[0] == (byte)Cms50PacketType.FreeFeedback ? 1 : 0;
            }
        }
        catch (OperationCanceledException)
        {
            return Step<int>.Cancelled;
        }

        var users = await AskAsync(link, packets, Cms50Commands.AskUserAmount, [], Cms50PacketType.UserAmount, _ => true, "users", cancellationToken).ConfigureAwait(false);
        return users.Stopped ? new(0, users.Failure, true) : new(users.Value![0]);
    }

    /// <summary>A recording's start (A5), length (A4) and samples (A6); null when the device gives it no start or it is empty.</summary>
    private async Task<Step<Recording?>> RecordingAsync(IByteLink link, PacketReader packets, int user, int segment, CancellationToken cancellationToken)
    {
        var start = await StartAsync(link, packets, user, segment, cancellationToken).ConfigureAwait(false);
        if (start.Stopped)
        {
            return new(null, start.Failure, true);
        }

        if (start.Value is not { } startedAt)
        {
            Interlocked.Increment(ref _undated);
            return new(null);
        }

        var step = $"user {user} recording {segment}";
        var length = await AskAsync(link, packets, Cms50Commands.AskDataLength, [(byte)user, (byte)segment], Cms50PacketType.StorageDataLength,
            d => d[0] == user && d[1] == segment, $"{step} length", cancellationToken).ConfigureAwait(false);
        if (length.Stopped)
        {
            return new(null, length.Failure, true);
        }

        var bytes = Cms50Storage.LengthOf(length.Value!);
        if (bytes / Cms50Storage.BytesPerSample > MaxSamples)
        {
            return Step<Recording?>.Stop(DownloadFailureKind.Garbled, $"{step} length", $"{bytes} bytes is more than a week of samples");
        }

        var count = (int)(bytes / Cms50Storage.BytesPerSample);
        if (count == 0)
        {
            return new(null);
        }

        var samples = await SamplesAsync(link, packets, user, segment, count, step, cancellationToken).ConfigureAwait(false);
        return samples.Stopped ? new(null, samples.Failure, true) : new(new Recording(startedAt, samples.Value!));
    }

    /// <summary>
    /// A5: the date (<c>07</c>) and time (<c>12</c>) the recording started; null when they are no date and time,
    /// or one before <see cref="Cms50Storage.FirstYear"/> (a device without a clock), or the device does not
    /// support the question.
    /// </summary>
    private async Task<Step<DateTime?>> StartAsync(IByteLink link, PacketReader packets, int user, int segment, CancellationToken cancellationToken)
    {
        var step = $"user {user} recording {segment} start";
        var question = Cms50Commands.Build(Cms50Commands.AskStartTime, (byte)user, (byte)segment);
        try
        {
            for (var attempt = 1; attempt <= _timeouts.Attempts; attempt++)
            {
                await packets.DiscardAsync().ConfigureAwait(false);
                if (!await link.WriteAsync(question, cancellationToken).ConfigureAwait(false))
                {
                    return Step<DateTime?>.Stop(DownloadFailureKind.WriteFailed, step, "the port did not take the question");
                }

                byte[]? date = null, time = null;
                var deadline = link.Time.GetUtcNow() + _timeouts.Answer;
                while (date is null || time is null)
                {
                    var next = await packets.NextAsync(deadline - link.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                    if (next.Ended)
                    {
                        return Step<DateTime?>.Stop(DownloadFailureKind.LinkLost, step, "the port closed");
                    }

                    if (next.Packet is not { } packet)
                    {
                        break;
                    }

                    if (IsFeedback(packet, Cms50Commands.AskStartTime))
                    {
                        // Not supported (or not now): the recording has no start the gateway can know.
                        return new((DateTime?)null);
                    }

                    var data = Data(packet, Cms50PacketType.StorageStartDate) ?? Data(packet, Cms50PacketType.StorageStartTime);
                    if (data is null || data[0] != user || data[1] != segment)
                    {
                        continue;
                    }

                    if (packet[0] == (byte)Cms50PacketType.StorageStartDate)
                    {
                        date = data;
                        if (data[2] * 100 + data[3] < Cms50Storage.FirstYear)
                        {
                            // Year 0: the CMS50D+ has no clock (OSCAR sets the time by hand for it).
                            return new((DateTime?)null);
                        }
                    }
                    else
                    {
                        time = data;
                    }
                }

                if (date is not null && time is not null)
                {
                    return new(Cms50Storage.StartOf(date, time));
                }
            }

            return Step<DateTime?>.Stop(DownloadFailureKind.NoAnswer, step, $"no date and time after {_timeouts.Attempts} attempts");
        }
        catch (OperationCanceledException)
        {
            return Step<DateTime?>.Cancelled;
        }
    }

    /// <summary>A6: the recording's <paramref name="count"/> samples, three a <c>0F</c> packet; asked again from the start when it stalls.</summary>
    private async Task<Step<List<(byte Spo2, byte PulseRate)>>> SamplesAsync(IByteLink link, PacketReader packets, int user, int segment, int count, string step,
        CancellationToken cancellationToken)
    {
        var question = Cms50Commands.Build(Cms50Commands.AskData, (byte)user, (byte)segment);
        var packetCount = (count + Cms50Storage.SamplesPerPacket - 1) / Cms50Storage.SamplesPerPacket;
        try
        {
            for (var attempt = 1; attempt <= _timeouts.Attempts; attempt++)
            {
                await packets.DiscardAsync().ConfigureAwait(false);
                if (!await link.WriteAsync(question, cancellationToken).ConfigureAwait(false))
                {
                    return Step<List<(byte, byte)>>.Stop(DownloadFailureKind.WriteFailed, step, "the port did not take the question");
                }

                var samples = new List<(byte, byte)>(count);
                var end = link.Time.GetUtcNow() + _timeouts.Data + PerPacket * packetCount;
                while (samples.Count < count)
                {
                    var left = end - link.Time.GetUtcNow();
                    var next = await packets.NextAsync(left < _timeouts.Data ? left : _timeouts.Data, cancellationToken).ConfigureAwait(false);
                    if (next.Ended)
                    {
                        return Step<List<(byte, byte)>>.Stop(DownloadFailureKind.LinkLost, step, $"the port closed after {samples.Count} of {count} samples");
                    }

                    if (next.Packet is not { } packet)
                    {
                        break;
                    }

                    if (packet[0] == (byte)Cms50PacketType.StorageDataWithPi)
                    {
                        return Step<List<(byte, byte)>>.Stop(DownloadFailureKind.Garbled, step, "samples with the perfusion index (09) are not read");
                    }

                    if (IsFeedback(packet, Cms50Commands.AskData))
                    {
                        return Step<List<(byte, byte)>>.Stop(DownloadFailureKind.Refused, step, $"the device refused (reason {Unpacked(packet)[1]:X2})");
                    }

                    if (Data(packet, Cms50PacketType.StorageData) is not { } data)
                    {
                        continue;
                    }

                    for (var i = 0; i < Cms50Storage.SamplesPerPacket && samples.Count < count; i++)
                    {
                        samples.Add((data[2 * i], data[2 * i + 1]));
                    }
                }

                if (samples.Count == count)
                {
                    return new(samples);
                }

                // Stalled: stopped, and asked again from its start (the samples carry no number to resume from).
                // Packets still on their way would count as the new attempt's first samples and shift every
                // time: the line must go quiet first.
                await link.WriteAsync(Cms50Commands.Build(Cms50Commands.StopData), cancellationToken).ConfigureAwait(false);
                for (var drained = 0; drained < MaxSamples; drained++)
                {
                    var late = await packets.NextAsync(_timeouts.Answer, cancellationToken).ConfigureAwait(false);
                    if (late.Ended)
                    {
                        return Step<List<(byte, byte)>>.Stop(DownloadFailureKind.LinkLost, step, "the port closed");
                    }

                    if (late.Packet is null)
                    {
                        break;
                    }
                }
            }

            return Step<List<(byte, byte)>>.Stop(DownloadFailureKind.NoAnswer, step, $"the samples stopped before the end {_timeouts.Attempts} times");
        }
        catch (OperationCanceledException)
        {
            return Step<List<(byte, byte)>>.Cancelled;
        }
    }

    /// <summary>Sends <paramref name="command"/> until a packet of <paramref name="answer"/> that <paramref name="matches"/> comes; its data bytes.</summary>
    private async Task<Step<byte[]>> AskAsync(IByteLink link, PacketReader packets, byte command, byte[] arguments, Cms50PacketType answer, Func<byte[], bool> matches,
        string step, CancellationToken cancellationToken)
    {
        var question = Cms50Commands.Build(command, arguments);
        try
        {
            for (var attempt = 1; attempt <= _timeouts.Attempts; attempt++)
            {
                await packets.DiscardAsync().ConfigureAwait(false);
                if (!await link.WriteAsync(question, cancellationToken).ConfigureAwait(false))
                {
                    return Step<byte[]>.Stop(DownloadFailureKind.WriteFailed, step, "the port did not take the question");
                }

                var deadline = link.Time.GetUtcNow() + _timeouts.Answer;
                while (true)
                {
                    var next = await packets.NextAsync(deadline - link.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                    if (next.Ended)
                    {
                        return Step<byte[]>.Stop(DownloadFailureKind.LinkLost, step, "the port closed");
                    }

                    if (next.Packet is not { } packet)
                    {
                        break;
                    }

                    if (IsFeedback(packet, command))
                    {
                        return Step<byte[]>.Stop(DownloadFailureKind.Refused, step, $"the device refused (reason {Unpacked(packet)[1]:X2})");
                    }

                    if (Data(packet, answer) is { } data && matches(data))
                    {
                        return new(data);
                    }
                }
            }

            return Step<byte[]>.Stop(DownloadFailureKind.NoAnswer, step, $"no answer after {_timeouts.Attempts} attempts");
        }
        catch (OperationCanceledException)
        {
            return Step<byte[]>.Cancelled;
        }
    }

    /// <summary>The data bytes of <paramref name="packet"/> when it is a whole packet of <paramref name="type"/>.</summary>
    private static byte[]? Data(byte[] packet, Cms50PacketType type) =>
        packet[0] == (byte)type && packet.Length == Cms50PacketFramer.LengthOf((byte)type) ? Unpacked(packet) : null;

    private static byte[] Unpacked(byte[] packet)
    {
        var data = new byte[Math.Max(0, packet.Length - 2)];
        if (packet.Length >= 2)
        {
            Cms50Packet.Unpack(packet, data);
        }

        return data;
    }

    /// <summary>A command feedback (<c>0B</c>) about <paramref name="command"/> that is not "completed".</summary>
    private static bool IsFeedback(byte[] packet, int command) =>
        Data(packet, Cms50PacketType.CommandFeedback) is [var about, var reason] && about == command && reason != 0;

    private async Task KeepAliveAsync(IByteLink link, CancellationToken cancellationToken)
    {
        var command = Cms50Commands.Build(Cms50Commands.KeepAlive);
        try
        {
            while (true)
            {
                await Task.Delay(_timeouts.KeepAlive, link.Time, cancellationToken).ConfigureAwait(false);
                await link.WriteAsync(command, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The link closed or the gateway stops.
        }
    }

    private sealed record Recording(DateTime Start, List<(byte Spo2, byte PulseRate)> Samples);

    /// <summary>The device's packets one at a time, each within a deadline; what the framer drops is counted as garbage.</summary>
    private sealed class PacketReader(IByteLink link)
    {
        private readonly Cms50PacketFramer _framer = new();
        private readonly Queue<byte[]> _packets = new();

        /// <summary>The next packet within <paramref name="timeout"/>; none when it did not come, Ended when the link is gone.</summary>
        public async Task<(byte[]? Packet, bool Ended)> NextAsync(TimeSpan timeout, CancellationToken cancellationToken)
        {
            var deadline = link.Time.GetUtcNow() + timeout;
            while (true)
            {
                if (_packets.TryDequeue(out var queued))
                {
                    return (queued, false);
                }

                var left = deadline - link.Time.GetUtcNow();
                if (left <= TimeSpan.Zero)
                {
                    return (null, false);
                }

                ReadResult? read;
                try
                {
                    read = await link.ReadWithinAsync(left, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException)
                {
                    return (null, true);
                }

                if (read is not { } result)
                {
                    return (null, false);
                }

                var buffer = result.Buffer;
                long garbage = 0;
                var frames = FrameCutter.Cut(_framer, ref buffer, ref garbage);
                link.Input.AdvanceTo(buffer.Start, buffer.End);
                link.CountGarbage(garbage);
                foreach (var frame in frames)
                {
                    _packets.Enqueue(frame.ToArray());
                }

                if (frames.Count == 0 && result.IsCompleted)
                {
                    return (null, true);
                }
            }
        }

        /// <summary>Drops what came unasked before a new question.</summary>
        public ValueTask DiscardAsync()
        {
            _packets.Clear();
            return link.DiscardPendingAsync();
        }
    }
}
