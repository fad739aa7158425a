using EdgeGateway.Gateway.Hosting;
using EdgeGateway.SyncAgent.Outbox;

namespace EdgeGateway.Gateway.Cli;

/// <summary>The gateway's configuration as a tool command (<c>keys</c>, <c>deadletters</c>) reads it: in the order <c>run</c> uses.</summary>
internal static class ToolConfiguration
{
    /// <summary>
    /// Loads the configuration with <paramref name="configFile"/> and <paramref name="dataDir"/> as
    /// <c>run</c> would; null, after one line on <paramref name="stderr"/>, when <c>--config</c>
    /// names no file (exit with <see cref="GatewayCommandLine.ExitBadConfiguration"/> then).
    /// </summary>
    public static ConfigurationManager? Load(string command, string? configFile, string? dataDir, TextWriter stderr)
    {
        if (configFile is not null && !File.Exists(configFile))
        {
            stderr.WriteLine($"{command}: --config: the file '{configFile}' does not exist");
            return null;
        }

        var configuration = new ConfigurationManager();
        GatewayConfiguration.Apply(configuration, new RunSettings(configFile, dataDir, null, false, []));
        return configuration;
    }

    /// <summary>The <c>Storage</c> section of <paramref name="configuration"/>.</summary>
    public static StorageOptions Storage(IConfiguration configuration)
    {
        var storage = new StorageOptions();
        configuration.GetSection(StorageOptions.SectionName).Bind(storage);
        return storage;
    }
}
