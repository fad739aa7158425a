using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeGateway.DeviceDrivers.Hl7v2;
using EdgeGateway.DeviceDrivers.Transports.Tcp;
using EdgeGateway.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeGateway.DeviceDrivers.Tests.Lan;

// The listener on a real loopback socket.
public sealed class TcpListenerTests
{
    [Fact]
    public async Task WhenFull_TheOldestConnectionMakesRoom_SoAReconnectingMonitorIsNeverLockedOut()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var transport = new TcpListenerTransport(new IPEndPoint(IPAddress.Loopback, 0), [IPNetwork.Parse("127.0.0.0/8")], () => new MllpSession(),
            TimeProvider.System, NullLogger<TcpListenerTransport>.Instance, maxConnections: 2);
        var reading = Task.Run(async () =>
        {
            await foreach (var frame in transport.ReadFramesAsync(stop.Token))
            {
                frame.Receipt!.Accepted(1, []);
            }
        }, stop.Token);
        await Eventually.Holds(() => transport.LocalEndpoint is not null, 10);
        var port = transport.LocalEndpoint!.Port;

        // Two connections whose monitors went silent (never closed).
        using var first = new TcpClient();
        await first.ConnectAsync(IPAddress.Loopback, port);
        await Eventually.Holds(() => transport.Connections == 1, 10);
        using var second = new TcpClient();
        await second.ConnectAsync(IPAddress.Loopback, port);
        await Eventually.Holds(() => transport.Connections == 2, 10);

        using var third = new TcpClient();
        await third.ConnectAsync(IPAddress.Loopback, port);
        var stream = third.GetStream();
        await stream.WriteAsync(MllpFramer.Wrap(Encoding.Latin1.GetBytes(Hl7Messages.WithIns("T-1"))), stop.Token);
        var answer = new byte[1024];
        var read = await stream.ReadAsync(answer, stop.Token);

        Assert.Contains("MSA|AA|T-1", Encoding.Latin1.GetString(answer, 0, read), StringComparison.Ordinal);
        // The oldest was closed by the gateway.
        Assert.Equal(0, await first.GetStream().ReadAsync(new byte[1], stop.Token));
        await Eventually.Holds(() => transport.Connections == 2, 10);
        await stop.CancelAsync();
        try
        {
            await reading;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
