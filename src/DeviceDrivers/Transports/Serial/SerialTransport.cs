using System.Buffers;
using System.IO.Pipelines;
using System.IO.Ports;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.DeviceDrivers.Transports.Serial;

/// <summary>
/// A serial port (RS-232, USB-serial) as a frame transport: opens it with its settings, reads it
/// through a pipe, cuts frames with the protocol's <see cref="IFramer"/> (garbage between frames is
/// dropped and counted), and when the port goes away — cable pulled, adapter unplugged — closes it
/// and opens it again as soon as it is back, for as long as the gateway runs. A port absent at
/// start is waited for.
/// </summary>
public sealed partial class SerialTransport(SerialSettings settings, IFramer framer, TimeProvider time, ILogger<SerialTransport> logger, byte[]? onOpen = null) : IFrameTransport
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CloseDeadline = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private SerialPort? _port;
    private long _garbage;
    private int _opens;

    /// <inheritdoc />
    public TransportState State { get; private set; } = TransportState.Connecting;

    /// <summary>Bytes dropped because they belonged to no frame (noise, lost sync, a wrong baud rate).</summary>
    public long GarbageBytes => Interlocked.Read(ref _garbage);

    /// <summary>How many times the port was opened (the first time and after every unplug).</summary>
    public int Opens => Volatile.Read(ref _opens);

    /// <inheritdoc />
    public async IAsyncEnumerable<ReceivedFrame> ReadFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var retry = FirstRetry;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            State = TransportState.Connecting;
            var port = TryOpen(ref failures);
            if (port is null)
            {
                State = TransportState.Disconnected;
                await Task.Delay(retry, time, cancellationToken).ConfigureAwait(false);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
                continue;
            }

            State = TransportState.Connected;
            Interlocked.Increment(ref _opens);
            Volatile.Write(ref _port, port);
            Log.Opened(logger, settings.ToString());
            var openedAt = time.GetUtcNow();
            try
            {
                if (onOpen is not null)
                {
                    // Best effort: a device that ignores it still sends what it sends.
                    await WriteAsync(onOpen, cancellationToken).ConfigureAwait(false);
                }

                // On shutdown the blocked read is released by closing the port — on the pool, with
                // the same deadline as any close (a vanished device's close can hang).
                using (cancellationToken.Register(static state => ((SerialTransport)state!).CloseInBackground(), this))
                {
                    var reader = PipeReader.Create(port.BaseStream, new StreamPipeReaderOptions(bufferSize: 4096, leaveOpen: true));
                    await foreach (var frame in ReadPortAsync(reader, cancellationToken).ConfigureAwait(false))
                    {
                        yield return frame;
                    }
                }
            }
            finally
            {
                // Whoever stops reading — a lost port, the gateway stopping, a caller that gave up —
                // the port is closed, or the next open would find it busy.
                Volatile.Write(ref _port, null);
                State = TransportState.Disconnected;
                await CloseAsync(port).ConfigureAwait(false);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            Log.Lost(logger, settings.Path);
            // A port that opens and fails at once (a flaky adapter) backs off like one that does not open.
            if (time.GetUtcNow() - openedAt > LastRetry)
            {
                retry = FirstRetry;
            }

            await Task.Delay(retry, time, cancellationToken).ConfigureAwait(false);
            retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, LastRetry.Ticks));
        }
    }

    private void CloseInBackground()
    {
        if (Volatile.Read(ref _port) is { } port)
        {
            _ = Task.Run(port.Dispose);
        }
    }

    /// <summary>Sends a command to the device (a handshake, a format selection); false when the port is not open or the write timed out.</summary>
    public async Task<bool> WriteAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _port) is not { } port)
        {
            return false;
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await port.BaseStream.WriteAsync(command, cancellationToken).AsTask()
                .WaitAsync(settings.WriteTimeout ?? TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or ObjectDisposedException or InvalidOperationException)
        {
            Log.WriteFailed(logger, settings.Path, ex.Message);
            return false;
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _writeLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private async IAsyncEnumerable<ReceivedFrame> ReadPortAsync(PipeReader reader, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
            {
                // Unplugged (the port says "closed" while IsOpen may still say true), or the gateway stops.
                yield break;
            }

            var buffer = result.Buffer;
            var frames = Cut(ref buffer, time.GetUtcNow());
            reader.AdvanceTo(buffer.Start, buffer.End);
            foreach (var frame in frames)
            {
                yield return frame;
            }

            if (result.IsCompleted)
            {
                yield break;
            }
        }
    }

    /// <summary>Every whole frame at the start of <paramref name="buffer"/>, which is left at the first unframed byte.</summary>
    private List<ReceivedFrame> Cut(ref ReadOnlySequence<byte> buffer, DateTimeOffset receivedAt)
    {
        var frames = new List<ReceivedFrame>();
        while (buffer.Length > 0)
        {
            var window = buffer.Slice(0, Math.Min(buffer.Length, framer.MaxFrameLength * 2L));
            var data = window.IsSingleSegment ? window.FirstSpan : window.ToArray();
            var match = framer.Find(data);
            var skip = Math.Clamp(match.Skip, 0, data.Length);
            if (skip > 0)
            {
                Interlocked.Add(ref _garbage, skip);
            }

            if (match.Length > 0 && skip + match.Length <= data.Length)
            {
                frames.Add(new ReceivedFrame(data.Slice(skip, match.Length).ToArray(), receivedAt));
                buffer = buffer.Slice(skip + match.Length);
                continue;
            }

            buffer = buffer.Slice(skip);
            if (skip > 0)
            {
                // The window moves past the noise: what follows may be whole already.
                continue;
            }

            if (data.Length == framer.MaxFrameLength * 2 && buffer.Length > data.Length)
            {
                // Twice the longest frame seen and still no frame at its start: a byte of noise.
                Interlocked.Increment(ref _garbage);
                buffer = buffer.Slice(1);
                continue;
            }

            break;
        }

        return frames;
    }

    private SerialPort? TryOpen(ref int failures)
    {
        SerialPort? port = null;
        try
        {
            port = new SerialPort(settings.Path, settings.BaudRate, settings.Parity, settings.DataBits, settings.StopBits)
            {
                Handshake = settings.Handshake,
                // A vanished port blocks a write for ever with the default (-1).
                WriteTimeout = (int)(settings.WriteTimeout ?? TimeSpan.FromSeconds(2)).TotalMilliseconds,
            };
            port.Open();
            failures = 0;
            return port;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            // Absent (not plugged yet), or busy: try again shortly; said once per outage.
            if (failures++ == 0)
            {
                Log.NotOpen(logger, settings.Path, ex.Message);
            }

            port?.Dispose();
            return null;
        }
    }

    /// <summary>Closing a port whose device vanished can hang: on a background task, with a deadline.</summary>
    private async Task CloseAsync(SerialPort port)
    {
        try
        {
            await Task.Run(port.Dispose).WaitAsync(CloseDeadline).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or ObjectDisposedException)
        {
            Log.CloseHung(logger, settings.Path);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Serial port {Port} open")]
        public static partial void Opened(ILogger logger, string port);

        [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Serial port {Path} cannot be opened ({Reason}); trying again every few seconds")]
        public static partial void NotOpen(ILogger logger, string path, string reason);

        [LoggerMessage(EventId = 1202, Level = LogLevel.Warning, Message = "Serial port {Path} went away (unplugged?); reopening when it is back")]
        public static partial void Lost(ILogger logger, string path);

        [LoggerMessage(EventId = 1203, Level = LogLevel.Warning, Message = "Serial port {Path}: a command could not be sent ({Reason})")]
        public static partial void WriteFailed(ILogger logger, string path, string reason);

        [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Serial port {Path} did not close in time; left to the system")]
        public static partial void CloseHung(ILogger logger, string path);
    }
}
