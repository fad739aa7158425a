using EdgeGateway.Gateway.Ingest;
using EdgeGateway.SyncAgent.Sync;
using OpenTelemetry.Metrics;

namespace EdgeGateway.Gateway.Health;

/// <summary><c>GET /metrics</c>: the gateway's meters in Prometheus text, through OpenTelemetry's exporter.</summary>
public static class MetricsSetup
{
    /// <summary>Registers the meters the gateway publishes.</summary>
    public static IHostApplicationBuilder AddGatewayMetrics(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(IngestStatistics.MeterName, SyncStatistics.MeterName, LiveStatistics.MeterName, DeviceDrivers.Transports.Links.LinkMetrics.MeterName)
            .AddPrometheusExporter());
        return builder;
    }

    /// <summary>Maps <c>/metrics</c> (no patient data in it: counts, sizes and times only).</summary>
    public static WebApplication MapGatewayMetrics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
