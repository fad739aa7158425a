using EdgeGateway.DeviceDrivers.Transports.Links;

namespace EdgeGateway.DeviceDrivers.Hid.Omron;

/// <summary>Questions and answers in reports: sending, joining, checking, asking again, flushing.</summary>
public sealed partial class OmronSession
{
    /// <summary>
    /// Sends <paramref name="question"/> and reads its answer of <paramref name="length"/> bytes, asking again on
    /// "NO" (or returning it when <paramref name="refusedIsAnswer"/>), silence or a garbled answer.
    /// </summary>
    private async Task<Step<byte[]>> ExchangeAsync(IByteLink link, byte[] question, int length, string step, CancellationToken cancellationToken,
        bool refusedIsAnswer = false, int? attempts = null)
    {
        try
        {
            var failure = DownloadFailureKind.NoAnswer;
            for (var attempt = 1; attempt <= (attempts ?? _timeouts.Attempts); attempt++)
            {
                await link.DiscardPendingAsync().ConfigureAwait(false);
                if (!await SendAsync(link, question, cancellationToken).ConfigureAwait(false))
                {
                    return Step<byte[]>.Stop(DownloadFailureKind.WriteFailed, step, "the node did not take the report");
                }

                var answer = await ReadAnswerAsync(link, length, cancellationToken).ConfigureAwait(false);
                if (answer.Ended)
                {
                    return Step<byte[]>.Stop(DownloadFailureKind.LinkLost, step, "the node closed");
                }

                var verdict = answer.Bytes is { } bytes ? OmronWire.Check(bytes) : (OmronAnswer?)null;
                if (verdict == OmronAnswer.Ok && answer.Bytes!.Length == length)
                {
                    return new(answer.Bytes);
                }

                if (verdict == OmronAnswer.No && refusedIsAnswer)
                {
                    return new(answer.Bytes!);
                }

                failure = verdict switch
                {
                    null => DownloadFailureKind.NoAnswer,
                    OmronAnswer.No => DownloadFailureKind.Refused,
                    _ => DownloadFailureKind.Garbled,
                };
                if (failure == DownloadFailureKind.Garbled)
                {
                    link.CountGarbage(answer.Bytes!.Length);
                    await FlushAsync(link, cancellationToken).ConfigureAwait(false);
                }
            }

            return Step<byte[]>.Stop(failure, step, $"no good answer after {attempts ?? _timeouts.Attempts} attempts");
        }
        catch (OperationCanceledException)
        {
            return Step<byte[]>.Cancelled;
        }
    }

    /// <summary>
    /// An answer's bytes, joined from its reports: each report's count says how many of its bytes are the
    /// answer's; a report not full (fewer than 7) ends it. Null bytes when a report did not come in time.
    /// </summary>
    private async Task<LinkRead> ReadAnswerAsync(IByteLink link, int length, CancellationToken cancellationToken)
    {
        var answer = new List<byte>(length);
        while (answer.Count < length)
        {
            var report = await link.ReadExactlyAsync(OmronWire.ReportLength, _timeouts.Answer, cancellationToken).ConfigureAwait(false);
            if (report.Bytes is not { } bytes)
            {
                return report;
            }

            // libomron: a count of 8 (the whole report) is taken as 7; more cannot be a report of this device.
            var count = bytes[0] == OmronWire.ReportLength ? OmronWire.ReportData : bytes[0];
            if (count > OmronWire.ReportData)
            {
                return new LinkRead([.. answer, .. bytes], false);
            }

            answer.AddRange(bytes.AsSpan(1, count));
            if (answer is [(byte)'N', (byte)'O'] || count < OmronWire.ReportData)
            {
                break;
            }
        }

        return new LinkRead([.. answer], false);
    }

    private static async Task<bool> SendAsync(IByteLink link, byte[] message, CancellationToken cancellationToken)
    {
        foreach (var report in OmronWire.Reports(message))
        {
            if (!await link.WriteAsync(report, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Drops pending reports, then any that arrive until the device has been quiet a moment (libomron's flush).</summary>
    private Task FlushAsync(IByteLink link, CancellationToken cancellationToken) => link.DrainAsync(_timeouts.Quiet, cancellationToken);

    /// <summary>After <c>END</c> the device is off: wait for its node to go (or the gateway to stop), counting what still comes.</summary>
    /// <summary>How long the session waits, after END, for the node to go.</summary>
    private static readonly TimeSpan IdleLimit = TimeSpan.FromMinutes(10);

    private static async Task IdleAsync(IByteLink link, CancellationToken cancellationToken)
    {
        // Waits for the node to go (the monitor switched off); if it stays — a hub that keeps it, a device
        // that does not switch off — the session ends after a while and the next one downloads again
        // (each record is stored once), so a later measurement is never left behind.
        var until = link.Time.GetUtcNow() + IdleLimit;
        try
        {
            while (link.Time.GetUtcNow() < until)
            {
                if (await link.ReadWithinAsync(until - link.Time.GetUtcNow(), cancellationToken).ConfigureAwait(false) is not { } result)
                {
                    return;
                }

                link.CountGarbage(result.Buffer.Length);
                link.Input.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            // Unplugged, or the gateway stops.
        }
    }
}
