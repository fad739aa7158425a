using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Serial.Contec;
using EdgeGateway.Gateway.Ingest;
using EdgeGateway.Gateway.Tests.Support;
using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.Gateway.Tests.Serial;

/// <summary>
/// The whole gateway with a V7.0 Contec oximeter on its USB-serial cable (a socat pty pair), played by
/// <see cref="Cms50RecordingSimulator"/> as OSCAR's cms50f37_loader.cpp and François Revol's CMS50F 3.7
/// captures (https://pastebin.com/f1rN8SbB) show the device answering: a recording with a start time is
/// downloaded before the stream, a CMS50D+'s (year 0: no clock) is not.
/// </summary>
public sealed class Cms50StorageEndToEndTests : IDisposable
{
    private static readonly DateTime Recorded = new(2026, 11, 28, 23, 0, 0);
    private readonly TempDirectory _root = new();
    private readonly SocatPair _cable = new();

    public void Dispose()
    {
        _cable.Dispose();
        _root.Dispose();
    }

    /// <summary>Five minutes at 96 % and 70 /min, with ten seconds at 88 % from 23:01:40.</summary>
    private static IEnumerable<(int, int)> Night() => Enumerable.Range(0, 300).Select(second => (second is >= 100 and < 110 ? 88 : 96, 70));

    private static bool FromMemory(Reading reading) => (reading.Measurement.Flags & ReadingFlags.MeasurementFromStorage) != 0;

    [Fact]
    public async Task DatedRecording_IsSampledOnItsOwnTime_StoredFromMemory_ThenTheStreamFollows_AndADownloadAfterReconnectingStoresNothingNew()
    {
        await _cable.PlugAsync();
        var oximeter = new Cms50RecordingSimulator(Recorded, Night());
        var device = PtyDevice.Start(_cable, oximeter);
        await using var gateway = await StartAsync();
        var outbox = gateway.App.Services.GetRequiredService<Outbox>();
        var statistics = gateway.App.Services.GetRequiredService<IngestStatistics>();

        // 300 samples, kept every 30 s of the recording's time and at the dip and its end: 12 frames, SpO2 and pulse each.
        // (Counted on what is durable: the Outbox shows a record once its write is on the disk.)
        await Eventually.Holds(() => outbox.ReadPage(0, 1000).Count(s => FromMemory(s.Reading)) == 24
            && outbox.ReadPage(0, 1000).Any(s => !FromMemory(s.Reading)), 30);
        var stored = outbox.ReadPage(0, 1000).Select(s => s.Reading).ToList();
        int[] kept = [0, 30, 60, 90, 100, 110, 140, 170, 200, 230, 260, 290];
        Assert.Equal(kept.Select(s => Recorded.AddSeconds(s)),
            stored.Where(r => FromMemory(r) && r.Measurement.Code == Loinc.HeartRate).Select(r => r.DeviceTime!.Value.DateTime).Order());
        Assert.Contains(stored, r => FromMemory(r) && r.Measurement.Code == Loinc.OxygenSaturationByPulseOximetry
            && r.Measurement.Value!.Quantity.Value == 88m && r.DeviceTime!.Value.DateTime == Recorded.AddSeconds(100));
        // The stream after it: the live values, on the gateway's clock.
        Assert.Contains(stored, r => !FromMemory(r) && r.Measurement.Code == Loinc.HeartRate && r.Measurement.Value!.Quantity.Value == 65m && r.DeviceTime is null);
        Assert.Equal(1, oximeter.DataRequests);
        Assert.Equal(0, statistics.DecodeErrors);

        // The cable is pulled and plugged back: the recording comes again, and none of it is stored twice.
        _cable.Unplug();
        device.Dispose();
        await Task.Delay(1500);
        await _cable.PlugAsync();
        using var again = PtyDevice.Start(_cable, oximeter);

        await Eventually.Holds(() => oximeter.DataRequests == 2 && statistics.Duplicates >= 24, 40);
        Assert.Equal(24, outbox.ReadPage(0, 1000).Count(s => FromMemory(s.Reading)));
        Assert.Equal(0, statistics.DecodeErrors);
    }

    [Fact]
    public async Task Cms50DPlusWithoutAClock_ItsRecordingStaysOnTheDevice_AndOnlyTheStreamIsStored()
    {
        await _cable.PlugAsync();
        var oximeter = new Cms50RecordingSimulator(null, Night());
        using var device = PtyDevice.Start(_cable, oximeter);
        await using var gateway = await StartAsync();
        var outbox = gateway.App.Services.GetRequiredService<Outbox>();

        await Eventually.Holds(() => outbox.ReadPage(0, 1000).Count >= 2, 30);
        Assert.All(outbox.ReadPage(0, 1000), s => Assert.False(FromMemory(s.Reading)));
        Assert.Equal(0, oximeter.DataRequests);
        Assert.Contains(Cms50Commands.AskStartTime, oximeter.Commands);
        Assert.DoesNotContain(Cms50Commands.AskData, oximeter.Commands);
    }

    private Task<GatewayUnderTest> StartAsync() => GatewayUnderTest.StartWithoutDemoAsync(_root.Path,
        "--Devices:0:Id=oxi-1", $"--Devices:0:Protocol={Cms50Decoder.ProtocolName}", $"--Devices:0:Port={_cable.GatewayEnd}", "--Devices:0:DownloadRecordings=true");
}
