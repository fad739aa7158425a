namespace EdgeGateway.Gateway.Hosting;

/// <summary>The gateway's configuration sources, in the documented order (later wins).</summary>
public static class GatewayConfiguration
{
    /// <summary>
    /// <c>appsettings.json</c>, then <c>/etc/edgegateway/gateway.json</c> (or <c>--config</c>), then
    /// environment variables (<c>__</c> separates sections), then the command line.
    /// </summary>
    public static void Apply(ConfigurationManager configuration, RunSettings settings)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settings);
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

    /// <summary>The <c>Gateway</c> section as the service would read it (for commands that run without the host).</summary>
    public static GatewayOptions ReadGatewayOptions(RunSettings settings)
    {
        using var configuration = new ConfigurationManager();
        Apply(configuration, settings);
        var options = new GatewayOptions();
        configuration.GetSection(GatewayOptions.SectionName).Bind(options);
        return options;
    }
}
