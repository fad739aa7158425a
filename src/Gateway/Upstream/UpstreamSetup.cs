using EdgeGateway.Gateway.Hosting;
using EdgeGateway.SyncAgent.Fhir;
using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.SyncAgent.Sync;
using EdgeGateway.SyncAgent.Uplink.Fhir;
using EdgeGateway.SyncAgent.Uplink.Mqtt;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace EdgeGateway.Gateway.Upstream;

/// <summary>Wires the FHIR uplink to the national platform and the worker that drains the Outbox to it.</summary>
public static class UpstreamSetup
{
    private const string HttpClientName = "fhir-uplink";

    /// <summary>Registers <c>Upstream:Fhir</c>, the uplink and the sync worker (idle when no upstream is set).</summary>
    public static IHostApplicationBuilder AddUpstream(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<FhirUplinkOptions>()
            .Bind(builder.Configuration.GetSection(FhirUplinkOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<FhirUplinkOptions>, FhirUplinkOptionsValidator>();

        builder.Services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(sp => FhirHttpHandler.Create(sp.GetRequiredService<IOptions<FhirUplinkOptions>>().Value))
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("fhir-uplink", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<FhirUplinkOptions>>().Value;
                // A few quick retries inside one attempt for a hiccup (5xx, 408, 429, a reset); the
                // sync worker's own backoff, up to minutes, takes over when the platform stays away.
                // Resending is safe: every entry is a conditional create on the reading's identifier.
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 2,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = TimeSpan.FromMilliseconds(500),
                    // A platform's Retry-After never holds the worker past its own longest wait.
                    MaxDelay = Backoff.Cap,
                });
                pipeline.AddTimeout(options.Timeout);
            });

        builder.Services.AddSingleton(sp => new ObservationMapper(sp.GetRequiredService<IOptions<GatewayOptions>>().Value.GatewayId));
        builder.Services.AddSingleton<TransactionBundleBuilder>();
        builder.Services.AddSingleton(sp => new FhirUplink(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<TransactionBundleBuilder>(),
            sp.GetRequiredService<IOptions<FhirUplinkOptions>>(),
            sp.GetRequiredService<ILogger<FhirUplink>>()));
        builder.Services.AddSingleton(sp =>
        {
            var outbox = sp.GetRequiredService<Outbox>();
            return new SyncStatistics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
                () => (outbox.Count, outbox.FileBytes, outbox.OldestStoredAt()), sp.GetRequiredService<TimeProvider>());
        });
        builder.Services.AddSingleton<LinkActivity>();
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<FhirUplinkOptions>>().Value;
            return new ConnectivityProbe(options.BaseUrl!, options.ProbeInterval, TimeSpan.FromSeconds(5));
        });
        builder.Services.AddSingleton<SyncWorker>();
        builder.Services.AddHostedService<SyncService>();
        return builder.AddLiveShare();
    }

    /// <summary>Registers <c>Upstream:Mqtt</c>: the national broker a shared consultation goes to live (idle when none is set).</summary>
    private static IHostApplicationBuilder AddLiveShare(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<MqttUplinkOptions>()
            .Bind(builder.Configuration.GetSection(MqttUplinkOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<MqttUplinkOptions>, MqttUplinkOptionsValidator>();
        builder.Services.AddSingleton(sp =>
        {
            var gateway = sp.GetRequiredService<IOptions<GatewayOptions>>().Value;
            return new MqttUplink(sp.GetRequiredService<IOptions<MqttUplinkOptions>>(), sp.GetRequiredService<ObservationMapper>(),
                gateway.SiteId, gateway.GatewayId, sp.GetRequiredService<ILogger<MqttUplink>>());
        });
        builder.Services.AddSingleton(sp =>
        {
            var outbox = sp.GetRequiredService<Outbox>();
            return new LiveStatistics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), () => outbox.LiveCount);
        });
        builder.Services.AddSingleton<LiveShareWorker>();
        builder.Services.AddHostedService<LiveShareService>();
        return builder;
    }

    /// <summary>Runs the live share, resolved only when the host runs it and a broker is configured.</summary>
    private sealed class LiveShareService(IServiceProvider services, IOptions<MqttUplinkOptions> options) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
            options.Value.IsConfigured ? services.GetRequiredService<LiveShareWorker>().RunAsync(stoppingToken) : Task.CompletedTask;
    }

    /// <summary>Runs the sync worker, resolved (with the Outbox) only when the host runs it, after options were validated.</summary>
    private sealed class SyncService(IServiceProvider services, IOptions<FhirUplinkOptions> options) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
            options.Value.IsConfigured ? services.GetRequiredService<SyncWorker>().RunAsync(stoppingToken) : Task.CompletedTask;
    }
}
