using System.Collections.Concurrent;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.Gateway.Ingest;

/// <summary>
/// Keeps a streaming device (an oximeter or a chest strap sending every second) from filling the
/// Outbox and the platform with a clinical record a second: one frame per
/// <see cref="FrameSource.StoreEvery"/>, and at once every frame whose status differs from the last
/// one kept (a probe coming off, a low-perfusion warning) or one of whose values moved by
/// <see cref="SignificantChange"/> or more (a desaturation from 97 to 94 %) — so what changed is
/// never skipped.
/// </summary>
internal sealed class StreamSampling
{
    /// <summary>A relative change of a value that is kept at once (3 %: SpO2 97 → 94, pulse 72 → 75).</summary>
    public const decimal SignificantChange = 0.03m;

    private readonly ConcurrentDictionary<string, Kept> _last = new(StringComparer.Ordinal);

    /// <summary>True when the frame's readings are to be stored.</summary>
    public bool Keep(FrameSource source, DateTimeOffset receivedAt, IReadOnlyList<Measurement> measurements)
    {
        if (source.StoreEvery <= TimeSpan.Zero || measurements.Count == 0)
        {
            return true;
        }

        var flags = ReadingFlags.None;
        var values = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        foreach (var measurement in measurements)
        {
            flags |= measurement.Flags;
            values[measurement.Code] = measurement.Value?.Quantity.Value;
        }

        if (_last.TryGetValue(source.DeviceId, out var last) && receivedAt >= last.At && receivedAt - last.At < source.StoreEvery
            && flags == last.Flags && !Moved(values, last.Values))
        {
            return false;
        }

        _last[source.DeviceId] = new Kept(receivedAt, flags, values);
        return true;
    }

    private static bool Moved(Dictionary<string, decimal?> now, Dictionary<string, decimal?> then)
    {
        foreach (var (code, value) in now)
        {
            if (!then.TryGetValue(code, out var before) || value.HasValue != before.HasValue)
            {
                return true;
            }

            if (value is { } v && before is { } b && Math.Abs(v - b) >= Math.Abs(b) * SignificantChange && v != b)
            {
                return true;
            }
        }

        return false;
    }

    private sealed record Kept(DateTimeOffset At, ReadingFlags Flags, Dictionary<string, decimal?> Values);
}
