using EdgeGateway.SyncAgent.Outbox;

namespace EdgeGateway.Gateway.Ingest;

/// <summary>Wires the device-to-Outbox path.</summary>
public static class IngestSetup
{
    /// <summary>Registers the ingestor, the device runner, the live view and the counters.</summary>
    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddMetrics();
        builder.Services.AddSingleton<IngestStatistics>();
        builder.Services.AddSingleton(sp =>
        {
            // After a restart the live view starts from what the Outbox still holds, oldest first.
            var recent = new RecentReadings();
            var stored = sp.GetRequiredService<Outbox>().ReadLatest(RecentReadings.Capacity);
            for (var i = stored.Count - 1; i >= 0; i--)
            {
                recent.Add(stored[i].Reading);
            }

            return recent;
        });
        builder.Services.AddSingleton(sp => new Consultation.ConsultationRoom(sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SyncAgent.Uplink.Mqtt.MqttUplinkOptions>>().Value.IsConfigured));
        builder.Services.AddSingleton<FrameIngestor>();
        builder.Services.AddSingleton<DeviceRunner>();
        return builder;
    }
}
