using System.Collections.Concurrent;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.Gateway.Ingest;

/// <summary>
/// Keeps a streaming device (an oximeter or a chest strap sending every second) from filling the
/// Outbox and the platform with a clinical record a second: one frame per
/// <see cref="FrameSource.StoreEvery"/>, and at once every frame whose status differs from the last
/// one kept (a probe coming off, a low-perfusion warning), one of whose SpO2 or pulse moved by 2
/// or more, or by <see cref="SignificantChange"/> (a dip from 91 to 89 %), and the first one of a
/// consultation — so what changed is never skipped. A frame from the device's memory with the device's
/// own time (a recording downloaded from an oximeter: hours of samples arriving in seconds) is sampled
/// on that time, apart from the frames sampled on their arrival, so the two clocks never mix.
/// </summary>
internal sealed class StreamSampling
{
    /// <summary>A relative change of a value that is kept at once (3 %), whatever its absolute size.</summary>
    public const decimal SignificantChange = 0.03m;

    /// <summary>An absolute change of a value that is kept at once (2: SpO2 91 → 89, pulse 72 → 74).</summary>
    public const decimal SignificantStep = 2m;

    private readonly ConcurrentDictionary<string, Kept> _last = new(StringComparer.Ordinal);

    /// <summary>
    /// True when the frame's readings are to be stored. <paramref name="consultation"/> is the open
    /// consultation (or null): its first frame is kept, so the patient's readings start with it.
    /// </summary>
    public bool Keep(FrameSource source, DateTimeOffset receivedAt, IReadOnlyList<Measurement> measurements, object? consultation = null)
    {
        if (source.StoreEvery <= TimeSpan.Zero || measurements.Count == 0)
        {
            return true;
        }

        var flags = ReadingFlags.None;
        var values = new Dictionary<string, decimal?>(StringComparer.Ordinal);
        DateTime? deviceTime = null;
        foreach (var measurement in measurements)
        {
            flags |= measurement.Flags;
            deviceTime ??= measurement.DeviceLocalTime;
            // The perfusion index wavers with every pulse: its moves alone are not news.
            if (measurement.Code != Loinc.PerfusionIndex)
            {
                values[measurement.Code] = measurement.Value?.Quantity.Value;
            }
        }

        // The device's wall clock, compared only with itself: its zone does not matter here.
        // Only a recording from memory: a live stream that stamps its lines (Masimo) is sampled on its
        // arrival, whatever the device's clock says (stopped, wrong, jumping).
        var (key, at) = deviceTime is { } local && (flags & ReadingFlags.MeasurementFromStorage) != 0
            ? (source.DeviceId + DeviceClock, new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), TimeSpan.Zero))
            : (source.DeviceId, receivedAt);
        if (_last.TryGetValue(key, out var last) && at >= last.At && at - last.At < source.StoreEvery
            && flags == last.Flags && ReferenceEquals(consultation, last.Consultation) && !Moved(values, last.Values))
        {
            return false;
        }

        _last[key] = new Kept(at, flags, values, consultation);
        return true;
    }

    /// <summary>The last kept frame was not stored after all: the next one is kept whatever it holds.</summary>
    public void Forget(string deviceId)
    {
        _last.TryRemove(deviceId, out _);
        _last.TryRemove(deviceId + DeviceClock, out _);
    }

    /// <summary>Appended to a device's id for the frames sampled on the device's own time.</summary>
    private const string DeviceClock = "\u001Fdevice-clock";

    private static bool Moved(Dictionary<string, decimal?> now, Dictionary<string, decimal?> then)
    {
        foreach (var (code, value) in now)
        {
            if (!then.TryGetValue(code, out var before) || value.HasValue != before.HasValue)
            {
                return true;
            }

            if (value is { } v && before is { } b && v != b && (Math.Abs(v - b) >= SignificantStep || Math.Abs(v - b) >= Math.Abs(b) * SignificantChange))
            {
                return true;
            }
        }

        return false;
    }

    private sealed record Kept(DateTimeOffset At, ReadingFlags Flags, Dictionary<string, decimal?> Values, object? Consultation);
}
