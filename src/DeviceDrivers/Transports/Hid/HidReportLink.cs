using System.IO.Pipelines;
using EdgeGateway.DeviceDrivers.Transports.Links;

namespace EdgeGateway.DeviceDrivers.Transports.Hid;

/// <summary>
/// A hidraw node as a session sees it: input reports arrive on <see cref="Input"/> (one after the other;
/// a session cuts them by the protocol's report length), each <see cref="WriteAsync"/> is one output report
/// — sent with the report number first, as hidraw's <c>write()</c> wants — and feature reports go through
/// <c>HIDIOCSFEATURE</c>.
/// </summary>
internal sealed class HidReportLink(StreamLink inner, HidrawStream node, byte reportId) : IByteLink, IHidFeatures
{
    /// <inheritdoc />
    public string Name => inner.Name;

    /// <inheritdoc />
    public PipeReader Input => inner.Input;

    /// <inheritdoc />
    public TimeProvider Time => inner.Time;

    /// <inheritdoc />
    public void CountGarbage(long bytes) => inner.CountGarbage(bytes);

    /// <inheritdoc />
    public Task<bool> WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var report = new byte[bytes.Length + 1];
        report[0] = reportId;
        bytes.Span.CopyTo(report.AsSpan(1));
        return inner.WriteAsync(report, cancellationToken);
    }

    /// <inheritdoc />
    public Task<bool> SetFeatureAsync(ReadOnlyMemory<byte> report, CancellationToken cancellationToken)
    {
        try
        {
            return Task.FromResult(node.SetFeature(report.Span));
        }
        catch (ObjectDisposedException)
        {
            return Task.FromResult(false);
        }
    }
}
