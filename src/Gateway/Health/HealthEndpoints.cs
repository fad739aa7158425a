using EdgeGateway.SyncAgent.Outbox;

namespace EdgeGateway.Gateway.Health;

/// <summary><c>/healthz</c> (the process answers) and <c>/readyz</c> (the Outbox is open and the host has started).</summary>
public static class HealthEndpoints
{
    /// <summary>Maps the two probes; neither needs authentication nor reveals anything about a patient.</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (IHostApplicationLifetime lifetime, IServiceProvider services) =>
        {
            var started = lifetime.ApplicationStarted.IsCancellationRequested;
            var outboxOpen = services.GetService<Outbox>() is not null;
            return started && outboxOpen
                ? Results.Text("ready\n")
                : Results.Text("starting\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        });
        return app;
    }
}
