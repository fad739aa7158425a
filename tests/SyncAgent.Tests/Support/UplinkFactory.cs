using EdgeGateway.SyncAgent.Fhir;
using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.SyncAgent.Sync;
using EdgeGateway.SyncAgent.Uplink.Fhir;
using EdgeGateway.SyncAgent.Uplink.Mqtt;
using Microsoft.Extensions.Logging.Abstractions;
using OutboxStore = EdgeGateway.SyncAgent.Outbox.Outbox;

namespace EdgeGateway.SyncAgent.Tests.Support;

internal static class UplinkFactory
{
    public static FhirUplinkOptions Options(Uri baseUrl, int batchSize = 100, bool gzip = true) => new()
    {
        BaseUrl = baseUrl,
        AllowInsecureHttp = baseUrl.Scheme == Uri.UriSchemeHttp,
        BatchSize = batchSize,
        Gzip = gzip,
        Timeout = TimeSpan.FromSeconds(10),
    };

    // infiniteClientTimeout: as the gateway wires it (the deadline is then the uplink's own, not HttpClient's).
    public static FhirUplink Create(FhirUplinkOptions options, HttpMessageHandler? handler = null, bool infiniteClientTimeout = false) => new(
        new HttpClient(handler ?? FhirHttpHandler.Create(options)) { Timeout = infiniteClientTimeout ? Timeout.InfiniteTimeSpan : options.Timeout },
        new TransactionBundleBuilder(new ObservationMapper("gw-test")),
        Microsoft.Extensions.Options.Options.Create(options),
        NullLogger<FhirUplink>.Instance);

    /// <summary>The live share as the gateway wires it, on <paramref name="outbox"/>; the options are checked first. Dispose the uplink.</summary>
    public static (LiveShareWorker Worker, LiveStatistics Statistics, MqttUplink Uplink) LiveShare(
        OutboxStore outbox, MqttUplinkOptions options, System.Diagnostics.Metrics.IMeterFactory meters)
    {
        Assert.True(new MqttUplinkOptionsValidator().Validate(null, options).Succeeded);
        var uplink = new MqttUplink(Microsoft.Extensions.Options.Options.Create(options), new ObservationMapper("gw-test"), "site-a", "gw-test",
            NullLogger<MqttUplink>.Instance);
        var statistics = new LiveStatistics(meters, () => outbox.LiveCount);
        var worker = new LiveShareWorker(outbox, uplink, Microsoft.Extensions.Options.Options.Create(options), statistics, TimeProvider.System,
            NullLogger<LiveShareWorker>.Instance);
        return (worker, statistics, uplink);
    }

    /// <summary><paramref name="count"/> readings (panel and pulse alternating) from <paramref name="devices"/> devices, as the Outbox would hand them out.</summary>
    public static List<StoredReading> Readings(int count, int devices = 3)
    {
        var result = new List<StoredReading>(count);
        for (var i = 0; result.Count < count; i++)
        {
            foreach (var reading in SampleReadings.BloodPressure(deviceId: $"bp-{i % devices}", systolic: 100 + (i % 50),
                         receivedAt: new DateTimeOffset(2024, 11, 29, 8, 0, 0, TimeSpan.Zero).AddSeconds(i)))
            {
                if (result.Count < count)
                {
                    result.Add(new StoredReading(result.Count + 1, reading));
                }
            }
        }

        return result;
    }
}
