using System.CommandLine;
using EdgeGateway.Gateway.Hosting;
using EdgeGateway.SyncAgent.Crypto;
using EdgeGateway.SyncAgent.Outbox;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Gateway.Cli;

/// <summary><c>edgegateway [run] [--config FILE] [--data-dir DIR] [--urls URLS] [--demo]</c>: the service.</summary>
internal static class RunCommand
{
    private static readonly Option<string?> Config = new("--config") { Description = $"Configuration file (default: {RunSettings.SystemConfigFile} when present)" };
    private static readonly Option<string?> DataDir = new("--data-dir") { Description = "Data directory: sets Storage:DataDir (default ./data)" };
    private static readonly Option<string?> Urls = new("--urls") { Description = "Listening URLs (default http://localhost:5080)" };
    private static readonly Option<bool> Demo = new("--demo") { Description = "Add simulated exam-room devices (readings tagged HTEST, never sent to a real platform)" };

    public static Command Create(TextWriter stderr)
    {
        var command = new Command("run", "Run the gateway (the default command).");
        AddOptionsTo(command);
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parse, cancellationToken) => ExecuteAsync(parse, stderr, cancellationToken));
        return command;
    }

    public static void AddOptionsTo(Command command)
    {
        command.Options.Add(Config);
        command.Options.Add(DataDir);
        command.Options.Add(Urls);
        command.Options.Add(Demo);
    }

    public static async Task<int> ExecuteAsync(ParseResult parse, TextWriter stderr, CancellationToken cancellationToken)
    {
        var settings = new RunSettings(parse.GetValue(Config), parse.GetValue(DataDir), parse.GetValue(Urls), parse.GetValue(Demo), [.. parse.UnmatchedTokens]);
        if (settings.ConfigFile is { } file && !File.Exists(file))
        {
            await stderr.WriteLineAsync($"edgegateway: --config: the file '{file}' does not exist").ConfigureAwait(false);
            return GatewayCommandLine.ExitBadConfiguration;
        }

        try
        {
            await using var app = GatewayHost.Build(settings);
            await app.RunAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            await stderr.WriteLineAsync($"edgegateway: configuration error: {string.Join(" ", ex.Failures)}").ConfigureAwait(false);
            return GatewayCommandLine.ExitBadConfiguration;
        }
        catch (InvalidDataException ex)
        {
            // A configuration file that is not valid JSON.
            await stderr.WriteLineAsync($"edgegateway: configuration error: {ex.Message}").ConfigureAwait(false);
            return GatewayCommandLine.ExitBadConfiguration;
        }
        catch (Exception ex) when (ex is OutboxException or KeyFileException)
        {
            await stderr.WriteLineAsync($"edgegateway: cannot start: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
