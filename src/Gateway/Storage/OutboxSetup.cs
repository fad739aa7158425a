using EdgeGateway.SyncAgent.Outbox;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Gateway.Storage;

/// <summary>Wires the Outbox: validated <c>Storage</c> options, one Outbox per process, opened at start.</summary>
public static class OutboxSetup
{
    /// <summary>Registers the Outbox and opens it when the host starts (a failure stops the start).</summary>
    public static IHostApplicationBuilder AddOutbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .Bind(builder.Configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        builder.Services.AddSingleton(sp => Outbox.Open(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<ILogger<Outbox>>()));
        builder.Services.AddHostedService<OutboxOpener>();
        return builder;
    }

    /// <summary>Opens the Outbox during start, before any device is read.</summary>
    private sealed class OutboxOpener(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = services.GetRequiredService<Outbox>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
