using EdgeGateway.SyncAgent.Uplink.Fhir;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeGateway.SyncAgent.Sync;

/// <summary>
/// Drains the Outbox to the platform, oldest first, in batches, for the life of the gateway. A
/// record leaves the Outbox only once the platform acknowledged it (or refused it: then it goes to
/// the dead-letter list). When the platform cannot be reached the worker waits, with capped
/// exponential backoff and jitter, and tries again: the Outbox holds everything meanwhile.
/// </summary>
public sealed partial class SyncWorker(
    Outbox.Outbox outbox, FhirUplink uplink, IOptions<FhirUplinkOptions> options, SyncStatistics statistics,
    TimeProvider time, ILogger<SyncWorker> logger)
{
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
            try
            {
                wait = await DrainOnceAsync(stoppingToken).ConfigureAwait(false) is { } failure
                    ? Backoff.Delay(++failures, Random.Shared.NextDouble(), failure.RetryAfter)
                    : null;
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
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Sends one batch; returns the failure when the platform was not reached, or null.</summary>
    private async Task<UplinkResult?> DrainOnceAsync(CancellationToken cancellationToken)
    {
        var appended = outbox.WhenAppended;
        var batch = outbox.ReadNext(options.Value.BatchSize);
        if (batch.Count == 0)
        {
            if (outbox.Count > 0)
            {
                // A page of records that failed their check is being quarantined: look again soon,
                // the readable readings behind it must not wait for the idle wake-up.
                await Task.Delay(QuarantinePause, time, cancellationToken).ConfigureAwait(false);
                return null;
            }

            await WaitForReadingsAsync(appended, cancellationToken).ConfigureAwait(false);
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

    private async Task WaitForReadingsAsync(Task appended, CancellationToken cancellationToken)
    {
        try
        {
            await appended.WaitAsync(IdleWake, time, cancellationToken).ConfigureAwait(false);
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
    }
}
