using EdgeGateway.DeviceDrivers.Hid.Omron;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.Gateway.Ingest;
using EdgeGateway.Gateway.Tests.Support;
using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.Gateway.Tests.Hid;

/// <summary>
/// The whole gateway with an Omron HEM-790IT-class monitor on USB, its hidraw node played by a socat pty:
/// the gateway writes each output report with its report number first, as to hidraw; the monitor, played by
/// <see cref="OmronSimulator"/>, answers with 8-byte input reports (openyou/libomron's notes and capture).
/// A pty has no report boundaries and takes no feature reports: the session cuts the reports itself and
/// goes on without the mode switch.
/// </summary>
public sealed class OmronEndToEndTests : IDisposable
{
    private static readonly DateTime Morning = new(2026, 11, 29, 8, 0, 0);
    private readonly TempDirectory _root = new();
    private readonly SocatPair _cable = new();

    public void Dispose()
    {
        _cable.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task MonitorMemory_BothUsers_IsDownloadedIntoTheOutbox_FromMemory_AndStoredOnceWhenConnectedAgain()
    {
        await _cable.PlugAsync();
        var monitor = new OmronSimulator(
            [OmronEncoder.Payload(Morning.AddMinutes(30).AddSeconds(12), 131, 85, 70), OmronEncoder.Payload(Morning.AddSeconds(38), 123, 78, 87)],
            [OmronEncoder.Payload(Morning.AddMinutes(5).AddSeconds(1), 142, 91, 64, status: 0x10)]);
        var device = PtyDevice.Start(_cable, monitor);
        await using var gateway = await GatewayUnderTest.StartWithoutDemoAsync(_root.Path,
            "--Devices:0:Id=bp-2", $"--Devices:0:Protocol={OmronDecoder.ProtocolName}", $"--Devices:0:Port={_cable.GatewayEnd}");
        var outbox = gateway.App.Services.GetRequiredService<Outbox>();
        var statistics = gateway.App.Services.GetRequiredService<IngestStatistics>();

        // Three records, a panel and a pulse each, to the second, each with its user; then END switched it off.
        await Eventually.Holds(() => outbox.ReadPage(0, 100).Count == 6 && monitor.Ends == 1, 30);
        var panels = outbox.ReadPage(0, 100).Select(s => s.Reading).Where(r => r.Measurement.Code == Loinc.BloodPressurePanel).ToList();
        Assert.Equal(
            [(Morning.AddSeconds(38), 0, 123m), (Morning.AddMinutes(5).AddSeconds(1), 1, 142m), (Morning.AddMinutes(30).AddSeconds(12), 0, 131m)],
            panels.Select(r => (r.DeviceTime!.Value.DateTime, r.Measurement.DeviceUserIndex!.Value, r.Measurement.Components[0].Quantity.Value!.Value)).Order());
        Assert.All(outbox.ReadPage(0, 100), s => Assert.True((s.Reading.Measurement.Flags & ReadingFlags.MeasurementFromStorage) != 0));
        Assert.Contains(panels, r => r.Measurement.Notes.Contains("Reading 1 of a TruRead series of three"));
        Assert.Equal(0, statistics.DecodeErrors);

        // Unplugged, then connected again the next day (switched on, one measurement more): its whole memory
        // comes again, and only the new one is stored.
        _cable.Unplug();
        device.Dispose();
        await Task.Delay(1500);
        monitor.Add(0, OmronEncoder.Payload(Morning.AddDays(1), 126, 80, 71));
        monitor.On = true;
        await _cable.PlugAsync();
        using var again = PtyDevice.Start(_cable, monitor);

        await Eventually.Holds(() => outbox.ReadPage(0, 100).Count == 8 && statistics.Duplicates == 6 && monitor.Ends == 2, 40);
        Assert.Equal(0, statistics.DecodeErrors);
    }
}
