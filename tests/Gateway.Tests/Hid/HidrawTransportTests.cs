using EdgeGateway.DeviceDrivers.Hid.Omron;
using EdgeGateway.DeviceDrivers.Simulation;
using EdgeGateway.DeviceDrivers.Transports;
using EdgeGateway.DeviceDrivers.Transports.Hid;
using EdgeGateway.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeGateway.Gateway.Tests.Hid;

/// <summary>
/// The hidraw transport on a socat pty pair standing in for the node (no USB device here). What differs
/// from a real hidraw node, and what these tests therefore do not show: hidraw hands over one whole report
/// per read and per write, a pty a byte stream; and HIDIOCSFEATURE fails on a pty (ENOTTY).
/// </summary>
public sealed class HidrawTransportTests : IDisposable
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
    public async Task ReportsGoOutWithTheReportNumberFirst_FeatureReportsAreRefusedByAPty_AndTheNodeReopensAfterAnUnplug()
    {
        await _cable.PlugAsync();
        var monitor = new Recording(new OmronSimulator([OmronEncoder.Payload(new DateTime(2026, 11, 29, 8, 0, 0), 120, 80, 70)]));
        var sessions = new List<OmronSession>();
        var transport = new HidrawTransport(new HidrawSettings(_cable.GatewayEnd), () =>
        {
            var session = new OmronSession();
            sessions.Add(session);
            return session;
        }, TimeProvider.System, NullLogger<HidrawTransport>.Instance);
        var device = PtyDevice.Start(_cable, monitor);
        var frames = Collect(transport);

        await Eventually.Holds(() => frames.Count == 1, 30);
        Assert.Equal(OmronDecoder.Length, frames.Single().Bytes.Length);
        Assert.True(frames.Single().FromMemory);
        // The clear block's first report, as written to the node: report number 0, count 7, seven zeros.
        Assert.Equal([0x00, 0x07, 0, 0, 0, 0, 0, 0, 0], monitor.Received.Take(9));
        Assert.Equal(0, monitor.Received.Count % 9);
        Assert.False(sessions[0].FeatureReportTaken);
        Assert.Equal(TransportState.Connected, transport.State);

        // Unplugged: the node vanishes; back, it is opened again and the memory downloaded again.
        _cable.Unplug();
        device.Dispose();
        await Eventually.Holds(() => transport.State != TransportState.Connected, 10);
        ((OmronSimulator)monitor.Inner).On = true;
        await _cable.PlugAsync();
        using var again = PtyDevice.Start(_cable, monitor);
        await Eventually.Holds(() => transport.Opens == 2 && frames.Count == 2, 30);
    }

    [Fact]
    public async Task AbsentNode_IsWaitedFor()
    {
        var transport = new HidrawTransport(new HidrawSettings(_cable.GatewayEnd), () => new OmronSession(), TimeProvider.System, NullLogger<HidrawTransport>.Instance);
        var frames = Collect(transport);
        await Eventually.Holds(() => transport.State == TransportState.Disconnected, 10);

        await _cable.PlugAsync();
        using var device = PtyDevice.Start(_cable, new OmronSimulator([OmronEncoder.Payload(new DateTime(2026, 11, 29, 8, 0, 0), 120, 80, 70)]));

        await Eventually.Holds(() => frames.Count == 1, 30);
        Assert.Equal(1, transport.Opens);
    }

    private List<ReceivedFrame> Collect(HidrawTransport transport)
    {
        var frames = new List<ReceivedFrame>();
        _ = Task.Run(async () =>
        {
            await foreach (var frame in transport.ReadFramesAsync(_stop.Token))
            {
                lock (frames)
                {
                    frames.Add(frame);
                }
            }
        });
        return frames;
    }

    /// <summary>Keeps every byte the gateway wrote to the node.</summary>
    private sealed class Recording(IAnsweringSimulator inner) : IAnsweringSimulator
    {
        private readonly List<byte> _received = [];

        public IAnsweringSimulator Inner => inner;

        public string Protocol => inner.Protocol;

        public List<byte> Received
        {
            get
            {
                lock (_received)
                {
                    return [.. _received];
                }
            }
        }

        public byte[] Receive(ReadOnlySpan<byte> fromGateway)
        {
            lock (_received)
            {
                _received.AddRange(fromGateway);
            }

            return inner.Receive(fromGateway);
        }
    }
}
