using System.Globalization;
using System.Security.Cryptography;

namespace EdgeGateway.DeviceDrivers.Readings;

/// <summary>
/// Reading ids: a random 64-bit prefix drawn once per process, then a counter —
/// <c>3f9a…c1-1</c>, <c>3f9a…c1-2</c>… Unique across restarts and gateways (two prefixes collide with
/// odds of 2^-64) without a random part per reading, so a batch of them compresses to a byte or two
/// each instead of ~20 for random UUIDs: the link is often a poor rural one.
/// </summary>
public sealed class ReadingIds
{
    private readonly string _prefix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    private long _next;

    /// <summary>The process-wide source.</summary>
    public static ReadingIds Process { get; } = new();

    /// <summary>The next id.</summary>
    public string Next() => string.Create(CultureInfo.InvariantCulture, $"{_prefix}-{Interlocked.Increment(ref _next)}");
}
