using EdgeGateway.DeviceDrivers.Ble.BloodPressure;
using EdgeGateway.DeviceDrivers.Ble.Glucose;
using EdgeGateway.DeviceDrivers.Ble.PulseOximetry;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Transports;
using EdgeGateway.DeviceDrivers.Transports.Ble;
using EdgeGateway.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeGateway.Gateway.Tests.Bluetooth;

/// <summary>The Bluetooth transport against BlueZ's D-Bus API on a private bus (python-dbusmock), devices starting switched off.</summary>
public sealed class BleTransportTests : IAsyncLifetime
{
    private const string Cuff = "C0:00:00:00:18:10", Oximeter = "C0:00:00:00:18:22", Meter = "C0:00:00:00:18:08";
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private BlueZMock _bluez = null!;
    private BlueZCentral _central = null!;
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromMinutes(2));

    public async Task InitializeAsync()
    {
        _bluez = await BlueZMock.StartAsync([$"{Cuff},Cuff,bp+cts", $"{Oximeter},Oximeter,plx", $"{Meter},Meter,glucose"], records: 3);
        _central = new BlueZCentral(_bluez.Address, NullLogger<BlueZCentral>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _central.DisposeAsync();
        await _bluez.DisposeAsync();
        _stop.Dispose();
    }

    [Fact]
    public async Task NotifiedValues_BecomeFrames_AndADeviceThatComesBackIsReconnected()
    {
        var transport = Transport(Cuff, "ble-blood-pressure");
        var frames = Collect(transport);
        var first = BloodPressureEncoder.Encode(new BloodPressureSample(121, 76, 91, 72, new DateTime(2026, 11, 29, 9, 30, 0), 1, null));

        await _bluez.NotifyWhenSubscribedAsync(Cuff, 0x2A35, first);
        await Eventually.Holds(() => frames.Count == 1, 30);
        Assert.Equal(first, frames.Single().Bytes.ToArray());
        Assert.Equal(TransportState.Connected, transport.State);

        // The cuff goes out of range; it comes back (it accepts Connect again) and sends its next result.
        await _bluez.DisconnectAsync(Cuff);
        var second = BloodPressureEncoder.Encode(new BloodPressureSample(118, 74, 89, 70, new DateTime(2026, 11, 29, 9, 35, 0), 1, null));
        await Eventually.Holds(() => transport.Connections == 2, 30);
        await _bluez.NotifyWhenSubscribedAsync(Cuff, 0x2A35, second);

        await Eventually.Holds(() => frames.Count == 2, 30);
        Assert.Equal(second, frames.Last().Bytes.ToArray());
    }

    [Fact]
    public async Task Oximeter_SpotCheckIndicated_IsAFrame()
    {
        var frames = Collect(Transport(Oximeter, "ble-plx-spot"));
        var spot = PlxEncoder.EncodeSpot(new PlxSample(97, 64, new DateTime(2026, 11, 29, 9, 0, 5), null, 1u << 5, 42));

        await _bluez.NotifyWhenSubscribedAsync(Oximeter, 0x2A5E, spot);

        await Eventually.Holds(() => frames.Count == 1, 30);
        Assert.Equal(spot, frames.Single().Bytes.ToArray());
    }

    [Fact]
    public async Task GlucoseMeter_StoredRecordsAreDownloaded_AndAfterAReconnectionOnlyTheNewOnes()
    {
        DeviceRecord? lastStored = null;
        var transport = Transport(Meter, "ble-glucose", () => lastStored);
        var frames = Collect(transport);

        // Never read before: every record (1–3) is asked for.
        await Eventually.Holds(() => frames.Count == 3, 30);
        Assert.Equal([1, 2, 3], frames.Select(Sequence));
        Assert.Equal([0x01, 0x01], await _bluez.LastWrittenAsync(Meter, 0x2A52));

        Assert.All(frames, f => Assert.True(f.FromMemory));

        // The gateway stored up to 3; the meter took two more readings while away.
        lastStored = new DeviceRecord(3, Record(3).BaseTime);
        await _bluez.SetRecordsAsync(Meter, Enumerable.Range(1, 5).Select(i => GlucoseEncoder.EncodeMeasurement(Record(i))));
        await _bluez.DisconnectAsync(Meter);

        // Record 3 first (is it still the one stored? yes), then those after it.
        await Eventually.Holds(() => frames.Count == 6, 30);
        Assert.Equal([1, 2, 3, 3, 4, 5], frames.Select(Sequence));
        Assert.Equal([0x01, 0x03, 0x01, 0x04, 0x00], await _bluez.LastWrittenAsync(Meter, 0x2A52));
        Assert.Equal(2, transport.Connections);
    }

    [Theory]
    [InlineData(5)]    // the gateway has up to 5; the reset meter holds 1–3: record 5 is gone
    [InlineData(2)]    // the gateway has up to 2; the reset meter's record 2 has another time
    public async Task GlucoseMeter_WhoseMemoryWasReset_IsDownloadedWhole(int lastStoredSequence)
    {
        // What the gateway stored came from the meter before the reset (other times, same numbers).
        var stored = new DeviceRecord(lastStoredSequence, new DateTime(2026, 10, 1, 7, 0, 0));
        await _bluez.SetRecordsAsync(Meter, Enumerable.Range(1, 3).Select(i => GlucoseEncoder.EncodeMeasurement(Record(i))));
        var frames = Collect(Transport(Meter, "ble-glucose", () => stored));

        await Eventually.Holds(async () => (await _bluez.LastWrittenAsync(Meter, 0x2A52)).SequenceEqual(new byte[] { 0x01, 0x01 }), 30);
        await Eventually.Holds(() => frames.Count(f => Sequence(f) is 1 or 3) == 2, 30);
        Assert.Contains(1, frames.Select(Sequence));   // the old numbers are asked for again; the Outbox keeps each once
    }

    [Fact]
    public async Task DeviceWithCurrentTimeService_HasItsClockSetFromTheGatewaysOnConnection()
    {
        _ = Collect(Transport(Cuff, "ble-blood-pressure"));

        byte[] written = [];
        await Eventually.Holds(async () => (written = await _bluez.LastWrittenAsync(Cuff, 0x2A2B)).Length == 10, 30);
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Paris).DateTime;
        var set = new DateTime(written[0] | (written[1] << 8), written[2], written[3], written[4], written[5], written[6]);
        Assert.InRange(set, local.AddSeconds(-30), local.AddSeconds(5));
        Assert.Equal(set.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)set.DayOfWeek, written[7]);
        Assert.Equal(0x01, written[9]); // adjust reason: manual time update
    }

    [Fact]
    public async Task DeviceClockFoundOff_EveryFrameOfTheConnectionSaysByHowMuch()
    {
        // The mocked cuff's clock reads 2020-01-01 00:00:00 until the gateway sets it.
        var frames = Collect(Transport(Cuff, "ble-blood-pressure"));

        await _bluez.NotifyWhenSubscribedAsync(Cuff, 0x2A35,
            BloodPressureEncoder.Encode(new BloodPressureSample(121, 76, 91, 72, new DateTime(2019, 12, 31, 23, 50, 0), 1, null)));

        await Eventually.Holds(() => frames.Count == 1, 30);
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Paris).DateTime;
        var expected = new DateTime(2020, 1, 1) - local;
        Assert.InRange(frames.Single().ClockCorrection!.Value, expected - TimeSpan.FromMinutes(1), expected + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task UnknownDevice_IsRetriedWithoutEndingTheTransport()
    {
        var transport = Transport("C0:00:00:00:99:99", "ble-weight");
        var frames = Collect(transport);

        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Empty(frames);
        Assert.NotEqual(TransportState.Connected, transport.State);
        Assert.False(_readers.Single().IsCompleted, _readers.Single().Exception?.ToString());
    }

    [Fact]
    public async Task BluetoothDaemonRestart_EveryDeviceIsConnectedAgain()
    {
        var transport = Transport(Cuff, "ble-blood-pressure");
        var frames = Collect(transport);
        var sample = BloodPressureEncoder.Encode(new BloodPressureSample(121, 76, 91, 72, new DateTime(2026, 11, 29, 9, 30, 0), 1, null));
        await _bluez.NotifyWhenSubscribedAsync(Cuff, 0x2A35, sample);
        await Eventually.Holds(() => frames.Count == 1, 30);

        await _bluez.RestartDaemonAsync();

        await Eventually.Holds(() => transport.Connections == 2, 30);
        await _bluez.NotifyWhenSubscribedAsync(Cuff, 0x2A35, sample);
        await Eventually.Holds(() => frames.Count == 2, 30);
    }

    [Fact]
    public async Task DeviceThatAsksForAPasskey_IsBondedThroughTheGatewaysAgentWithTheConfiguredOne()
    {
        await _bluez.RequirePasskeyAsync(Oximeter, 123456);
        var transport = Transport(Oximeter, "ble-plx-spot", connect: new BleConnectOptions(Pair: true, Passkey: 123456, ServiceTimeout: TimeSpan.FromSeconds(10)));
        var frames = Collect(transport);

        await _bluez.NotifyWhenSubscribedAsync(Oximeter, 0x2A5E, PlxEncoder.EncodeSpot(new PlxSample(98, 61, null, null, null, null)));

        await Eventually.Holds(() => frames.Count == 1, 30);
    }

    [Fact]
    public async Task DeviceThatAsksForAPasskey_WithAWrongOne_IsNeverRead()
    {
        await _bluez.RequirePasskeyAsync(Oximeter, 123456);
        var transport = Transport(Oximeter, "ble-plx-spot", connect: new BleConnectOptions(Pair: true, Passkey: 654321, ServiceTimeout: TimeSpan.FromSeconds(10)));
        _ = Collect(transport);

        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.False(await _bluez.NotifyAsync(Oximeter, 0x2A5E, PlxEncoder.EncodeSpot(new PlxSample(98, 61, null, null, null, null))));
        Assert.Equal(0, transport.Connections);
    }

    private BleTransport Transport(string mac, string protocol, Func<DeviceRecord?>? lastStored = null, BleConnectOptions? connect = null) =>
        new(_central, new BleDevice("dev-1", protocol, mac, connect ?? new BleConnectOptions(ServiceTimeout: TimeSpan.FromSeconds(10)), Paris,
            lastStored ?? (() => null), TimeSpan.FromMinutes(2)), TimeProvider.System, NullLogger<BleTransport>.Instance);

    private readonly List<Task> _readers = [];

    private System.Collections.Concurrent.ConcurrentQueue<ReceivedFrame> Collect(BleTransport transport)
    {
        var (frames, reader) = FrameCollector.Start(transport, _stop.Token);
        _readers.Add(reader);
        return frames;
    }

    private static GlucoseRecord Record(int sequence) => new((ushort)sequence, new DateTime(2026, 11, 29, 7, sequence, 0), 90 + sequence);

    private static int Sequence(ReceivedFrame frame) => frame.Bytes.Span[1] | (frame.Bytes.Span[2] << 8);
}
