using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using EdgeGateway.DeviceDrivers.Transports.Links;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.DeviceDrivers.Transports.Tcp;

/// <summary>
/// A listening TCP port for devices that connect to the gateway (a patient monitor's HL7 v2 over MLLP,
/// an analyser's ASTM over TCP): each allowed connection runs its own protocol session; frames from
/// all of them come out one at a time, and a session resumes only once its frame was handled (so it
/// acknowledges only what is durable). Peers not allowed are closed at once. The port is bound again
/// if binding fails (address in use) and reopened after any failure.
/// </summary>
public sealed partial class TcpListenerTransport : IFrameTransport
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(5);

    private readonly IPEndPoint _endpoint;
    private readonly Func<ILinkSession> _session;
    private readonly TimeProvider _time;
    private readonly ILogger<TcpListenerTransport> _logger;
    private readonly IReadOnlyList<IPNetwork> _allowFrom;
    private readonly int _maxConnections;
    private int _connections;
    private long _garbage;
    private long _refused;

    /// <summary>A listener on <paramref name="endpoint"/> taking connections from <paramref name="allowFrom"/> only.</summary>
    public TcpListenerTransport(IPEndPoint endpoint, IReadOnlyList<IPNetwork> allowFrom, Func<ILinkSession> session, TimeProvider time,
        ILogger<TcpListenerTransport> logger, int maxConnections = 8)
    {
        _endpoint = endpoint;
        _allowFrom = allowFrom;
        _session = session;
        _time = time;
        _logger = logger;
        _maxConnections = maxConnections;
    }

    /// <inheritdoc />
    public TransportState State { get; private set; } = TransportState.Connecting;

    /// <summary>The address actually listened on (its port, when 0 was asked for), once listening.</summary>
    public IPEndPoint? LocalEndpoint { get; private set; }

    /// <summary>Connections open now.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Connections refused (a peer not allowed).</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Bytes that belonged to no frame.</summary>
    public long GarbageBytes => Interlocked.Read(ref _garbage);

    /// <inheritdoc />
    public async IAsyncEnumerable<ReceivedFrame> ReadFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var retry = new ReconnectDelay(FirstRetry, LastRetry);
        while (!cancellationToken.IsCancellationRequested)
        {
            State = TransportState.Connecting;
            var listener = new TcpListener(_endpoint);
            try
            {
                listener.Start();
            }
            catch (SocketException ex)
            {
                listener.Dispose();
                State = TransportState.Disconnected;
                Log.CannotListen(_logger, _endpoint.ToString(), ex.Message);
                await retry.WaitAsync(_time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            LocalEndpoint = (IPEndPoint)listener.LocalEndpoint;
            var listeningSince = _time.GetUtcNow();
            State = TransportState.Connected;
            Log.Listening(_logger, LocalEndpoint.ToString());
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            // One frame at a time: a session waits until its frame was handled before it answers.
            var frames = Channel.CreateBounded<(ReceivedFrame Frame, TaskCompletionSource Handled)>(1);
            var accepting = AcceptAsync(listener, frames.Writer, stop.Token);
            try
            {
                await foreach (var (frame, handled) in frames.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
                {
                    yield return frame;
                    handled.TrySetResult();
                }
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                listener.Stop();
                listener.Dispose();
                await accepting.ConfigureAwait(false);
                State = TransportState.Disconnected;
            }

            if (!cancellationToken.IsCancellationRequested)
            {
                // The listener failed: bound again after a pause, not in a tight loop.
                Log.CannotListen(_logger, _endpoint.ToString(), "the listening socket failed");
                retry.Held(listeningSince, _time.GetUtcNow());
                await retry.WaitAsync(_time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task AcceptAsync(TcpListener listener, ChannelWriter<(ReceivedFrame, TaskCompletionSource)> frames, CancellationToken cancellationToken)
    {
        var connections = new List<Task>();
        var open = new List<CancellationTokenSource>();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
                connections.RemoveAll(c => c.IsCompleted);
                CancellationTokenSource? oldest;
                lock (open)
                {
                    oldest = Volatile.Read(ref _connections) >= _maxConnections && open.Count > 0 ? open[0] : null;
                }
                var peer = (IPEndPoint)client.Client.RemoteEndPoint!;
                var address = peer.Address.IsIPv4MappedToIPv6 ? peer.Address.MapToIPv4() : peer.Address;
                if (!_allowFrom.Any(network => network.Contains(address)))
                {
                    Interlocked.Increment(ref _refused);
                    LinkMetrics.ConnectionsRefused.Add(1);
                    Log.PeerRefused(_logger, address.ToString(), _endpoint.Port);
                    client.Dispose();
                    continue;
                }

                if (oldest is not null)
                {
                    // Full, most likely of connections whose peer vanished (a monitor switched off):
                    // the oldest makes room, so a device reconnecting is never locked out.
                    Log.TooMany(_logger, address.ToString(), _maxConnections);
                    try
                    {
                        await oldest.CancelAsync().ConfigureAwait(false);
                    }
                    catch (ObjectDisposedException)
                    {
                        // It closed by itself meanwhile.
                    }
                }

                var connection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                lock (open)
                {
                    open.Add(connection);
                }
                connections.Add(ServeAsync(client, peer.ToString(), frames, connection, open));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // Stopping, or the listener failed: the caller binds again.
        }
        finally
        {
            frames.TryComplete();
            await Task.WhenAll(connections).ConfigureAwait(false);
        }
    }

    private async Task ServeAsync(TcpClient client, string peer, ChannelWriter<(ReceivedFrame, TaskCompletionSource)> frames, CancellationTokenSource connection,
        List<CancellationTokenSource> open)
    {
        var cancellationToken = connection.Token;
        Interlocked.Increment(ref _connections);
        Log.Connected(_logger, peer);
        client.NoDelay = true;
        // A peer that vanished without closing (power cut, cable pulled) is found within a few minutes.
        client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 60);
        client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 10);
        client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 6);
        var link = new StreamLink(peer, client.GetStream(), _time, WriteTimeout, bytes => Interlocked.Add(ref _garbage, bytes), _logger);
        try
        {
            await foreach (var frame in _session().RunAsync(link, cancellationToken).ConfigureAwait(false))
            {
                var handled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await frames.WriteAsync((frame, handled), cancellationToken).ConfigureAwait(false);
                await handled.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ChannelClosedException or ObjectDisposedException)
        {
            // The peer left or the gateway stops: what was not acknowledged is sent again by the peer.
        }
        finally
        {
            // Closing the socket releases the link's pending read.
            client.Dispose();
            await link.DisposeAsync().ConfigureAwait(false);
            Interlocked.Decrement(ref _connections);
            Log.Disconnected(_logger, peer);
            lock (open)
            {
                open.Remove(connection);
            }

            connection.Dispose();
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = 1220, Level = LogLevel.Information, Message = "Listening for devices on {Endpoint}")]
        public static partial void Listening(ILogger logger, string endpoint);

        [LoggerMessage(EventId = 1221, Level = LogLevel.Warning, Message = "Cannot listen on {Endpoint} ({Reason}); trying again shortly")]
        public static partial void CannotListen(ILogger logger, string endpoint, string reason);

        [LoggerMessage(EventId = 1222, Level = LogLevel.Warning, Message = "Connection from {Address} to port {Port} refused: not in the device's AllowFrom list")]
        public static partial void PeerRefused(ILogger logger, string address, int port);

        [LoggerMessage(EventId = 1223, Level = LogLevel.Warning, Message = "Connection from {Address}: already {Max} connections open, the oldest is closed")]
        public static partial void TooMany(ILogger logger, string address, int max);

        [LoggerMessage(EventId = 1224, Level = LogLevel.Information, Message = "Device connected from {Peer}")]
        public static partial void Connected(ILogger logger, string peer);

        [LoggerMessage(EventId = 1225, Level = LogLevel.Information, Message = "Device at {Peer} disconnected")]
        public static partial void Disconnected(ILogger logger, string peer);
    }
}
