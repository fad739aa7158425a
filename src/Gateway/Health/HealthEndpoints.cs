using EdgeGateway.SyncAgent.Outbox;

namespace EdgeGateway.Gateway.Health;

/// <summary><c>/healthz</c> (the process answers) and <c>/readyz</c> (the host has started and the Outbox is open and storing).</summary>
public static class HealthEndpoints
{
    /// <summary>Maps the two probes; neither needs authentication nor reveals anything about a patient.</summary>
    public static WebApplication MapHealth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        app.MapGet("/readyz", (IHostApplicationLifetime lifetime, IServiceProvider services) =>
        {
            if (!lifetime.ApplicationStarted.IsCancellationRequested || services.GetService<Outbox>() is not { } outbox)
            {
                return Results.Text("starting\n", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            return outbox.Fault is { } fault
                ? Results.Text($"not ready: {fault}\n", statusCode: StatusCodes.Status503ServiceUnavailable)
                : Results.Text("ready\n");
        });
        return app;
    }
}
