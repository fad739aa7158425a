using System.IO.Ports;
using EdgeGateway.DeviceDrivers.Astm;
using EdgeGateway.DeviceDrivers.Simulation;
using EdgeGateway.Gateway.Ingest;
using EdgeGateway.Gateway.Tests.Support;
using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.Gateway.Tests.Lan;

/// <summary>The whole gateway receiving a point-of-care analyser's ASTM E1381/E1394, over TCP and over a serial cable.</summary>
public sealed class AstmEndToEndTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly SocatPair _cable = new();

    public void Dispose()
    {
        _cable.Dispose();
        _root.Dispose();
    }

    private static readonly string[] Table =
    [
        "--Devices:0:Tests:0:Code=GLU", "--Devices:0:Tests:0:Loinc=41653-7",
        "--Devices:0:Tests:0:Display=Glucose [Mass/volume] in Capillary blood by Glucometer",
        "--Devices:0:Tests:0:Unit=mg/dL", "--Devices:0:Tests:0:DeviceUnit=mg/dL",
    ];

    [Fact]
    public async Task OverTcp_AMultiFrameMessageWithOneCorruptedFrame_IsNakedResentAndStoredOnce()
    {
        var port = Hl7EndToEndTests.FreePort();
        await using var gateway = await GatewayUnderTest.StartWithoutDemoAsync(_root.Path,
            ["--Devices:0:Id=poc-1", "--Devices:0:Protocol=astm", $"--Devices:0:Listen=127.0.0.1:{port}", "--Devices:0:AllowFrom:0=127.0.0.1", .. Table]);
        var outbox = gateway.App.Services.GetRequiredService<Outbox>();
        using var analyser = await Hl7EndToEndTests.ConnectAsync(port);
        var sender = new AstmSender(analyser.GetStream(), TimeSpan.FromSeconds(15));

        // The result record spoilt on its first sending (one bit flipped): NAK, sent again, ACK.
        var sent = await sender.SendAsync(AstmSender.GlucoseMessage(112m, new DateTime(2026, 11, 29, 9, 40, 0)),
            (frame, attempt, bytes) => frame == 3 && attempt == 0 ? Flip(bytes) : bytes, CancellationToken.None);

        Assert.True(sent);
        Assert.Equal(1, sender.Retransmissions);
        var reading = Assert.Single(outbox.ReadPage(0, 10)).Reading;
        Assert.Equal(("41653-7", 112m, "mg/dL"), (reading.Measurement.Code, reading.Measurement.Value!.Quantity.Value!.Value, reading.Measurement.Value.Quantity.Unit));
        Assert.Equal(new DateTime(2026, 11, 29, 9, 40, 0), reading.DeviceTime!.Value.DateTime);
        Assert.Equal(0, gateway.App.Services.GetRequiredService<IngestStatistics>().DecodeErrors);
    }

    [Fact]
    public async Task OverASerialCable_ResultsAreStored_AfterASenderThatStoppedMidTransfer_AndAfterTheCableIsPulled()
    {
        await _cable.PlugAsync();
        await using var gateway = await GatewayUnderTest.StartWithoutDemoAsync(_root.Path,
            ["--Devices:0:Id=poc-1", "--Devices:0:Protocol=astm", $"--Devices:0:Port={_cable.GatewayEnd}", .. Table]);
        var outbox = gateway.App.Services.GetRequiredService<Outbox>();
        var statistics = gateway.App.Services.GetRequiredService<IngestStatistics>();

        using (var port = await OpenDeviceEndAsync())
        {
            // A sender that sends a header and stops, then starts over (ENQ): the unfinished message is discarded, the line goes on.
            await port.BaseStream.WriteAsync(new[] { AstmFrames.Enq });
            Assert.Equal(AstmFrames.Ack, await ReadByteAsync(port));
            await port.BaseStream.WriteAsync(AstmFrames.Frame(1, "H|\\^&\r"u8, last: true));
            Assert.Equal(AstmFrames.Ack, await ReadByteAsync(port));

            var sender = new AstmSender(port.BaseStream, TimeSpan.FromSeconds(15));
            await Eventually.Holds(async () => await sender.SendAsync(AstmSender.GlucoseMessage(98m, new DateTime(2026, 11, 29, 9, 45, 0)), null, CancellationToken.None), 60);
            await Eventually.Holds(() => outbox.ReadPage(0, 1000).Count == 1, 10);
        }

        _cable.Unplug();
        await Task.Delay(1500);
        await _cable.PlugAsync();
        using (var port = await OpenDeviceEndAsync())
        {
            var sender = new AstmSender(port.BaseStream, TimeSpan.FromSeconds(5));
            await Eventually.Holds(async () => await sender.SendAsync(AstmSender.GlucoseMessage(143m, new DateTime(2026, 11, 29, 9, 50, 0), "S2"), null, CancellationToken.None), 30);
        }

        Assert.Equal([98m, 143m], outbox.ReadPage(0, 10).Select(s => s.Reading.Measurement.Value!.Quantity.Value!.Value));
        Assert.Equal(0, statistics.DecodeErrors);
    }

    private async Task<SerialPort> OpenDeviceEndAsync()
    {
        await Eventually.Holds(() => File.Exists(_cable.DeviceEnd), 10);
        var port = new SerialPort(_cable.DeviceEnd, 9600);
        port.Open();
        return port;
    }

    private static async Task<byte> ReadByteAsync(SerialPort port)
    {
        var one = new byte[1];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        Assert.Equal(1, await port.BaseStream.ReadAsync(one, timeout.Token));
        return one[0];
    }

    private static byte[] Flip(byte[] frame)
    {
        var spoilt = (byte[])frame.Clone();
        spoilt[4] ^= 0x04;
        return spoilt;
    }
}
