using System.Diagnostics.Metrics;
using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.SyncAgent.Sync;
using EdgeGateway.SyncAgent.Tests.Support;
using FhirDateTime = Hl7.Fhir.Model.FhirDateTime;
using Quantity = Hl7.Fhir.Model.Quantity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OutboxStore = EdgeGateway.SyncAgent.Outbox.Outbox;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.SyncAgent.Tests.Sync;

/// <summary>
/// Store-and-forward end to end: a real Outbox drained by the worker to a real Kestrel platform
/// that goes down, comes back, and cuts the link. Everything must arrive once, in order per device,
/// with its device time; refused readings must wait in the dead-letter list.
/// </summary>
public sealed class SyncWorkerTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private FakePlatform _platform = null!;
    private OutboxStore _outbox = null!;

    public async Task InitializeAsync()
    {
        _platform = await FakePlatform.StartAsync();
        _outbox = OutboxStore.Open(new StorageOptions { DataDir = Path.Combine(_directory.Path, "data") }, NullLogger<OutboxStore>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _outbox.DisposeAsync();
        await _platform.DisposeAsync();
        await _services.DisposeAsync();
        _directory.Dispose();
    }

    private (SyncWorker Worker, SyncStatistics Statistics) Worker(int batchSize = 50, bool sendTestData = false)
    {
        var options = UplinkFactory.Options(_platform.BaseUrl, batchSize);
        options.SendTestData = sendTestData;
        var statistics = new SyncStatistics(_services.GetRequiredService<IMeterFactory>(),
            () => (_outbox.Count, _outbox.FileBytes, _outbox.OldestStoredAt()), TimeProvider.System);
        var worker = new SyncWorker(_outbox, UplinkFactory.Create(options), Microsoft.Extensions.Options.Options.Create(options),
            statistics, TimeProvider.System, NullLogger<SyncWorker>.Instance);
        return (worker, statistics);
    }

    private async Task<List<StoredReading>> IngestAsync(int count, bool isTest = false)
    {
        var readings = UplinkFactory.Readings(count);
        foreach (var stored in readings)
        {
            await _outbox.AppendAsync(stored.Reading with { IsTest = isTest });
        }

        return readings;
    }

    [Fact]
    public async Task PlatformDownForTheWholeIngestThenUp_EverythingArrivesOnceInOrderPerDeviceWithDeviceTimes()
    {
        _platform.Unavailable = true;
        var (worker, statistics) = Worker();
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);

        var readings = await IngestAsync(300);
        await Eventually.Holds(() => _platform.Requests >= 2 && statistics.LastFailure is not null);
        Assert.Equal(300, _outbox.Count);
        Assert.Equal(0, _platform.Count);

        _platform.Unavailable = false;
        await Eventually.Holds(() => _outbox.Count == 0);
        await stop.CancelAsync();
        await running;

        AssertArrivedOnceInOrder(readings);
        Assert.Equal(300, statistics.Delivered);
        Assert.NotNull(statistics.LastSuccess);
    }

    [Fact]
    public async Task LinkCutEveryFewRequests_EverythingArrivesOnceInOrderPerDevice()
    {
        _platform.CutEveryNthRequest = 3;
        var (worker, _) = Worker(batchSize: 20);
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);

        var readings = await IngestAsync(200);
        await Eventually.Holds(() => _outbox.Count == 0);
        await stop.CancelAsync();
        await running;

        AssertArrivedOnceInOrder(readings);
        Assert.True(_platform.EntriesReceived >= 200);
    }

    [Fact]
    public async Task RefusedReading_WaitsInTheDeadLetterList_TheOthersArrive()
    {
        _platform.Reject = observation => observation.Component.Any(c => c.Value is Quantity { Value: 107m });
        var (worker, statistics) = Worker();
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);

        var readings = await IngestAsync(40);
        await Eventually.Holds(() => _outbox.Count == 0);
        await stop.CancelAsync();
        await running;

        var refused = readings.Where(r => r.Reading.Measurement.Components.FirstOrDefault()?.Quantity.Value == 107m).ToList();
        Assert.NotEmpty(refused);
        Assert.Equal(refused.Count, _outbox.DeadLetterCount);
        Assert.Equal(40 - refused.Count, _platform.Count);
        Assert.Equal(refused.Count, statistics.Refused);
        Assert.All(_outbox.ReadDeadLetters(100), letter => Assert.Contains("422", letter.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TestData_IsWithheldFromARealPlatform()
    {
        var (worker, statistics) = Worker();
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);

        await IngestAsync(10, isTest: true);
        await IngestAsync(5);
        await Eventually.Holds(() => _outbox.Count == 0);
        await stop.CancelAsync();
        await running;

        Assert.Equal(5, _platform.Count);
        Assert.Equal(10, statistics.Withheld);
        Assert.DoesNotContain(_platform.Stored, o => o.Meta?.Security.Any(s => s.Code == "HTEST") == true);
    }

    private void AssertArrivedOnceInOrder(List<StoredReading> readings)
    {
        var stored = _platform.Stored.ToList();
        Assert.Equal(readings.Count, _platform.Count);
        Assert.Equal(readings.Count, stored.Count);

        // In order per device (the Outbox's order), and with the device's own time.
        foreach (var device in readings.GroupBy(r => r.Reading.DeviceId))
        {
            var sent = device.Select(r => r.Reading.ReadingId).ToList();
            var arrived = stored.Where(o => o.Device!.Identifier!.Value == device.Key).Select(o => o.Identifier[0].Value!).ToList();
            Assert.Equal(sent, arrived);
        }

        var byId = stored.ToDictionary(o => o.Identifier[0].Value!);
        Assert.All(readings, r => Assert.Equal(
            r.Reading.DeviceTime!.Value.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            ((FhirDateTime)byId[r.Reading.ReadingId].Effective!).Value));
    }
}
