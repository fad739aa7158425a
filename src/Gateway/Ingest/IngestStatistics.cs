using System.Diagnostics.Metrics;
using EdgeGateway.DeviceDrivers.Decoding;

namespace EdgeGateway.Gateway.Ingest;

/// <summary>
/// Counts what devices send: frames, durable readings and decode errors (by protocol and kind).
/// Published as the <c>EdgeGateway.Ingest</c> meter and kept as totals for the panel.
/// </summary>
public sealed class IngestStatistics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "EdgeGateway.Ingest";

    private readonly Meter _meter;
    private readonly Counter<long> _frames;
    private readonly Counter<long> _readings;
    private readonly Counter<long> _decodeErrors;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _sampledOut;
    private long _sampledOutTotal;
    private long _duplicateTotal;
    private long _frameTotal;
    private long _readingTotal;
    private long _decodeErrorTotal;
    private long _storeFailureTotal;

    /// <summary>Creates the counters on <paramref name="meterFactory"/>.</summary>
    public IngestStatistics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        _meter = meterFactory.Create(MeterName);
        _frames = _meter.CreateCounter<long>("edgegateway.ingest.frames", description: "Frames received from devices");
        _readings = _meter.CreateCounter<long>("edgegateway.ingest.readings", description: "Readings made durable in the Outbox");
        _decodeErrors = _meter.CreateCounter<long>("edgegateway.ingest.decode_errors", description: "Frames that failed to decode");
        _duplicates = _meter.CreateCounter<long>("edgegateway.ingest.duplicates", description: "Readings a device sent again, recognised and not stored twice");
        _sampledOut = _meter.CreateCounter<long>("edgegateway.ingest.sampled_out", description: "Frames of a streaming device between two kept ones (same status)");
    }

    /// <summary>Frames received since start.</summary>
    public long Frames => Interlocked.Read(ref _frameTotal);

    /// <summary>Readings stored since start.</summary>
    public long Readings => Interlocked.Read(ref _readingTotal);

    /// <summary>Readings that could not be stored since start.</summary>
    public long StoreFailures => Interlocked.Read(ref _storeFailureTotal);

    /// <summary>Decode errors since start.</summary>
    public long DecodeErrors => Interlocked.Read(ref _decodeErrorTotal);

    internal void FrameReceived(string protocol)
    {
        Interlocked.Increment(ref _frameTotal);
        _frames.Add(1, new KeyValuePair<string, object?>("protocol", protocol));
    }

    internal void ReadingStored(string protocol)
    {
        Interlocked.Increment(ref _readingTotal);
        _readings.Add(1, new KeyValuePair<string, object?>("protocol", protocol));
    }

    /// <summary>Readings a device sent again since start (recognised, not stored twice).</summary>
    public long Duplicates => Interlocked.Read(ref _duplicateTotal);

    internal void DuplicateSkipped(string protocol)
    {
        Interlocked.Increment(ref _duplicateTotal);
        _duplicates.Add(1, new KeyValuePair<string, object?>("protocol", protocol));
    }

    /// <summary>Frames of streaming devices not kept since start (between two kept ones, same status).</summary>
    public long SampledOut => Interlocked.Read(ref _sampledOutTotal);

    internal void FrameSampledOut(string protocol)
    {
        Interlocked.Increment(ref _sampledOutTotal);
        _sampledOut.Add(1, new KeyValuePair<string, object?>("protocol", protocol));
    }

    internal void StoreFailed() => Interlocked.Increment(ref _storeFailureTotal);

    internal void DecodeFailed(string protocol, DecodeErrorKind kind)
    {
        Interlocked.Increment(ref _decodeErrorTotal);
        _decodeErrors.Add(1, new KeyValuePair<string, object?>("protocol", protocol), new KeyValuePair<string, object?>("kind", kind.ToString()));
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
