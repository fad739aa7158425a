namespace EdgeGateway.Gateway.Hosting;

/// <summary>What <c>edgegateway run</c> was given on its command line.</summary>
/// <param name="ConfigFile">An explicit configuration file (<c>--config</c>); must exist when given.</param>
/// <param name="DataDir">Overrides <c>Storage:DataDir</c> (<c>--data-dir</c>).</param>
/// <param name="Urls">Overrides the listening URLs (<c>--urls</c>).</param>
/// <param name="Demo">Adds the simulated devices (<c>--demo</c>).</param>
/// <param name="ConfigurationArgs">Further <c>--Section:Key=value</c> arguments for .NET configuration.</param>
public sealed record RunSettings(string? ConfigFile, string? DataDir, string? Urls, bool Demo, IReadOnlyList<string> ConfigurationArgs)
{
    /// <summary>The system-wide configuration file, read when present and no <c>--config</c> is given.</summary>
    public const string SystemConfigFile = "/etc/edgegateway/gateway.json";
}
