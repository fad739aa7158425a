using System.Net;
using System.Net.Sockets;

namespace EdgeGateway.Tests.Shared;

/// <summary>
/// A small TCP proxy on loopback standing for the clinic's poor link: it forwards to a real
/// server, and can cut every open connection at once (a reset, as when the 4G link drops) or
/// refuse new ones for a while (no route).
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly IPEndPoint _target;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(Socket Client, Socket Server)> _open = [];
    private readonly Task _accepting;
    private int _connections;

    /// <summary>Forwards <paramref name="listenPort"/> (0: any free port) to <paramref name="targetPort"/>.</summary>
    public TcpProxy(int targetPort, int listenPort = 0)
    {
        _listener = new TcpListener(IPAddress.Loopback, listenPort);
        _target = new IPEndPoint(IPAddress.Loopback, targetPort);
        _listener.Start();
        _accepting = AcceptLoopAsync();
    }

    /// <summary>The proxy's own port.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>While true, new connections are reset at once.</summary>
    public bool Refusing { get; set; }

    /// <summary>Connections accepted and forwarded so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Resets every open connection, both ways, without a goodbye.</summary>
    public void CutAll()
    {
        lock (_open)
        {
            foreach (var (client, server) in _open)
            {
                Reset(client);
                Reset(server);
            }

            _open.Clear();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

        // Only once nothing more can be accepted: no connection escapes the cut.
        CutAll();

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            if (Refusing)
            {
                Reset(client);
                continue;
            }

            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await server.ConnectAsync(_target, _stop.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                Reset(client);
                server.Dispose();
                continue;
            }

            Interlocked.Increment(ref _connections);
            lock (_open)
            {
                _open.Add((client, server));
            }

            _ = PumpAsync(client, server);
            _ = PumpAsync(server, client);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            Reset(from);
            Reset(to);
        }
    }

    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // Already gone.
        }
    }
}
