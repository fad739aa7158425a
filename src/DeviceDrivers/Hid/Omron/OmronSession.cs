using System.Runtime.CompilerServices;
using System.Text;
using EdgeGateway.DeviceDrivers.Transports;
using EdgeGateway.DeviceDrivers.Transports.Hid;
using EdgeGateway.DeviceDrivers.Transports.Links;

namespace EdgeGateway.DeviceDrivers.Hid.Omron;

/// <summary>The Omron conversation's timers, shortened only by tests.</summary>
/// <param name="Answer">How long each input report of an answer may take (libomron waits 1 s).</param>
/// <param name="Quiet">The silence that ends a flush of stale reports (libomron: 0.1 s).</param>
/// <param name="Poll">How often the clear block is sent again while nothing answers it.</param>
/// <param name="Attempts">How many times a question is asked before the download is given up.</param>
public sealed record OmronTimeouts(TimeSpan Answer, TimeSpan Quiet, TimeSpan Poll, int Attempts)
{
    /// <summary>The gateway's timers.</summary>
    public static OmronTimeouts Standard { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(3), 3);
}

/// <summary>
/// Downloads an Omron HEM-790IT-class monitor's memory each time its HID node opens, as the vendor software
/// does in the published capture: the "device information" mode (a feature report, when the link carries
/// them), the clear block until it answers "OK" (sent again every few seconds while nothing answers), the
/// version, then for bank 0 and bank 1 (users A and B) the record count and each record, each handed on
/// with its question as a frame from memory, then <c>END</c> (the device switches off). Then it waits for the
/// node to go. A question is asked again on "NO", silence or a garbled answer (after dropping what is
/// pending, as libomron's flush does); still unanswered, the session ends with a typed failure and the
/// transport opens the node again later. Bank 1 answered "NO" is a device with one user.
/// </summary>
public sealed partial class OmronSession(OmronTimeouts? timeouts = null) : ILinkSession, IDownloadSession
{
    private const int MaxReportsBeforeOk = 16;

    /// <summary>Records in a row without an answer after which the line is taken for bad.</summary>
    private const int FailuresInARow = 3;

    private readonly List<DownloadFailure> _skipped = [];
    private static readonly byte[] Banks = [0, 1];
    private readonly OmronTimeouts _timeouts = timeouts ?? OmronTimeouts.Standard;
    private long _downloads;

    /// <summary>Downloads completed (ended with <c>END</c>) on this link.</summary>
    public long Downloads => Interlocked.Read(ref _downloads);

    /// <summary>The version the device gave (<c>VER00</c>), printable ASCII; null before it answered.</summary>
    public string? Version { get; private set; }

    /// <summary>Whether the mode's feature report was taken: false over a link without feature reports (a pty), null when not tried.</summary>
    public bool? FeatureReportTaken { get; private set; }

    /// <summary>Why the session ended, when a download failed.</summary>
    public DownloadFailure? Failure { get; private set; }

    /// <inheritdoc />
    public IReadOnlyList<DownloadFailure> Skipped => _skipped;

