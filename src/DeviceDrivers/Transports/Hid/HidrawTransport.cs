using System.Runtime.CompilerServices;
using EdgeGateway.DeviceDrivers.Transports.Links;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.DeviceDrivers.Transports.Hid;

/// <summary>
/// A USB HID device through its hidraw node (<c>/dev/hidrawN</c>) as a frame transport: opens the node and
/// runs the protocol's session over it — input reports in, one output report per write, feature reports
/// beside. When the device goes away (unplugged, switched off) the node vanishes: it is closed and opened
/// again as soon as it is back, for as long as the gateway runs; a node absent at start is waited for.
/// The node must be readable and writable by the gateway (a udev rule, see the Omron README).
/// </summary>
public sealed partial class HidrawTransport : IFrameTransport
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    private readonly HidrawSettings _settings;
    private readonly Func<ILinkSession> _session;
    private readonly TimeProvider _time;
    private readonly ILogger<HidrawTransport> _logger;
    private long _garbage;
    private int _opens;

    /// <summary>A transport that runs a new <paramref name="session"/> each time the node opens.</summary>
    public HidrawTransport(HidrawSettings settings, Func<ILinkSession> session, TimeProvider time, ILogger<HidrawTransport> logger)
    {
        _settings = settings;
        _session = session;
        _time = time;
        _logger = logger;
    }

    /// <inheritdoc />
    public TransportState State { get; private set; } = TransportState.Connecting;

    /// <summary>Bytes dropped because they belonged to no answer.</summary>
    public long GarbageBytes => Interlocked.Read(ref _garbage);

    /// <summary>How many times the node was opened (the first time and after every unplug).</summary>
    public int Opens => Volatile.Read(ref _opens);

    /// <inheritdoc />
    public async IAsyncEnumerable<ReceivedFrame> ReadFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var retry = new ReconnectDelay(FirstRetry, LastRetry);
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            State = TransportState.Connecting;
            var node = TryOpen(ref failures);
            if (node is null)
            {
                State = TransportState.Disconnected;
                if (!await DelayAsync(retry, cancellationToken).ConfigureAwait(false))
                {
                    yield break;
                }

                continue;
            }

            State = TransportState.Connected;
            Interlocked.Increment(ref _opens);
            var stream = new StreamLink(_settings.Path, node, _time, _settings.WriteTimeout ?? TimeSpan.FromSeconds(2),
                bytes => Interlocked.Add(ref _garbage, bytes), _logger);
            var link = new HidReportLink(stream, node, _settings.ReportId);
            Log.Opened(_logger, _settings.ToString());
            var openedAt = _time.GetUtcNow();
            var session = _session();
            try
            {
                await foreach (var frame in session.RunAsync(link, cancellationToken).ConfigureAwait(false))
                {
                    yield return frame;
                }
            }
            finally
            {
                DownloadReport.Report(session, _settings.Path, _logger);
                // The pump's read gives up within a poll slice; then the node can close.
                State = TransportState.Disconnected;
                await stream.DisposeAsync().ConfigureAwait(false);
                await node.DisposeAsync().ConfigureAwait(false);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            Log.Lost(_logger, _settings.Path);
            // A node that opens and fails at once backs off like one that does not open.
            retry.Held(openedAt, _time.GetUtcNow());
            if (!await DelayAsync(retry, cancellationToken).ConfigureAwait(false))
            {
                yield break;
            }
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private HidrawStream? TryOpen(ref int failures)
    {
        try
        {
            var node = HidrawStream.Open(_settings.Path, _settings.WriteTimeout ?? TimeSpan.FromSeconds(2));
            failures = 0;
            return node;
        }
        catch (IOException ex)
        {
            // Absent (not plugged, switched off) or not allowed: tried again shortly; said once per outage.
            if (failures++ == 0)
            {
                Log.NotOpen(_logger, _settings.Path, ex.Message);
            }

            return null;
        }
    }

    private async Task<bool> DelayAsync(ReconnectDelay delay, CancellationToken cancellationToken)
    {
        try
        {
            await delay.WaitAsync(_time, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1240, Level = LogLevel.Information, Message = "HID device {Node} open")]
        public static partial void Opened(ILogger logger, string node);

        [LoggerMessage(EventId = 1241, Level = LogLevel.Warning, Message = "HID device {Path} cannot be opened ({Reason}); trying again every few seconds")]
        public static partial void NotOpen(ILogger logger, string path, string reason);

        [LoggerMessage(EventId = 1242, Level = LogLevel.Information, Message = "HID device {Path} closed (unplugged, switched off, or its session ended); reopening when it is back")]
        public static partial void Lost(ILogger logger, string path);
    }
}
