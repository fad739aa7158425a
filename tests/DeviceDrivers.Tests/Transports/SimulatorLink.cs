using System.IO.Pipelines;
using EdgeGateway.DeviceDrivers.Simulation;
using EdgeGateway.DeviceDrivers.Transports.Hid;
using EdgeGateway.DeviceDrivers.Transports.Links;

namespace EdgeGateway.DeviceDrivers.Tests.Transports;

/// <summary>
/// A link in memory whose far end is a simulated device: what the session writes is given to the device
/// (and kept in <see cref="Written"/>); what the device answers arrives on <see cref="Input"/>.
/// </summary>
internal sealed class SimulatorLink(IAnsweringSimulator device) : IByteLink, IHidFeatures
{
    private readonly Pipe _pipe = new();
    private readonly List<byte[]> _written = [];
    private readonly List<byte[]> _features = [];
    private readonly SemaphoreSlim _writing = new(1, 1);
    private long _garbage;

    public string Name => "simulated";

    public PipeReader Input => _pipe.Reader;

    public TimeProvider Time => TimeProvider.System;

    public long Garbage => Interlocked.Read(ref _garbage);

    /// <summary>Feature reports reach the device (a real hidraw node); false plays a pty, where the ioctl fails.</summary>
    public bool FeaturesSupported { get; set; } = true;

    /// <summary>The device's answers arrive a byte at a time (a pty splits as it likes).</summary>
    public bool ByteByByte { get; set; }

    /// <summary>Every write of the session, in order.</summary>
    public IReadOnlyList<byte[]> Written
    {
        get
        {
            lock (_written)
            {
                return [.. _written];
            }
        }
    }

    /// <summary>Every feature report the session set.</summary>
    public IReadOnlyList<byte[]> Features
    {
        get
        {
            lock (_features)
            {
                return [.. _features];
            }
        }
    }

    public void CountGarbage(long bytes) => Interlocked.Add(ref _garbage, bytes);

    public async Task<bool> WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        // One write at a time, as a real link's (a session may have a keep-alive writing beside it).
        await _writing.WaitAsync(cancellationToken);
        try
        {
            return await WriteOneAsync(bytes, cancellationToken);
        }
        finally
        {
            _writing.Release();
        }
    }

    private async Task<bool> WriteOneAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        lock (_written)
        {
            _written.Add(bytes.ToArray());
        }

        var answer = device.Receive(bytes.Span);
        if (ByteByByte)
        {
            foreach (var b in answer)
            {
                await _pipe.Writer.WriteAsync(new[] { b }, cancellationToken);
                await Task.Yield();
            }
        }
        else if (answer.Length > 0)
        {
            await _pipe.Writer.WriteAsync(answer, cancellationToken);
        }

        return true;
    }

    public Task<bool> SetFeatureAsync(ReadOnlyMemory<byte> report, CancellationToken cancellationToken)
    {
        lock (_features)
        {
            _features.Add(report.ToArray());
        }

        return Task.FromResult(FeaturesSupported);
    }

    /// <summary>The device sends <paramref name="bytes"/> unasked.</summary>
    public async Task InjectAsync(params byte[] bytes) => await _pipe.Writer.WriteAsync(bytes);

    /// <summary>The cable is pulled.</summary>
    public Task CloseAsync() => _pipe.Writer.CompleteAsync().AsTask();
}

/// <summary>A device played by a function from what it was sent to what it answers.</summary>
internal sealed class ScriptedDevice(Func<byte[], byte[]> answer) : IAnsweringSimulator
{
    public string Protocol => "scripted";

    public byte[] Receive(ReadOnlySpan<byte> fromGateway) => answer(fromGateway.ToArray());
}
