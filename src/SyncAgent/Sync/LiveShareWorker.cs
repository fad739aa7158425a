using EdgeGateway.SyncAgent.Uplink.Mqtt;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeGateway.SyncAgent.Sync;

/// <summary>
/// Keeps the gateway connected to the national broker and publishes the live copies of a shared
/// consultation's readings as they become durable, oldest first. A copy leaves the Outbox only on
/// its PUBACK; a lost link is retried with jittered backoff (capped at 30 s: a specialist is
/// waiting) and everything not acknowledged is published again on the next connection.
/// </summary>
public sealed partial class LiveShareWorker(
    Outbox.Outbox outbox, MqttUplink uplink, IOptions<MqttUplinkOptions> options, LiveStatistics statistics,
    TimeProvider time, ILogger<LiveShareWorker> logger)
{
    /// <summary>The longest wait between two attempts to reach the broker.</summary>
    public static readonly TimeSpan RetryCap = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan IdleWake = TimeSpan.FromSeconds(30);

    /// <summary>Runs until <paramref name="stoppingToken"/> fires, then says <c>offline</c> and disconnects cleanly.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.IsConfigured)
        {
            return;
        }

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!uplink.IsConnected)
                {
                    statistics.SetConnected(false);
                    await uplink.ConnectAsync(stoppingToken).ConfigureAwait(false);
                    statistics.SetConnected(true);
                }

                if (await PublishOnceAsync(stoppingToken).ConfigureAwait(false) is { } failure)
                {
                    throw new LiveShareException(failure);
                }

                failures = 0;
                continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                statistics.Failed(ex.Message);
                var delay = Backoff.Delay(++failures, Random.Shared.NextDouble(), cap: RetryCap);
                Log.WaitingToRetry(logger, delay, ex.Message);
                try
                {
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }

        using var goodbye = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await uplink.DisconnectAsync(goodbye.Token).ConfigureAwait(false);
        statistics.SetConnected(false);
    }

    /// <summary>Publishes one batch, or waits for readings (or a lost link); returns why it failed, or null.</summary>
    private async Task<string?> PublishOnceAsync(CancellationToken cancellationToken)
    {
        var appended = outbox.WhenAppended;
        var batch = outbox.ReadLive(options.Value.MaxInFlight * 4);
        if (batch.Count == 0)
        {
            try
            {
                await Task.WhenAny(appended, uplink.WhenDisconnected).WaitAsync(IdleWake, time, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // Look again anyway.
            }

            return null;
        }

        if (!options.Value.SendTestData && batch.Any(b => b.Reading.IsTest))
        {
            // Test data (HTEST) never reaches a real broker.
            await outbox.AcknowledgeLiveAsync([.. batch.Where(b => b.Reading.IsTest).Select(b => b.RecordId)], cancellationToken).ConfigureAwait(false);
            batch = [.. batch.Where(b => !b.Reading.IsTest)];
        }

        var result = await uplink.PublishAsync(batch, cancellationToken).ConfigureAwait(false);
        foreach (var (recordId, reason) in result.Refused)
        {
            Log.Refused(logger, recordId, reason);
        }

        // A refused copy goes too: sending it again cannot help, and the reading itself still
        // reaches the platform by FHIR from its own record.
        var done = result.Acknowledged.Concat(result.Refused.Select(r => r.RecordId)).ToList();
        if (done.Count > 0)
        {
            await outbox.AcknowledgeLiveAsync(done, cancellationToken).ConfigureAwait(false);
        }

        statistics.Acknowledged(result.Acknowledged.Count, result.Refused.Count);
        return result.Failure;
    }

    private sealed class LiveShareException(string message) : Exception(message);

    private static partial class Log
    {
        [LoggerMessage(EventId = 3210, Level = LogLevel.Warning, Message = "National broker not reached ({Reason}); next try in {Delay}")]
        public static partial void WaitingToRetry(ILogger logger, TimeSpan delay, string reason);

        [LoggerMessage(EventId = 3211, Level = LogLevel.Warning, Message = "The broker refused the live copy of record {RecordId}: {Reason}; the reading still goes to the platform by FHIR")]
        public static partial void Refused(ILogger logger, long recordId, string reason);
    }
}
