using EdgeGateway.Gateway.Demo;
using EdgeGateway.Gateway.Health;
using EdgeGateway.Gateway.Ingest;
using EdgeGateway.Gateway.Panel;
using EdgeGateway.Gateway.Storage;
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
        AddConfiguration(builder.Configuration, settings);

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

        var app = builder.Build();
        app.MapHealth();
        app.MapPanel();
        return app;
    }

    /// <summary>
    /// The documented order, later wins: <c>appsettings.json</c>, then <c>/etc/edgegateway/gateway.json</c>
    /// (or <c>--config</c>), then environment variables (<c>__</c> separates sections), then the command line.
    /// </summary>
    private static void AddConfiguration(ConfigurationManager configuration, RunSettings settings)
    {
        configuration.Sources.Clear();
        configuration.SetBasePath(AppContext.BaseDirectory);
        configuration.AddJsonFile("appsettings.json", optional: false, reloadOnChange: false);
        if (settings.ConfigFile is { } file)
        {
            configuration.AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false);
        }
        else
        {
            configuration.AddJsonFile(RunSettings.SystemConfigFile, optional: true, reloadOnChange: false);
        }

        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine([.. settings.ConfigurationArgs]);

        var overrides = new Dictionary<string, string?>();
        if (settings.DataDir is { } dataDir) overrides["Storage:DataDir"] = dataDir;
        if (settings.Urls is { } urls) overrides["Urls"] = urls;
        if (settings.Demo) overrides["Demo:Enabled"] = "true";
        configuration.AddInMemoryCollection(overrides);
    }
}
