using System.IO.Pipelines;
using System.Threading.Channels;
using EdgeGateway.DeviceDrivers.Transports.Links;

namespace EdgeGateway.DeviceDrivers.Tests.Lan;

/// <summary>A link in memory: what the peer sends goes into <see cref="Input"/>; what the session answers comes out of <see cref="Answers"/>.</summary>
internal sealed class MemoryLink : IByteLink
{
    private readonly Pipe _pipe = new();
    private long _garbage;

    public string Name => "memory";

    public PipeReader Input => _pipe.Reader;

    public TimeProvider Time => TimeProvider.System;

    public Channel<byte[]> Answers { get; } = Channel.CreateUnbounded<byte[]>();

    public long Garbage => Interlocked.Read(ref _garbage);

    public void CountGarbage(long bytes) => Interlocked.Add(ref _garbage, bytes);

    public Task<bool> WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken) =>
        Task.FromResult(Answers.Writer.TryWrite(bytes.ToArray()));

    /// <summary>The peer sends <paramref name="bytes"/>.</summary>
    public async Task SendAsync(params byte[] bytes) => await _pipe.Writer.WriteAsync(bytes);

    /// <summary>The peer hangs up.</summary>
    public Task CloseAsync() => _pipe.Writer.CompleteAsync().AsTask();

    /// <summary>The session's next answer, within a few seconds.</summary>
    public async Task<byte[]> NextAnswerAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await Answers.Reader.ReadAsync(timeout.Token);
    }
}
