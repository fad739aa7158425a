using EdgeGateway.SyncAgent.Uplink.Fhir;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeGateway.SyncAgent.Sync;

/// <summary>
/// Drains the Outbox to the platform in batches, for the life of the gateway: an open
/// consultation's readings first, then the routine backlog, then diagnostics. A record leaves the
/// Outbox only once the platform acknowledged it (or refused it: then it goes to the dead-letter
/// list). While a video consultation holds the link, only the consultation's readings go; the
/// backlog waits for the video to end. When the platform cannot be reached the worker waits, with
/// capped exponential backoff and jitter, and tries again; when not even a connection opens, it
/// probes the link cheaply and sends as soon as the link is back.
/// </summary>
public sealed partial class SyncWorker(
    Outbox.Outbox outbox, FhirUplink uplink, IOptions<FhirUplinkOptions> options, SyncStatistics statistics,
    LinkActivity link, ConnectivityProbe probe, TimeProvider time, ILogger<SyncWorker> logger)
{
    /// <summary>How often a worker holding the backlog back for a video looks again.</summary>
    private static readonly TimeSpan VideoRecheck = TimeSpan.FromSeconds(1);

    private DateTimeOffset? _heldSince;

    /// <summary>How long an idle worker sleeps before it looks again without being woken.</summary>
    private static readonly TimeSpan IdleWake = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan QuarantinePause = TimeSpan.FromMilliseconds(200);

    /// <summary>Drains until <paramref name="stoppingToken"/> fires; returns at once when no upstream is configured.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsConfigured)
        {
            return;
        }

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan? wait;
            var noRoute = false;
            try
            {
                var failure = await DrainOnceAsync(stoppingToken).ConfigureAwait(false);
                wait = failure is not null ? Backoff.Delay(++failures, Random.Shared.NextDouble(), failure.RetryAfter) : null;
                noRoute = failure is { NoRoute: true, RetryAfter: null };
                statistics.SetLinkUp(!noRoute);
                if (wait is null)
                {
                    failures = 0;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The Outbox refusing an acknowledgement (a faulted disk) or anything unforeseen: wait and retry.
                statistics.Failed(ex.Message);
                Log.DrainFailed(logger, ex);
                wait = Backoff.Delay(++failures, Random.Shared.NextDouble());
            }

            if (wait is { } delay)
            {
                Log.WaitingToRetry(logger, delay, statistics.LastFailure ?? "");
                try
                {
                    await (noRoute ? WaitForLinkAsync(delay, stoppingToken) : Task.Delay(delay, time, stoppingToken)).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// True while the backlog should yield to a video consultation: not past
    /// <see cref="FhirUplinkOptions.MaxVideoHold"/> in one stretch (a video session left open, a
    /// stuck WebSocket, must not hold clinical readings back for good; the bandwidth cap still applies).
    /// </summary>
    private bool HoldForVideo()
    {
        if (!link.VideoActive)
        {
            _heldSince = null;
            return false;
        }

        var now = time.GetUtcNow();
        _heldSince ??= now;
        if (now - _heldSince.Value <= options.Value.MaxVideoHold)
        {
            return true;
        }

        if (now - _heldSince.Value - options.Value.MaxVideoHold < VideoRecheck + VideoRecheck)
        {
            Log.VideoHoldExpired(logger, options.Value.MaxVideoHold);
        }

        return false;
    }

    /// <summary>Waits out <paramref name="delay"/>, probing the link meanwhile; returns early once it answers.</summary>
    private async Task WaitForLinkAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + delay;
        while (time.GetUtcNow() < until)
        {
            var step = until - time.GetUtcNow();
            await Task.Delay(step < probe.Interval ? step : probe.Interval, time, cancellationToken).ConfigureAwait(false);
            if (await probe.IsReachableAsync(cancellationToken).ConfigureAwait(false))
            {
                Log.LinkBack(logger);
                statistics.SetLinkUp(true);
                return;
            }
        }
    }

    /// <summary>Sends one batch; returns the failure when the platform was not reached, or null.</summary>
    private async Task<UplinkResult?> DrainOnceAsync(CancellationToken cancellationToken)
    {
        var appended = outbox.WhenAppended;
        var video = HoldForVideo();
        statistics.SetHeldForVideo(video);
        var batch = outbox.ReadNext(options.Value.BatchSize, consultationOnly: video);
        if (batch.Count == 0)
        {
            if (video && outbox.Count > 0)
            {
                // The video consultation has the link: the backlog waits; a consultation reading wakes us.
                await WaitForReadingsAsync(appended, VideoRecheck, cancellationToken).ConfigureAwait(false);
                return null;
            }

            if (outbox.Count > 0)
            {
                // A page of records that failed their check is being quarantined: look again soon,
                // the readable readings behind it must not wait for the idle wake-up.
                await Task.Delay(QuarantinePause, time, cancellationToken).ConfigureAwait(false);
                return null;
            }

            await WaitForReadingsAsync(appended, IdleWake, cancellationToken).ConfigureAwait(false);
            return null;
        }

        if (!options.Value.SendTestData && batch.Any(b => b.Reading.IsTest))
        {
            // Test data (HTEST) never leaves the gateway for a real platform.
            var test = batch.Where(b => b.Reading.IsTest).Select(b => b.RecordId).ToList();
            await outbox.AcknowledgeAsync(test, cancellationToken).ConfigureAwait(false);
            statistics.TestDataWithheld(test.Count);
            batch = [.. batch.Where(b => !b.Reading.IsTest)];
            if (batch.Count == 0)
            {
                return null;
            }
        }

        var result = await uplink.SendAsync(batch, cancellationToken).ConfigureAwait(false);
        if (result.Acknowledged.Count > 0)
        {
            await outbox.AcknowledgeAsync(result.Acknowledged, cancellationToken).ConfigureAwait(false);
        }

        foreach (var (recordId, reason) in result.Refused)
        {
            Log.Refused(logger, recordId, reason);
            await outbox.DeadLetterAsync(recordId, reason, cancellationToken).ConfigureAwait(false);
        }

        statistics.Succeeded(result.Acknowledged.Count, result.Refused.Count, time.GetUtcNow());
        if (result.Failure is { } failure)
        {
            statistics.Failed(failure);
            return result;
        }

        statistics.Cleared();
        return null;
    }

    private async Task WaitForReadingsAsync(Task appended, TimeSpan atMost, CancellationToken cancellationToken)
    {
        try
        {
            await appended.WaitAsync(atMost, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Nothing new: look again anyway (a dead letter retried by a technician, say).
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3100, Level = LogLevel.Warning, Message = "Platform not reached ({Reason}); next try in {Delay}")]
        public static partial void WaitingToRetry(ILogger logger, TimeSpan delay, string reason);

        [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Platform refused record {RecordId}: {Reason}; moved to the dead-letter list")]
        public static partial void Refused(ILogger logger, long recordId, string reason);

        [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Draining the Outbox failed")]
        public static partial void DrainFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "The link to the platform answers again; sending")]
        public static partial void LinkBack(ILogger logger);

        [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Video has held the link for more than {Hold}: the backlog is sent again alongside it")]
        public static partial void VideoHoldExpired(ILogger logger, TimeSpan hold);
    }
}
