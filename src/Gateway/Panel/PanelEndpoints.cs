using EdgeGateway.Gateway.Hosting;
using EdgeGateway.Gateway.Ingest;
using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.SyncAgent.Sync;
using EdgeGateway.SyncAgent.Uplink.Fhir;
using EdgeGateway.SyncAgent.Uplink.Mqtt;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Gateway.Panel;

/// <summary>
/// The live readings page at <c>/</c>. The gateway binds to loopback by default, so only the box
/// itself reaches it until the authenticated technician and nurse panel replaces it.
/// </summary>
public static class PanelEndpoints
{
    /// <summary>How many dead letters the page lists (the oldest; the count says how many there are).</summary>
    private const int DeadLettersShown = 20;

    /// <summary>The oldest dead letters, or none when the disk fails: the page must still show its alerts then.</summary>
    private static IReadOnlyList<DeadLetter>? TryReadDeadLetters(Outbox outbox)
    {
        try
        {
            return outbox.ReadDeadLetters(DeadLettersShown);
        }
        catch (Exception ex) when (ex is IOException or LiteDB.LiteException or ObjectDisposedException)
        {
            return null;
        }
    }

    /// <summary>Maps <c>GET /</c>.</summary>
    public static WebApplication MapPanel(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/", (RecentReadings recent, Outbox outbox, IngestStatistics statistics, IOptions<GatewayOptions> gateway,
            IOptions<FhirUplinkOptions> upstream, SyncStatistics sync, IOptions<MqttUplinkOptions> broker, LiveStatistics live,
            Consultation.ConsultationRoom room, Devices.DeviceStatuses devices, DeviceDrivers.Sensors.Host.CpuTemperature cpu, HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "no-store";
            context.Response.Headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'";
            context.Response.Headers["X-Content-Type-Options"] = "nosniff";
            var status = new PanelStatus(outbox.Count, statistics.DecodeErrors, statistics.StoreFailures, outbox.DeadLetterCount,
                outbox.QuarantineCount, outbox.Fault, outbox.MovedAsideTo,
                upstream.Value.IsConfigured ? new UpstreamStatus(sync.Delivered, sync.LastSuccess, sync.LastFailure, sync.HeldForVideo) : null,
                outbox.QuotaExceeded, outbox.Evicted,
                broker.Value.IsConfigured ? new LiveStatus(live.Connected, live.Published, outbox.LiveCount, live.LastFailure) : null,
                room.Current,
                outbox.DeadLetterCount > 0 ? TryReadDeadLetters(outbox) : null,
                devices.Snapshot(), cpu.ReadCelsius());
            var page = ReadingsPage.Render(recent.Snapshot(), status, gateway.Value.ResolveTimeZone());
            return Results.Content(page, "text/html; charset=utf-8");
        });
        return app;
    }
}
