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

    private (SyncWorker Worker, SyncStatistics Statistics) Worker(int batchSize = 50, bool sendTestData = false, LinkActivity? link = null,
        Uri? baseUrl = null, TimeProvider? time = null, ConnectivityProbe? probe = null, TimeSpan? maxVideoHold = null)
    {
        var options = UplinkFactory.Options(baseUrl ?? _platform.BaseUrl, batchSize);
        options.SendTestData = sendTestData;
        options.MaxVideoHold = maxVideoHold ?? options.MaxVideoHold;
        time ??= TimeProvider.System;
        var statistics = new SyncStatistics(_services.GetRequiredService<IMeterFactory>(),
            () => (_outbox.Count, _outbox.FileBytes, _outbox.OldestStoredAt()), time);
        var worker = new SyncWorker(_outbox, UplinkFactory.Create(options), Microsoft.Extensions.Options.Options.Create(options),
            statistics, link ?? new LinkActivity(time), probe ?? new ConnectivityProbe(options.BaseUrl!, options.ProbeInterval, TimeSpan.FromSeconds(2)),
            time, NullLogger<SyncWorker>.Instance);
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

    [Fact]
    public async Task ConsultationReadings_OvertakeTheRoutineBacklog()
    {
        _platform.Unavailable = true;
        var (worker, statistics) = Worker(batchSize: 20);
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);
        var backlog = await IngestAsync(200);
        var consultation = new List<string>();
        foreach (var stored in UplinkFactory.Readings(6, devices: 1))
        {
            var reading = stored.Reading with { DeviceId = "bp-consult" };
            await _outbox.AppendAsync(reading, RecordClass.Clinical, Delivery.Consultation);
            consultation.Add(reading.ReadingId);
        }

        await Eventually.Holds(() => statistics.LastFailure is not null);
        _platform.Unavailable = false;
        await Eventually.Holds(() => _outbox.Count == 0);
        await stop.CancelAsync();
        await running;

        // The first readings the platform stored are the consultation's, in their order; the backlog follows, in its own.
        Assert.Equal(consultation, _platform.Stored.Take(6).Select(o => o.Identifier[0].Value));
        AssertArrivedOnceInOrder([.. backlog, .. consultation.Select((id, i) => new StoredReading(1000 + i, backlog[0].Reading with { ReadingId = id, DeviceId = "bp-consult" }))],
            checkDeviceTime: false);
    }

    [Fact]
    public async Task VideoConsultationHoldsTheLink_OnlyConsultationReadingsGo_TheBacklogFollowsWhenItEnds()
    {
        var link = new LinkActivity(TimeProvider.System, TimeSpan.Zero);
        var video = link.BeginVideo();
        var (worker, statistics) = Worker(batchSize: 20, link: link);
        await IngestAsync(100);
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);

        var during = UplinkFactory.Readings(3, devices: 1)[0].Reading with { DeviceId = "bp-consult" };
        await _outbox.AppendAsync(during, RecordClass.Clinical, Delivery.Consultation);
        await Eventually.Holds(() => _platform.Count == 1 && statistics.HeldForVideo);
        // Held: a whole second of video and not one backlog reading left (the worker looks every second).
        await Task.Delay(1500);
        Assert.Equal(1, _platform.Count);
        Assert.Equal(100, _outbox.Count);
        Assert.Equal(during.ReadingId, Assert.Single(_platform.Stored).Identifier[0].Value);

        video.Dispose();
        await Eventually.Holds(() => _outbox.Count == 0);
        await stop.CancelAsync();
        await running;
        Assert.Equal(101, _platform.Count);
        Assert.False(statistics.HeldForVideo);
    }

    [Fact]
    public async Task VideoLeftOpenPastTheLongestHold_TheBacklogGoesAlongsideIt()
    {
        var link = new LinkActivity(TimeProvider.System, TimeSpan.Zero);
        using var video = link.BeginVideo();
        var (worker, statistics) = Worker(batchSize: 20, link: link, maxVideoHold: TimeSpan.FromSeconds(1));
        await IngestAsync(60);
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);

        await Eventually.Holds(() => statistics.HeldForVideo);
        await Eventually.Holds(() => _outbox.Count == 0);
        await stop.CancelAsync();
        await running;

        Assert.True(link.VideoActive, "the video session is still open");
        Assert.Equal(60, _platform.Count);
        Assert.False(statistics.HeldForVideo);
    }

    [Fact]
    public async Task NoRouteToThePlatform_TheWorkerProbesTheLink_AndSendsWhenItAnswers_NotAtTheEndOfItsBackoff()
    {
        // Time is the test's: the backoff and the probe interval elapse only when the test says so.
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var port = Mosquitto.FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var probe = new ConnectivityProbe(url, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));
        var (worker, statistics) = Worker(baseUrl: url, time: time, probe: probe);
        await IngestAsync(10);
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);

        // Let five attempts fail: the next backoff step is then 16 s (8 to 16 s with jitter).
        while (statistics.FailedAttempts < 5)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20);
        }

        Assert.False(statistics.LinkUp);
        var probesBefore = probe.Probes;
        await using var proxy = new TcpProxy(new Uri(_platform.BaseUrl.GetLeftPart(UriPartial.Authority)).Port, port);
        for (var second = 0; second < 3 && _outbox.Count > 0; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Eventually.Holds(() => probe.Probes > probesBefore + second || _outbox.Count == 0, seconds: 10);
            await Task.Delay(200);
        }

        await Eventually.Holds(() => _outbox.Count == 0, seconds: 10);
        await stop.CancelAsync();
        await running;
        Assert.Equal(10, _platform.Count);
        Assert.True(statistics.LinkUp);
        Assert.Equal(5, statistics.FailedAttempts);
    }

    private void AssertArrivedOnceInOrder(List<StoredReading> readings, bool checkDeviceTime = true)
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
        Assert.All(checkDeviceTime ? readings : [], r => Assert.Equal(
            r.Reading.DeviceTime!.Value.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture),
            ((FhirDateTime)byId[r.Reading.ReadingId].Effective!).Value));
    }
}
