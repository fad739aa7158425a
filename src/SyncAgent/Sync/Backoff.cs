namespace EdgeGateway.SyncAgent.Sync;

/// <summary>
/// Capped exponential backoff with jitter between attempts to reach the platform: 1 s, 2 s, 4 s…
/// up to 5 min, each drawn between half and all of its step, so that gateways cut off together do
/// not all call back at the same second when the link returns.
/// </summary>
public static class Backoff
{
    /// <summary>The first step.</summary>
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);

    /// <summary>The largest step.</summary>
    public static readonly TimeSpan Cap = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The delay before attempt <paramref name="failures"/> + 1, never shorter than what the platform
    /// asked; <paramref name="cap"/> replaces the 5-minute cap (a live share retries sooner).
    /// </summary>
    public static TimeSpan Delay(int failures, double jitter, TimeSpan? retryAfter = null, TimeSpan? cap = null)
    {
        var limit = cap ?? Cap;
        var step = First.TotalMilliseconds * Math.Pow(2, Math.Clamp(failures - 1, 0, 30));
        var capped = Math.Min(step, limit.TotalMilliseconds);
        var delay = TimeSpan.FromMilliseconds(capped * (0.5 + (0.5 * Math.Clamp(jitter, 0, 1))));
        return retryAfter is { } asked && asked > delay ? (asked < limit ? asked : limit) : delay;
    }
}
