using System.Diagnostics.Metrics;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.SyncAgent.Fhir;
using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.SyncAgent.Sync;
using EdgeGateway.SyncAgent.Tests.Support;
using EdgeGateway.SyncAgent.Uplink.Mqtt;
using EdgeGateway.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Observation = Hl7.Fhir.Model.Observation;
using OutboxStore = EdgeGateway.SyncAgent.Outbox.Outbox;

namespace EdgeGateway.SyncAgent.Tests.Uplink.Mqtt;

/// <summary>
/// A shared consultation's readings go live to a real Mosquitto broker standing for the national
/// one: QoS 1, a copy leaving the Outbox only on its PUBACK, the retained status with its last will,
/// through a link that drops and a broker that goes away.
/// </summary>
public sealed class LiveShareTests : IAsyncLifetime
{
    private const string Prefix = "edgegw/site-a/gw-test";
    private static readonly PatientContext Patient = new("1234567890123", PatientContext.InsSystem, "enc-42", "urn:oid:1.2.250.1.71.4.2.1");
    private readonly TempDirectory _directory = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly List<IAsyncDisposable> _cleanup = [];
    private OutboxStore _outbox = null!;

    public Task InitializeAsync()
    {
        _outbox = OutboxStore.Open(new StorageOptions { DataDir = Path.Combine(_directory.Path, "data") }, NullLogger<OutboxStore>.Instance);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var item in Enumerable.Reverse(_cleanup))
        {
            await item.DisposeAsync();
        }

        await _outbox.DisposeAsync();
        await _services.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task SharedReadings_ArriveAsObservationsOnTheirDevicesTopics_InOrder_AndLeaveOnTheirPuback()
    {
        using var broker = new Mosquitto();
        await broker.StartAsync();
        var subscriber = await MqttSubscriber.ConnectAsync(broker.Port, $"{Prefix}/#");
        _cleanup.Add(subscriber);
        var ids = await AppendAsync(30, Delivery.Consultation | Delivery.Live);
        await AppendAsync(5, Delivery.Consultation); // not shared: never published

        var (worker, statistics) = Worker(broker.Url);
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);

        await Eventually.Holds(() => _outbox.LiveCount == 0 && Readings(subscriber).Count >= 30);
        await stop.CancelAsync();
        await running;

        var received = Readings(subscriber);
        Assert.Equal(30, received.Count);
        Assert.Equal(30, statistics.Published);
        // The FHIR queue still holds every reading: the live copy is not the record of truth.
        Assert.Equal(35, _outbox.Count);
        foreach (var group in received.GroupBy(m => m.Topic))
        {
            var device = group.Key[(Prefix.Length + "/readings/".Length)..];
            var expected = ids.Where(r => r.DeviceId == device).Select(r => r.ReadingId).ToList();
            Assert.Equal(expected, group.Select(m => m.Observation.Identifier[0].Value));
        }

