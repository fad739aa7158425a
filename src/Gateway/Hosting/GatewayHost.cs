using EdgeGateway.Gateway.Admin;
using EdgeGateway.Gateway.Demo;
using EdgeGateway.Gateway.Devices;
using EdgeGateway.Gateway.Health;
using EdgeGateway.Gateway.Ingest;
using EdgeGateway.Gateway.Panel;
using EdgeGateway.Gateway.Proxy;
using EdgeGateway.Gateway.Storage;
using EdgeGateway.Gateway.Upstream;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Gateway.Hosting;

/// <summary>The composition root: configuration in its documented order, then each feature wires itself.</summary>
public static class GatewayHost
{
    /// <summary>Builds the gateway's web application from <paramref name="settings"/>; call <c>RunAsync</c> or <c>StartAsync</c> on it.</summary>
    public static WebApplication Build(RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. settings.ConfigurationArgs],
            ContentRootPath = AppContext.BaseDirectory,
        });
        GatewayConfiguration.Apply(builder.Configuration, settings);

        builder.Services.AddSystemd();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddOptions<GatewayOptions>()
            .Bind(builder.Configuration.GetSection(GatewayOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GatewayOptions>, GatewayOptionsValidator>();

        builder.AddOutbox();
        builder.AddIngest();
        builder.AddDemoDevices();
        builder.AddDevices();
        builder.AddUpstream();
        builder.AddVideoProxy();
        builder.AddAdmin();
        builder.AddGatewayMetrics();

        var app = builder.Build();
        app.MapHealth();
        app.MapGatewayMetrics();
        app.MapPanel();
        app.MapAdmin();
        app.MapVideoProxy();
        return app;
    }
}
