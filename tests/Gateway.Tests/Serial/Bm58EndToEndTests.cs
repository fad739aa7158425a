using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Serial.Beurer;
using EdgeGateway.Gateway.Ingest;
using EdgeGateway.Gateway.Tests.Support;
using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.Gateway.Tests.Serial;

/// <summary>
/// The whole gateway with a Beurer BM58 on its USB-serial cable (a socat pty pair), the cuff played by
/// <see cref="Bm58Simulator"/> as babo/bm58 and atbrask's BM65 driver expect it to answer.
/// </summary>
public sealed class Bm58EndToEndTests : IDisposable
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
    public async Task CuffMemory_IsDownloadedIntoTheOutbox_FromMemory_AndStoredOnceWhenDownloadedAgainAfterAReconnection()
    {
        await _cable.PlugAsync();
        var cuff = new Bm58Simulator(
        [
            Bm58Encoder.Encode(Morning, 125, 80, 72),
            Bm58Encoder.Encode(Morning.AddMinutes(30), 131, 85, 70),
            Bm58Encoder.Encode(Morning.AddHours(1), 128, 83, 68),
        ]);
        var device = PtyDevice.Start(_cable, cuff);
        await using var gateway = await GatewayUnderTest.StartWithoutDemoAsync(_root.Path,
            "--Devices:0:Id=bp-1", $"--Devices:0:Protocol={Bm58Decoder.ProtocolName}", $"--Devices:0:Port={_cable.GatewayEnd}");
        var outbox = gateway.App.Services.GetRequiredService<Outbox>();
        var statistics = gateway.App.Services.GetRequiredService<IngestStatistics>();

        // Three records: a panel and a pulse each, with the cuff's own time, marked as from its memory.
        // (Counted on what is durable: the Outbox shows a record once its write is on the disk.)
        await Eventually.Holds(() => outbox.ReadPage(0, 100).Count == 6, 30);
        var stored = outbox.ReadPage(0, 100).Select(s => s.Reading).ToList();
        Assert.Equal([Morning, Morning.AddMinutes(30), Morning.AddHours(1)],
            stored.Where(r => r.Measurement.Code == Loinc.BloodPressurePanel).Select(r => r.DeviceTime!.Value.DateTime).Order());
        Assert.All(stored, r => Assert.True((r.Measurement.Flags & ReadingFlags.MeasurementFromStorage) != 0));
        Assert.Contains(stored, r => r.Measurement.Code == Loinc.BloodPressurePanel
            && r.Measurement.Components.Select(c => c.Quantity.Value).SequenceEqual([131m, 85m]));
        Assert.Equal(0, statistics.DecodeErrors);

        // The cable is pulled and plugged back (the same cuff, one measurement more): all its memory comes
        // again, and only the new record is stored.
        _cable.Unplug();
        device.Dispose();
        await Task.Delay(1500);
        cuff.Add(Bm58Encoder.Encode(Morning.AddHours(2), 122, 79, 66));
        await _cable.PlugAsync();
        using var again = PtyDevice.Start(_cable, cuff);

        await Eventually.Holds(() => outbox.ReadPage(0, 100).Count == 8 && statistics.Duplicates == 6, 40);
        Assert.Equal(2, cuff.CountRequests);
        Assert.Equal(4, outbox.ReadPage(0, 100).Count(s => s.Reading.Measurement.Code == Loinc.HeartRate));
        Assert.Equal(0, statistics.DecodeErrors);
    }
}
