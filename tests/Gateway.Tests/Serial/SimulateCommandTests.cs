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