    /// <inheritdoc />
    public async IAsyncEnumerable<ReceivedFrame> RunAsync(IByteLink link, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        var ready = await ConnectAsync(link, cancellationToken).ConfigureAwait(false);
        if (ready.Stopped)
        {
            Failure = ready.Failure;
            yield break;
        }

        var inARow = 0;
        foreach (var bank in Banks)
        {
            if (Failure is not null)
            {
                break;
            }

            var count = await ExchangeAsync(link, OmronWire.DataCount(bank), OmronWire.CountAnswerLength, $"record count of bank {bank}", cancellationToken, refusedIsAnswer: bank > 0)
                .ConfigureAwait(false);
            if (count.Stopped)
            {
                Failure = count.Failure;
                yield break;
            }

            var records = count.Value is { Length: OmronWire.CountAnswerLength } answer ? answer[6] : 0;
            for (var index = 0; index < records; index++)
            {
                var question = OmronWire.Measurement(bank, (byte)index);
                var record = await ExchangeAsync(link, question, OmronWire.RecordAnswerLength, $"record {index} of bank {bank}", cancellationToken).ConfigureAwait(false);
                if (record.Stopped && record.Failure?.Kind is DownloadFailureKind.NoAnswer or DownloadFailureKind.Refused or DownloadFailureKind.Garbled)
                {
                    // One record the device will not give does not hide the ones after it (nor user B's);
                    // several in a row is a bad link: the download stops, and still says END.
                    _skipped.Add(record.Failure);
                    if (++inARow >= FailuresInARow)
                    {
                        Failure = record.Failure with { Message = $"{record.Failure.Message}; {FailuresInARow} records in a row" };
                        break;
                    }

                    continue;
                }

                if (record.Stopped)
                {
                    Failure = record.Failure;
                    yield break;
                }

                inARow = 0;
                yield return new ReceivedFrame((byte[])[.. question, .. record.Value!], link.Time.GetUtcNow(), FromMemory: true);
            }
        }

        // "OK" then "OFF\r\n": the device switches off. Its answer changes nothing; a lost one is not worth a retry.
        var end = await ExchangeAsync(link, OmronWire.End, 2, "end", cancellationToken, attempts: 1).ConfigureAwait(false);
        if (end.Failure?.Kind is DownloadFailureKind.LinkLost or DownloadFailureKind.WriteFailed || (end.Stopped && end.Failure is null))
        {
            yield break;
        }

        // Its "OFF\r\n" follows in a report of its own: read, so it is not counted as noise.
        await ReadAnswerAsync(link, 5, cancellationToken).ConfigureAwait(false);
        if (Failure is not null)
        {
            // Switched off after a failed download: the transport opens the node again and the next connection downloads again.
            yield break;
        }

        Interlocked.Increment(ref _downloads);
        await IdleAsync(link, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The mode, then the clear block until "OK" (every <see cref="OmronTimeouts.Poll"/> while nothing answers), then the version.</summary>
    private async Task<Step<bool>> ConnectAsync(IByteLink link, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                if (link is IHidFeatures hid)
                {
                    FeatureReportTaken = await hid.SetFeatureAsync(OmronWire.DeviceInfoMode, cancellationToken).ConfigureAwait(false);
                }

                var clear = await ClearAsync(link, cancellationToken).ConfigureAwait(false);
                if (clear.Stopped)
                {
                    return new(false, clear.Failure, true);
                }

                if (clear.Value)
                {
                    break;
                }

                // Nothing answered: the device is not ready (switching on); asked again shortly.
                await Task.Delay(_timeouts.Poll, link.Time, cancellationToken).ConfigureAwait(false);
            }

            var version = await ExchangeAsync(link, OmronWire.Version, OmronWire.VersionAnswerLength, "version", cancellationToken).ConfigureAwait(false);
            if (version.Stopped)
            {
                return new(false, version.Failure, true);
            }

            Version = new string([.. Encoding.ASCII.GetString(version.Value!, 3, version.Value!.Length - 4).Where(c => c is >= ' ' and <= '~')]).Trim();
            return new(true);
        }
        catch (OperationCanceledException)
        {
            return Step<bool>.Cancelled;
        }
    }

    /// <summary>The clear block: true on "OK"; false when nothing at all answered; a failure when only garbage did.</summary>
    private async Task<Step<bool>> ClearAsync(IByteLink link, CancellationToken cancellationToken)
    {
        var heard = false;
        for (var attempt = 1; attempt <= _timeouts.Attempts; attempt++)
        {
            await FlushAsync(link, cancellationToken).ConfigureAwait(false);
            if (!await SendAsync(link, new byte[OmronWire.ClearLength], cancellationToken).ConfigureAwait(false))
            {
                return Step<bool>.Stop(DownloadFailureKind.WriteFailed, "clear", "the node did not take the report");
            }

            // Stale or odd reports may come first (the capture shows "08 60 00…"): read on until "OK" or
            // silence — but not for ever from a device that chatters.
            for (var reports = 0; reports < MaxReportsBeforeOk; reports++)
            {
                var report = await link.ReadExactlyAsync(OmronWire.ReportLength, _timeouts.Answer, cancellationToken).ConfigureAwait(false);
                if (report.Ended)
                {
                    return Step<bool>.Stop(DownloadFailureKind.LinkLost, "clear", "the node closed");
                }

                if (report.Bytes is not { } bytes)
                {
                    break;
                }

                heard = true;
                if (bytes[0] >= 2 && bytes[1] == 'O' && bytes[2] == 'K')
                {
                    return new(true);
                }

                link.CountGarbage(bytes.Length);
            }
        }

        return heard ? Step<bool>.Stop(DownloadFailureKind.Garbled, "clear", "no \"OK\" among the reports that came") : new(false);
    }
}
