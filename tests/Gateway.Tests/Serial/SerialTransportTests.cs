using EdgeGateway.DeviceDrivers.Serial.Nonin;
using EdgeGateway.DeviceDrivers.Transports;
using EdgeGateway.DeviceDrivers.Transports.Serial;
using EdgeGateway.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeGateway.Gateway.Tests.Serial;

/// <summary>The serial transport on a socat pty pair: a cable that can be pulled and plugged back.</summary>
public sealed class SerialTransportTests : IDisposable
{
    private readonly SocatPair _cable = new();
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromMinutes(2));

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        _cable.Dispose();
    }

    [Fact]
    public async Task Frames_WithGarbageBetween_AreFound_AndThePortReopensAfterAnUnplug()
    {
        await _cable.PlugAsync();
        var transport = new SerialTransport(new SerialSettings(_cable.GatewayEnd), new SyncBitFramer(NoninDf8Decoder.Length), TimeProvider.System, NullLogger<SerialTransport>.Instance);
        var frames = Collect(transport);
        await Eventually.Holds(() => transport.State == TransportState.Connected, 10);

        // Noise, a packet, noise, a packet.
        await _cable.WriteAsync([0x13, 0x37, .. NoninDf8Encoder.Encode(72, 97), 0x01, 0x02, .. NoninDf8Encoder.Encode(75, 98)]);
        await Eventually.Holds(() => frames.Count == 2, 10);
        Assert.Equal(NoninDf8Encoder.Encode(75, 98), frames.Last().Bytes.ToArray());
        Assert.Equal(4, transport.GarbageBytes);

        // The cable is pulled, then plugged back: the same transport reads again.
        _cable.Unplug();
        await Eventually.Holds(() => transport.State != TransportState.Connected, 10);
        await _cable.PlugAsync();
        await Eventually.Holds(() => transport.Opens == 2 && transport.State == TransportState.Connected, 20);
        await _cable.WriteAsync(NoninDf8Encoder.Encode(80, 96));
        await Eventually.Holds(() => frames.Count == 3, 10);
    }

    [Fact]
    public async Task NoiseThenABacklogOfPackets_EveryPacketIsFound()
    {
        await _cable.PlugAsync();
        var transport = new SerialTransport(new SerialSettings(_cable.GatewayEnd), new SyncBitFramer(NoninDf8Decoder.Length), TimeProvider.System, NullLogger<SerialTransport>.Instance);
        var frames = Collect(transport);
        await Eventually.Holds(() => transport.State == TransportState.Connected, 10);

        // Bytes with the sync bit but no packet behind them, then three packets, in one read.
        await _cable.WriteAsync([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, .. NoninDf8Encoder.Encode(70, 97), .. NoninDf8Encoder.Encode(71, 97), .. NoninDf8Encoder.Encode(72, 97)]);

        await Eventually.Holds(() => frames.Count == 3, 10);
        Assert.Equal(NoninDf8Encoder.Encode(70, 97), frames.First().Bytes.ToArray());
    }

    [Fact]
    public async Task AReaderThatStops_ClosesThePort()
    {
        await _cable.PlugAsync();
        var transport = new SerialTransport(new SerialSettings(_cable.GatewayEnd), new SyncBitFramer(NoninDf8Decoder.Length), TimeProvider.System, NullLogger<SerialTransport>.Instance);
        var write = Task.Run(async () =>
        {
            await Eventually.Holds(() => transport.State == TransportState.Connected, 10);
            await _cable.WriteAsync(NoninDf8Encoder.Encode(70, 97));
        });

        await foreach (var frame in transport.ReadFramesAsync(_stop.Token))
        {
            break; // the caller gives up after one frame
        }

        await write;
        Assert.Equal(TransportState.Disconnected, transport.State);
        Assert.False(await transport.WriteAsync(new byte[] { 0x00 }, CancellationToken.None));
    }

    [Fact]
    public async Task PortAbsentAtStart_IsWaitedFor()
    {
        var transport = new SerialTransport(new SerialSettings(_cable.GatewayEnd, 19200, System.IO.Ports.Parity.Odd), new SyncBitFramer(NoninDf8Decoder.Length), TimeProvider.System, NullLogger<SerialTransport>.Instance);
        var frames = Collect(transport);
        await Task.Delay(1500);
        Assert.Equal(0, transport.Opens);

        await _cable.PlugAsync();
        await Eventually.Holds(() => transport.State == TransportState.Connected, 20);
        await _cable.WriteAsync(NoninDf8Encoder.Encode(66, 99));

        await Eventually.Holds(() => frames.Count == 1, 10);
    }

    private System.Collections.Concurrent.ConcurrentQueue<ReceivedFrame> Collect(SerialTransport transport) =>
        FrameCollector.Start(transport, _stop.Token).Frames;
}
