using System.Diagnostics.Metrics;

namespace EdgeGateway.SyncAgent.Sync;

/// <summary>
/// The figures a technician watches: backlog (records, bytes, age of the oldest), last success,
/// throughput, refusals. Published on the <c>EdgeGateway.Sync</c> meter and kept for the panel.
/// </summary>
public sealed class SyncStatistics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "EdgeGateway.Sync";

    private readonly Meter _meter;
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _failures;
    private long _deliveredTotal;
    private long _refusedTotal;
    private long _withheldTotal;
    private long _lastSuccessTicks;
    private string? _lastFailure;
    private long _failedTotal;
    private volatile bool _linkUp = true;
    private volatile bool _heldForVideo;

    /// <summary>Creates the instruments; <paramref name="backlog"/> reads the Outbox's live figures.</summary>
    public SyncStatistics(IMeterFactory meterFactory, Func<(long Records, long Bytes, DateTimeOffset? Oldest)> backlog, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(backlog);
        ArgumentNullException.ThrowIfNull(time);
        _meter = meterFactory.Create(MeterName);
        _delivered = _meter.CreateCounter<long>("edgegateway.sync.delivered", description: "Readings the platform acknowledged");
        _refused = _meter.CreateCounter<long>("edgegateway.sync.refused", description: "Readings the platform refused (dead-lettered)");
        _failures = _meter.CreateCounter<long>("edgegateway.sync.failures", description: "Attempts that did not reach the platform");
        _meter.CreateObservableGauge("edgegateway.sync.backlog", () => backlog().Records, description: "Readings waiting in the Outbox");
        _meter.CreateObservableGauge("edgegateway.sync.backlog_bytes", () => backlog().Bytes, unit: "By", description: "Size of the Outbox files");
        _meter.CreateObservableGauge("edgegateway.sync.oldest_age", () => backlog().Oldest is { } oldest ? (time.GetUtcNow() - oldest).TotalSeconds : 0,
            unit: "s", description: "Age of the oldest waiting reading");
        _meter.CreateObservableGauge("edgegateway.sync.link_up", () => _linkUp ? 1 : 0,
            description: "0 while not even a connection to the platform opens (the worker is probing the link)");
        _meter.CreateObservableGauge("edgegateway.sync.held_for_video", () => _heldForVideo ? 1 : 0,
            description: "1 while the routine backlog waits for a video consultation to end");
        _meter.CreateObservableGauge("edgegateway.sync.last_success", () => LastSuccess?.ToUnixTimeSeconds() ?? 0,
            unit: "s", description: "Unix time of the last delivery");
    }

    /// <summary>Readings delivered since start.</summary>
    public long Delivered => Interlocked.Read(ref _deliveredTotal);

    /// <summary>Readings refused since start.</summary>
    public long Refused => Interlocked.Read(ref _refusedTotal);

    /// <summary>Test readings withheld from a real platform since start.</summary>
    public long Withheld => Interlocked.Read(ref _withheldTotal);

    /// <summary>When the platform last acknowledged something, or null.</summary>
    public DateTimeOffset? LastSuccess => Interlocked.Read(ref _lastSuccessTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>Why the last attempt failed, or null after a success.</summary>
    public string? LastFailure => Volatile.Read(ref _lastFailure);

    internal void Succeeded(int delivered, int refused, DateTimeOffset now)
    {
        Interlocked.Add(ref _deliveredTotal, delivered);
        Interlocked.Add(ref _refusedTotal, refused);
        _delivered.Add(delivered);
        _refused.Add(refused);
        if (delivered > 0)
        {
            Interlocked.Exchange(ref _lastSuccessTicks, now.UtcTicks);
        }
    }

    /// <summary>Attempts that did not reach the platform since start.</summary>
    public long FailedAttempts => Interlocked.Read(ref _failedTotal);

    internal void Failed(string reason)
    {
        Interlocked.Increment(ref _failedTotal);
        _failures.Add(1);
        Volatile.Write(ref _lastFailure, reason);
    }

    /// <summary>False while not even a connection to the platform opens.</summary>
    public bool LinkUp => _linkUp;

    /// <summary>True while the routine backlog waits for a video consultation to end.</summary>
    public bool HeldForVideo => _heldForVideo;

    internal void SetLinkUp(bool up) => _linkUp = up;

    internal void SetHeldForVideo(bool held) => _heldForVideo = held;

    internal void Cleared() => Volatile.Write(ref _lastFailure, null);

    internal void TestDataWithheld(int count) => Interlocked.Add(ref _withheldTotal, count);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
