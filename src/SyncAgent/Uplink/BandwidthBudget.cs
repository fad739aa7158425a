namespace EdgeGateway.SyncAgent.Uplink;

/// <summary>
/// An optional cap on the uplink's bytes per second, so the backlog's drain leaves room on a thin
/// rural link (the video consultation shares it). Each request reserves its size; the answer is
/// how long to wait before sending it. Thread-safe; time from the injected clock.
/// </summary>
public sealed class BandwidthBudget(long bytesPerSecond, TimeProvider time)
{
    private readonly Lock _gate = new();
    private DateTimeOffset _freeAt = DateTimeOffset.MinValue;

    /// <summary>True when a cap is set (a non-positive rate means no cap).</summary>
    public bool IsCapped => bytesPerSecond > 0;

    /// <summary>Reserves <paramref name="bytes"/> and returns how long to wait before sending them (zero when uncapped).</summary>
    public TimeSpan Reserve(long bytes)
    {
        if (!IsCapped)
        {
            return TimeSpan.Zero;
        }

        lock (_gate)
        {
            var now = time.GetUtcNow();
            var start = _freeAt > now ? _freeAt : now;
            _freeAt = start + TimeSpan.FromSeconds(bytes / (double)bytesPerSecond);
            return start - now;
        }
    }
}
