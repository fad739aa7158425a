using System.IO.Pipelines;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.DeviceDrivers.Transports.Links;

/// <summary>
/// A link over a stream (a serial port's, a socket's, a HID device's): a pump copies what arrives into
/// a pipe, so sessions can read with timeouts without cancelling the device's own reads.
/// </summary>
public sealed partial class StreamLink : IByteLink, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly TimeSpan _writeTimeout;
    private readonly ILogger _logger;
    private readonly Pipe _pipe = new(new PipeOptions(pauseWriterThreshold: 1 << 20, resumeWriterThreshold: 1 << 19, useSynchronizationContext: false));
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private readonly Action<long> _countGarbage;

    /// <summary>Starts pumping <paramref name="stream"/>, which the caller keeps owning.</summary>
    public StreamLink(string name, Stream stream, TimeProvider time, TimeSpan writeTimeout, Action<long> countGarbage, ILogger logger)
    {
        Name = name;
        _stream = stream;
        Time = time;
        _writeTimeout = writeTimeout;
        _countGarbage = countGarbage;
        _logger = logger;
        _pump = Task.Run(PumpAsync);
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public PipeReader Input => _pipe.Reader;

    /// <inheritdoc />
    public TimeProvider Time { get; }

    /// <inheritdoc />
    public void CountGarbage(long bytes)
    {
        if (bytes > 0)
        {
            _countGarbage(bytes);
            LinkMetrics.GarbageBytes.Add(bytes);
        }
    }

    /// <inheritdoc />
    public async Task<bool> WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _stream.WriteAsync(bytes, cancellationToken).AsTask().WaitAsync(_writeTimeout, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).WaitAsync(_writeTimeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or ObjectDisposedException or InvalidOperationException or NotSupportedException)
        {
            Log.WriteFailed(_logger, Name, ex.Message);
            return false;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task PumpAsync()
    {
        Exception? failure = null;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var memory = _pipe.Writer.GetMemory(4096);
                var read = await _stream.ReadAsync(memory, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                _pipe.Writer.Advance(read);
                var flush = await _pipe.Writer.FlushAsync(_stop.Token).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException or UnauthorizedAccessException)
        {
            // Unplugged, closed, or stopping: the session sees the end of its input.
            failure = ex is OperationCanceledException ? null : ex;
        }

        await _pipe.Writer.CompleteAsync(failure is null ? null : new IOException($"{Name}: {failure.Message}", failure)).ConfigureAwait(false);
    }

    /// <summary>Stops the pump (the caller closes the stream, which releases a blocked read).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _pump.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A read the device never returns from: the stream's close releases it.
        }

        await _pipe.Reader.CompleteAsync().ConfigureAwait(false);
        _stop.Dispose();
        _writeLock.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1210, Level = LogLevel.Warning, Message = "{Link}: could not send to the device ({Reason})")]
        public static partial void WriteFailed(ILogger logger, string link, string reason);
    }
}
