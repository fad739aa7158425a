using System.Collections.Concurrent;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.Gateway.Ingest;

/// <summary>
/// Keeps a streaming device (an oximeter or a chest strap sending every second) from filling the
/// Outbox and the platform with a clinical record a second: one frame per
/// <see cref="FrameSource.StoreEvery"/>, and every frame whose status differs from the last one kept
/// (a probe coming off, a low-perfusion warning) — so what changed is never skipped.
/// </summary>
internal sealed class StreamSampling
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, ReadingFlags Flags)> _last = new(StringComparer.Ordinal);

    /// <summary>True when the frame's readings are to be stored.</summary>
    public bool Keep(FrameSource source, DateTimeOffset receivedAt, IReadOnlyList<Measurement> measurements)
    {
        if (source.StoreEvery <= TimeSpan.Zero || measurements.Count == 0)
        {
            return true;
        }

        var flags = ReadingFlags.None;
        foreach (var measurement in measurements)
        {
            flags |= measurement.Flags;
        }

        if (_last.TryGetValue(source.DeviceId, out var last) && receivedAt - last.At < source.StoreEvery && receivedAt >= last.At && flags == last.Flags)
        {
            return false;
        }

        _last[source.DeviceId] = (receivedAt, flags);
        return true;
    }
}
