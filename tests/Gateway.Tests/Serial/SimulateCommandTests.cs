using EdgeGateway.DeviceDrivers.Astm;
using EdgeGateway.DeviceDrivers.Serial.AsciiLine;
using EdgeGateway.DeviceDrivers.Serial.Nonin;
using EdgeGateway.DeviceDrivers.Transports;
using EdgeGateway.DeviceDrivers.Transports.Serial;
using EdgeGateway.Gateway.Cli;
using EdgeGateway.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeGateway.Gateway.Tests.Serial;

/// <summary><c>edgegateway simulate</c> on one end of a pty pair, the serial transport on the other: how a technician tests a cable.</summary>
public sealed class SimulateCommandTests : IDisposable
{
    private readonly SocatPair _cable = new();

    public void Dispose() => _cable.Dispose();

    [Fact]
    public async Task Simulate_WritesFramesTheTransportAndDecoderRead()
    {
        await _cable.PlugAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var transport = new SerialTransport(new SerialSettings(_cable.GatewayEnd), new SyncBitFramer(NoninDf8Decoder.Length), TimeProvider.System, NullLogger<SerialTransport>.Instance);
        var (frames, reading) = FrameCollector.Start(transport, stop.Token);
        await Eventually.Holds(() => transport.State == TransportState.Connected, 10);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await GatewayCommandLine.InvokeAsync(["simulate", "--device", "nonin-df8", "--port", _cable.DeviceEnd, "--count", "3", "--interval", "0.05"], stdout, stderr);

        Assert.True(exit == 0, stderr.ToString());
        Assert.Contains("3 frame(s) written", stdout.ToString(), StringComparison.Ordinal);
        await Eventually.Holds(() => frames.Count == 3, 10);
        Assert.All(frames, f => Assert.True(new NoninDf8Decoder().Decode(f.Bytes.Span).IsSuccess));
        await stop.CancelAsync();
        await reading;
    }

    [Fact]
    public async Task Simulate_Astm_HoldsTheConversation_AndEachResultIsAcknowledged()
    {
        await _cable.PlugAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var transport = new SerialTransport(new SerialSettings(_cable.GatewayEnd), () => new AstmSession(), TimeProvider.System, NullLogger<SerialTransport>.Instance);
        var decoder = new AstmDecoder([new AstmTest("GLU", "41653-7", "Glucose [Mass/volume] in Capillary blood by Glucometer", "mg/dL", "mg/dL")]);
        var stored = 0;
        var reading = Task.Run(async () =>
        {
            await foreach (var frame in transport.ReadFramesAsync(stop.Token))
            {
                // The gateway's part: decoded and "stored", so the last frame of each message is acknowledged.
                Assert.Single(decoder.Decode(frame.Bytes.Span).Measurements);
                frame.Receipt!.Accepted(1, []);
                Interlocked.Increment(ref stored);
            }
        }, stop.Token);
        await Eventually.Holds(() => transport.State == TransportState.Connected, 10);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await GatewayCommandLine.InvokeAsync(["simulate", "--device", "astm", "--port", _cable.DeviceEnd, "--count", "2", "--interval", "0.05"], stdout, stderr);

        Assert.True(exit == 0, stderr.ToString());
        Assert.Equal(2, stdout.ToString().Split('\n').Count(line => line.Contains(": acknowledged R|1|^^^GLU|", StringComparison.Ordinal)));
        Assert.Equal(2, Volatile.Read(ref stored));
        await stop.CancelAsync();
        await reading;
    }

    [Fact]
    public async Task Simulate_AsciiLine_PrintsAScale_ThatTheReadmesFieldsRead()
    {
        await _cable.PlugAsync();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var transport = new SerialTransport(new SerialSettings(_cable.GatewayEnd), new LineFramer(), TimeProvider.System, NullLogger<SerialTransport>.Instance);
        var (frames, reading) = FrameCollector.Start(transport, stop.Token);
        await Eventually.Holds(() => transport.State == TransportState.Connected, 10);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await GatewayCommandLine.InvokeAsync(["simulate", "--device", "ascii-line", "--port", _cable.DeviceEnd, "--count", "6", "--interval", "0.05"], stdout, stderr);

        Assert.True(exit == 0, stderr.ToString());
        await Eventually.Holds(() => frames.Count == 6, 10);
        var decoder = new AsciiLineDecoder([new LineField(@"^ST,\+?(?<value>\d+\.\d+)\s*kg", "29463-7", "Body weight", "kg")], "^(US|OL),");
        var weights = frames.SelectMany(f => decoder.Decode(f.Bytes.Span).Measurements).ToList();
        Assert.Equal(2, weights.Count);
        Assert.All(weights, w => Assert.InRange(w.Value!.Quantity.Value!.Value, 55m, 95m));
        await stop.CancelAsync();
        await reading;
    }

    [Fact]
    public async Task Simulate_Bm58_AnswersTheGatewaysDownload_UntilTheCableIsPulled()
    {
        await _cable.PlugAsync();
        using var root = new TempDirectory();
        await using var gateway = await Support.GatewayUnderTest.StartWithoutDemoAsync(root.Path,
            "--Devices:0:Id=bp-1", "--Devices:0:Protocol=beurer-bm58", $"--Devices:0:Port={_cable.GatewayEnd}", "--Devices:0:Test=true");
        var outbox = gateway.App.Services.GetRequiredService<SyncAgent.Outbox.Outbox>();
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var simulate = GatewayCommandLine.InvokeAsync(["simulate", "--device", "beurer-bm58", "--port", _cable.DeviceEnd, "--count", "3"], stdout, stderr);
        await Eventually.Holds(() => outbox.ReadPage(0, 100).Count == 6, 30);
        _cable.Unplug();

        Assert.Equal(0, await simulate.WaitAsync(TimeSpan.FromSeconds(20)));
        var stored = outbox.ReadPage(0, 100).Select(r => r.Reading).ToList();
        Assert.All(stored, r => Assert.True(r.IsTest));
        Assert.Equal(3, stored.Count(r => r.Measurement.Code == "85354-9"));
        Assert.Contains("holding 3 reading(s)", stdout.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--device", "nonin-df99", "--port", "/dev/null")]
    [InlineData("--device", "nonin-df8")]
    public async Task Simulate_BadArguments_OneLineAndExit2(params string[] arguments)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await GatewayCommandLine.InvokeAsync(["simulate", .. arguments], stdout, stderr);

        Assert.Equal(2, exit);
        Assert.StartsWith("edgegateway simulate: ", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulate_PortThatDoesNotExist_SaysSo()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await GatewayCommandLine.InvokeAsync(["simulate", "--device", "nonin-df8", "--port", "/dev/ttyNOPE9"], stdout, stderr);

        Assert.Equal(1, exit);
        Assert.Contains("cannot open /dev/ttyNOPE9", stderr.ToString(), StringComparison.Ordinal);
    }
}
