using System.IO.Ports;
using System.Runtime.CompilerServices;
using EdgeGateway.DeviceDrivers.Transports.Links;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.DeviceDrivers.Transports.Serial;

/// <summary>
/// A serial port (RS-232, USB-serial) as a frame transport: opens it with its settings and runs the
/// protocol's session over it — a framer for devices that stream (garbage between frames is dropped
/// and counted), a conversation for those that must be asked or answered. When the port goes away —
/// cable pulled, adapter unplugged — it is closed and opened again as soon as it is back, for as
/// long as the gateway runs. A port absent at start is waited for.
/// </summary>
public sealed partial class SerialTransport : IFrameTransport
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan CloseDeadline = TimeSpan.FromSeconds(5);

    private readonly SerialSettings settings;
    private readonly Func<ILinkSession> session;
    private readonly TimeProvider time;
    private readonly ILogger<SerialTransport> logger;
    private SerialPort? _port;
    private StreamLink? _link;
    private long _garbage;
    private int _opens;

    /// <summary>A transport that runs a new <paramref name="session"/> each time the port opens.</summary>
    public SerialTransport(SerialSettings settings, Func<ILinkSession> session, TimeProvider time, ILogger<SerialTransport> logger)
    {
        this.settings = settings;
        this.session = session;
        this.time = time;
        this.logger = logger;
    }

    /// <summary>A transport for a device that streams: <paramref name="framer"/> cuts its frames; <paramref name="onOpen"/> is sent on each open.</summary>
    public SerialTransport(SerialSettings settings, IFramer framer, TimeProvider time, ILogger<SerialTransport> logger, byte[]? onOpen = null)
        : this(settings, () => new FramedSession(framer, onOpen), time, logger)
    {
    }

    /// <inheritdoc />
    public TransportState State { get; private set; } = TransportState.Connecting;

    /// <summary>Bytes dropped because they belonged to no frame (noise, lost sync, a wrong baud rate).</summary>
    public long GarbageBytes => Interlocked.Read(ref _garbage);

    /// <summary>How many times the port was opened (the first time and after every unplug).</summary>
    public int Opens => Volatile.Read(ref _opens);

    /// <inheritdoc />
    public async IAsyncEnumerable<ReceivedFrame> ReadFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var retry = new ReconnectDelay(FirstRetry, LastRetry);
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            State = TransportState.Connecting;
            var port = TryOpen(ref failures);
            if (port is null)
            {
                State = TransportState.Disconnected;
                await retry.WaitAsync(time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            State = TransportState.Connected;
            Interlocked.Increment(ref _opens);
            Volatile.Write(ref _port, port);
            var link = new StreamLink(settings.Path, port.BaseStream, time, settings.WriteTimeout ?? TimeSpan.FromSeconds(2),
                bytes => Interlocked.Add(ref _garbage, bytes), logger);
            Volatile.Write(ref _link, link);
            Log.Opened(logger, settings.ToString());
            var openedAt = time.GetUtcNow();
            var current = session();
            try
            {
                // On shutdown a blocked read is released by closing the port — on the pool, with
                // the same deadline as any close (a vanished device's close can hang).
                using (cancellationToken.Register(static state => ((SerialTransport)state!).CloseInBackground(), this))
                {
                    await foreach (var frame in current.RunAsync(link, cancellationToken).ConfigureAwait(false))
                    {
                        yield return frame;
                    }
                }
            }
            finally
            {
                DownloadReport.Report(current, settings.Path, logger);
                // Whoever stops reading — a lost port, the gateway stopping, a caller that gave up —
                // the port is closed, or the next open would find it busy.
                Volatile.Write(ref _link, null);
                Volatile.Write(ref _port, null);
                State = TransportState.Disconnected;
                await CloseAsync(port).ConfigureAwait(false);
                await link.DisposeAsync().ConfigureAwait(false);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            Log.Lost(logger, settings.Path);
            // A port that opens and fails at once (a flaky adapter) backs off like one that does not open.
            retry.Held(openedAt, time.GetUtcNow());
            await retry.WaitAsync(time, cancellationToken).ConfigureAwait(false);
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
    public Task<bool> WriteAsync(ReadOnlyMemory<byte> command, CancellationToken cancellationToken) =>
        Volatile.Read(ref _link) is { } link ? link.WriteAsync(command, cancellationToken) : Task.FromResult(false);

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

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


        [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Serial port {Path} did not close in time; left to the system")]
        public static partial void CloseHung(ILogger logger, string path);
    }
}
