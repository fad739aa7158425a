using System.Diagnostics.Metrics;

namespace EdgeGateway.SyncAgent.Sync;

/// <summary>The live share's figures, on the <c>EdgeGateway.Live</c> meter and for the panel.</summary>
public sealed class LiveStatistics : IDisposable
{
    /// <summary>The meter name.</summary>
    public const string MeterName = "EdgeGateway.Live";

    private readonly Meter _meter;
    private readonly Counter<long> _published;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _failures;
    private long _publishedTotal;
    private long _refusedTotal;
    private volatile bool _connected;
    private string? _lastFailure;

    /// <summary>Creates the instruments; <paramref name="backlog"/> reads how many live copies wait.</summary>
    public LiveStatistics(IMeterFactory meterFactory, Func<long> backlog)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(backlog);
        _meter = meterFactory.Create(MeterName);
        _published = _meter.CreateCounter<long>("edgegateway.live.published", description: "Readings the national broker acknowledged (PUBACK)");
        _refused = _meter.CreateCounter<long>("edgegateway.live.refused", description: "Live copies the broker refused for good (the reading still goes by FHIR)");
        _failures = _meter.CreateCounter<long>("edgegateway.live.failures", description: "Attempts that did not reach the broker");
        _meter.CreateObservableGauge("edgegateway.live.backlog", backlog, description: "Live copies waiting for the broker");
        _meter.CreateObservableGauge("edgegateway.live.connected", () => _connected ? 1 : 0, description: "1 while connected to the national broker");
    }

    /// <summary>Readings the broker acknowledged since start.</summary>
    public long Published => Interlocked.Read(ref _publishedTotal);

    /// <summary>Live copies the broker refused since start.</summary>
    public long Refused => Interlocked.Read(ref _refusedTotal);

    /// <summary>True while connected to the broker.</summary>
    public bool Connected => _connected;

    /// <summary>Why the last attempt failed, or null after a success.</summary>
    public string? LastFailure => Volatile.Read(ref _lastFailure);

    internal void Acknowledged(int count, int refused)
    {
        Interlocked.Add(ref _publishedTotal, count);
        Interlocked.Add(ref _refusedTotal, refused);
        _published.Add(count);
        _refused.Add(refused);
    }

    internal void SetConnected(bool connected)
    {
        _connected = connected;
        if (connected)
        {
            Volatile.Write(ref _lastFailure, null);
        }
    }

    internal void Failed(string reason)
    {
        Volatile.Write(ref _lastFailure, reason);
        _failures.Add(1);
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
