using System.Net;
using System.Net.Sockets;
using System.Text;
using EdgeGateway.DeviceDrivers.Hl7v2;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.Gateway.Ingest;
using EdgeGateway.Gateway.Tests.Support;
using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.Gateway.Tests.Lan;

/// <summary>The whole gateway listening for a patient monitor's HL7 v2 over MLLP on a real loopback socket.</summary>
public sealed class Hl7EndToEndTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task MonitorSendsOru_GetsAA_AndTheReadingsCarryThePatientFromPid3_StoredOnceWhenSentAgain()
    {
        var port = FreePort();
        await using var gateway = await StartAsync(port, "127.0.0.1");
        var outbox = gateway.App.Services.GetRequiredService<Outbox>();
        using var monitor = await ConnectAsync(port);
        var stream = monitor.GetStream();

        var ack = await SendAsync(stream, Hl7Messages.WithIns("M-1"));

        Assert.Contains("\rMSA|AA|M-1|", ack, StringComparison.Ordinal);
        // The ACK comes after the readings are durable: they are in the Outbox now, not eventually.
        var stored = outbox.ReadPage(0, 100).Select(s => s.Reading).ToList();
        Assert.Equal([Loinc.BloodPressurePanel, Loinc.OxygenSaturationByPulseOximetry], stored.Select(r => r.Measurement.Code));
        Assert.All(stored, r => Assert.Equal(new PatientContext("184077512345678", PatientContext.InsSystem), r.Patient));
        Assert.All(stored, r => Assert.Equal(new DateTimeOffset(2026, 11, 29, 10, 14, 0, TimeSpan.FromHours(1)), r.DeviceTime));
        Assert.All(stored, r => Assert.Equal("mon-1", r.DeviceId));

        // The monitor did not see our ACK and sends the same message again: acknowledged, stored once.
        Assert.Contains("\rMSA|AA|M-1|", await SendAsync(stream, Hl7Messages.WithIns("M-1")), StringComparison.Ordinal);
        Assert.Equal(2, outbox.Count);
    }

    [Fact]
    public async Task UnknownCodesNonNumericValuesAndOtherMessageTypes_AreAnsweredAEOrAR_Counted_AndTheConnectionGoesOn()
    {
        var port = FreePort();
        await using var gateway = await StartAsync(port, "127.0.0.0/24");
        var outbox = gateway.App.Services.GetRequiredService<Outbox>();
        var statistics = gateway.App.Services.GetRequiredService<IngestStatistics>();
        using var monitor = await ConnectAsync(port);
        var stream = monitor.GetStream();

        var unknown = Hl7Messages.WithIns("M-2").Replace("150456^MDC_PULS_OXIM_SAT_O2^MDC", "160324^MDC_SPO2_SIGNAL_QUALITY_INDEX^MDC", StringComparison.Ordinal)
            .Replace("|82|", "|8x|", StringComparison.Ordinal);
        var ae = await SendAsync(stream, unknown);
        Assert.Contains("\rMSA|AE|M-2|1 reading(s) stored; 2 part(s) left out", ae, StringComparison.Ordinal);
        Assert.Contains("\rERR||OBX^", ae, StringComparison.Ordinal);

        var ar = await SendAsync(stream, Hl7Messages.WithIns("M-3").Replace("ORU^R01^ORU_R01", "ADT^A01^ADT_A01", StringComparison.Ordinal));
        Assert.Contains("\rMSA|AR|M-3|", ar, StringComparison.Ordinal);
        Assert.Contains("200^Unsupported message type", ar, StringComparison.Ordinal);

        // Garbage on the line, then a good message on the same connection.
        await stream.WriteAsync("noise\r\n"u8.ToArray());
        Assert.Contains("\rMSA|AA|M-4|", await SendAsync(stream, Hl7Messages.WithIns("M-4", systolic: "131")), StringComparison.Ordinal);

        // Half the panel (a systolic without its diastolic is kept alone), then the good one.
        Assert.Equal(3, outbox.Count);
        Assert.Equal(3, statistics.DecodeErrors);
    }

    [Fact]
    public async Task APeerNotAllowed_IsClosedAtOnce()
    {
        var port = FreePort();
        await using var gateway = await StartAsync(port, "192.0.2.0/24");
        using var stranger = await ConnectAsync(port);
        var stream = stranger.GetStream();
        await stream.WriteAsync(MllpFramer.Wrap(Encoding.Latin1.GetBytes(Hl7Messages.WithIns("X-1"))));

        var buffer = new byte[64];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int read;
        try
        {
            read = await stream.ReadAsync(buffer, timeout.Token);
        }
        catch (IOException)
        {
            read = 0;   // reset by the gateway
        }

        Assert.Equal(0, read);
        Assert.Equal(0, gateway.App.Services.GetRequiredService<Outbox>().Count);
        await Eventually.Holds(async () => (await gateway.Http.GetStringAsync("/metrics")).Contains("edgegateway_link_connections_refused_total", StringComparison.Ordinal), 10);
    }

    internal static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    internal static async Task<TcpClient> ConnectAsync(int port)
    {
        TcpClient? client = null;
        await Eventually.Holds(async () =>
        {
            client?.Dispose();
            client = new TcpClient();
            try
            {
                await client.ConnectAsync(IPAddress.Loopback, port);
                return true;
            }
            catch (SocketException)
            {
                return false;
            }
        }, 20);
        return client!;
    }

    /// <summary>Sends one message in an MLLP block and reads the ACK block back.</summary>
    private static async Task<string> SendAsync(NetworkStream stream, string message)
    {
        await stream.WriteAsync(MllpFramer.Wrap(Encoding.Latin1.GetBytes(message)));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var received = new List<byte>();
        var buffer = new byte[4096];
        while (!(received.Count >= 2 && received[^2] == MllpFramer.EndBlock && received[^1] == 0x0D))
        {
            var read = await stream.ReadAsync(buffer, timeout.Token);
            Assert.NotEqual(0, read);
            received.AddRange(buffer.AsSpan(0, read));
        }

        Assert.Equal(MllpFramer.StartBlock, received[0]);
        return Encoding.Latin1.GetString([.. received]);
    }

    private Task<GatewayUnderTest> StartAsync(int port, string allowFrom) =>
        GatewayUnderTest.StartWithoutDemoAsync(_root.Path, "--Devices:0:Id=mon-1", "--Devices:0:Protocol=hl7v2",
            $"--Devices:0:Listen=127.0.0.1:{port}", $"--Devices:0:AllowFrom:0={allowFrom}");
}