        var first = received[0].Observation;
        Assert.Equal("urn:edgegateway:gw-test", first.Identifier[0].System);
        Assert.Equal(Patient.PatientIdentifier, first.Subject!.Identifier!.Value);
        Assert.Equal("enc-42", first.Encounter!.Identifier!.Value);
        Assert.Equal("85354-9", first.Code.Coding[0].Code);
        Assert.Equal("application/fhir+json", received[0].ContentType);
    }

    [Fact]
    public async Task OneReading_WhileTheWorkerIdles_IsPublishedAsSoonAsItIsOnDisk_NotAtTheNextIdleWake()
    {
        using var broker = new Mosquitto();
        await broker.StartAsync();
        var subscriber = await MqttSubscriber.ConnectAsync(broker.Port, $"{Prefix}/readings/#");
        _cleanup.Add(subscriber);
        var (worker, statistics) = Worker(broker.Url);
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);
        await Eventually.Holds(() => statistics.Connected);
        await Task.Delay(300); // the worker is asleep, waiting for readings

        var one = await AppendAsync(1, Delivery.Consultation | Delivery.Live);

        // The worker sleeps 30 s when nothing wakes it: 10 s is ample for a woken one, far short of that.
        await Eventually.Holds(() => Readings(subscriber).Count == 1, seconds: 10);
        await stop.CancelAsync();
        await running;
        Assert.Equal(one[0].ReadingId, Readings(subscriber)[0].Observation.Identifier[0].Value);
    }

    [Fact]
    public async Task BrokerAwayForTheWholeConsultation_CopiesWait_ThenAllArriveWhenItComesBack()
    {
        using var broker = new Mosquitto();
        var (worker, statistics) = Worker(broker.Url);
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);
        var ids = await AppendAsync(40, Delivery.Consultation | Delivery.Live);

        await Eventually.Holds(() => statistics.LastFailure is not null);
        Assert.Equal(40, _outbox.LiveCount);
        Assert.False(statistics.Connected);

        await broker.StartAsync();
        var subscriber = await MqttSubscriber.ConnectAsync(broker.Port, $"{Prefix}/readings/#");
        _cleanup.Add(subscriber);
        await Eventually.Holds(() => _outbox.LiveCount == 0, seconds: 90);
        await Eventually.Holds(() => Readings(subscriber).Count >= 40);
        await stop.CancelAsync();
        await running;

        Assert.Equal(ids.Select(r => r.ReadingId).Order(), Readings(subscriber).Select(m => m.Observation.Identifier[0].Value).Distinct().Order());
    }

    [Fact]
    public async Task LinkCutAgainAndAgainWhilePublishing_EveryReadingArrives_NoneLeavesWithoutItsPuback()
    {
        using var broker = new Mosquitto();
        await broker.StartAsync();
        var subscriber = await MqttSubscriber.ConnectAsync(broker.Port, $"{Prefix}/readings/#");
        _cleanup.Add(subscriber);
        var proxy = new TcpProxy(broker.Port);
        _cleanup.Add(proxy);
        var (worker, _) = Worker(new Uri($"mqtt://127.0.0.1:{proxy.Port}"), maxInFlight: 4);
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);

        var ids = new List<Reading>();
        for (var round = 0; round < 6; round++)
        {
            ids.AddRange(await AppendAsync(50, Delivery.Consultation | Delivery.Live));
            await Task.Delay(30);
            proxy.CutAll();
        }

        await Eventually.Holds(() => _outbox.LiveCount == 0, seconds: 120);
        await stop.CancelAsync();
        await running;

        // At least once: a copy cut before its PUBACK is sent again (subscribers dedupe on the identifier).
        var arrived = Readings(subscriber).Select(m => m.Observation.Identifier[0].Value).ToHashSet();
        Assert.All(ids, r => Assert.Contains(r.ReadingId, arrived));
        Assert.True(proxy.Connections > 1, "the link was cut and the gateway reconnected");
    }

    [Fact]
    public async Task Status_IsRetainedOnline_TheLastWillSaysOfflineWhenTheLinkDies_AndACleanStopSaysOffline()
    {
        using var broker = new Mosquitto();
        await broker.StartAsync();
        var proxy = new TcpProxy(broker.Port);
        _cleanup.Add(proxy);
        var (worker, statistics) = Worker(new Uri($"mqtt://127.0.0.1:{proxy.Port}"));
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);
        await Eventually.Holds(() => statistics.Connected);

        // A subscriber arriving later still learns the gateway is online: the status is retained.
        var subscriber = await MqttSubscriber.ConnectAsync(broker.Port, $"{Prefix}/status");
        _cleanup.Add(subscriber);
        await Eventually.Holds(() => Statuses(subscriber).Contains((MqttUplink.Online, true)));

        proxy.Refusing = true;
        proxy.CutAll();
        await Eventually.Holds(() => Statuses(subscriber).Contains((MqttUplink.Offline, false)));

        proxy.Refusing = false;
        await Eventually.Holds(() => Statuses(subscriber).Count(s => s.State == MqttUplink.Online) >= 2, seconds: 90);
        await stop.CancelAsync();
        await running;
        await Eventually.Holds(() => Statuses(subscriber).Count(s => s.State == MqttUplink.Offline) >= 2);

        var late = await MqttSubscriber.ConnectAsync(broker.Port, $"{Prefix}/status");
        _cleanup.Add(late);
        await Eventually.Holds(() => Statuses(late).Contains((MqttUplink.Offline, true)));
    }

    [Fact]
    public async Task BrokerRefusesTheTopic_TheCopyIsDroppedAndCounted_TheReadingStillWaitsForThePlatform()
    {
        // The broker lets the gateway say its status but not publish readings.
        using var broker = new Mosquitto(users: [("gw", "s3cret-for-test")], acl: $"user gw\ntopic write {Prefix}/status\n");
        await broker.StartAsync();
        var passwordFile = Path.Combine(_directory.Path, "mqtt-password");
        await File.WriteAllTextAsync(passwordFile, "s3cret-for-test\n");
        var (worker, statistics) = Worker(broker.Url, username: "gw", passwordFile: passwordFile);
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);
        await AppendAsync(3, Delivery.Consultation | Delivery.Live);

        await Eventually.Holds(() => statistics.Refused == 3);
        await stop.CancelAsync();
        await running;

        Assert.Equal(0, _outbox.LiveCount);
        Assert.Equal(3, _outbox.Count);
        Assert.Equal(0, statistics.Published);
    }

    [Fact]
    public async Task WrongPassword_IsAFailureToRetry_NotALoss()
    {
        using var broker = new Mosquitto(users: [("gw", "right")]);
        await broker.StartAsync();
        var passwordFile = Path.Combine(_directory.Path, "mqtt-password");
        await File.WriteAllTextAsync(passwordFile, "wrong\n");
        var (worker, statistics) = Worker(broker.Url, username: "gw", passwordFile: passwordFile);
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);
        await AppendAsync(2, Delivery.Consultation | Delivery.Live);

        await Eventually.Holds(() => statistics.LastFailure is not null);
        await stop.CancelAsync();
        await running;

        Assert.Contains("the broker refused the connection: NotAuthorized", statistics.LastFailure, StringComparison.Ordinal);
        Assert.Equal(2, _outbox.LiveCount);
    }

    [Fact]
    public async Task TestData_NeverReachesTheBroker()
    {
        using var broker = new Mosquitto();
        await broker.StartAsync();
        var subscriber = await MqttSubscriber.ConnectAsync(broker.Port, $"{Prefix}/readings/#");
        _cleanup.Add(subscriber);
        var (worker, statistics) = Worker(broker.Url);
        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);
        await AppendAsync(3, Delivery.Consultation | Delivery.Live, isTest: true);
        var real = await AppendAsync(1, Delivery.Consultation | Delivery.Live);

        await Eventually.Holds(() => _outbox.LiveCount == 0 && Readings(subscriber).Count >= 1);
        await stop.CancelAsync();
        await running;

        Assert.Equal(real[0].ReadingId, Assert.Single(Readings(subscriber)).Observation.Identifier[0].Value);
        Assert.Equal(1, statistics.Published);
    }

    private (LiveShareWorker Worker, LiveStatistics Statistics) Worker(Uri url, int maxInFlight = 16, string? username = null, string? passwordFile = null)
    {
        var options = new MqttUplinkOptions
        {
            Url = url,
            AllowInsecure = true,
            Timeout = TimeSpan.FromSeconds(5),
            KeepAlive = TimeSpan.FromSeconds(5),
            MaxInFlight = maxInFlight,
            Username = username,
            PasswordFile = passwordFile,
        };
        var (worker, statistics, uplink) = UplinkFactory.LiveShare(_outbox, options, _services.GetRequiredService<IMeterFactory>());
        _cleanup.Add(uplink);
        return (worker, statistics);
    }

    private static List<(string Topic, Observation Observation, string? ContentType)> Readings(MqttSubscriber subscriber) =>
        [.. subscriber.Messages.Where(m => m.Topic.Contains("/readings/", StringComparison.Ordinal))
            .Select(m => (m.Topic, FhirJson.Deserialize<Observation>(m.Text), m.ContentType))];

    private static List<(string State, bool Retained)> Statuses(MqttSubscriber subscriber) =>
        [.. subscriber.On("/status").Select(m => (m.Text, m.Retained))];

    private async Task<List<Reading>> AppendAsync(int count, Delivery delivery, bool isTest = false)
    {
        var readings = UplinkFactory.Readings(count).Select(s => s.Reading with { Patient = Patient, IsTest = isTest }).ToList();
        foreach (var reading in readings)
        {
            await _outbox.AppendAsync(reading, isTest ? RecordClass.Diagnostic : RecordClass.Clinical, delivery);
        }

        return readings;
    }
}
