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

    /// <summary>DataAnnotations wraps our key-naming message in its own words; keep ours.</summary>
    private static string ValidationMessage(string failure)
    {
        const string marker = "with the error: '";
        var start = failure.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return failure;
        }

        var message = failure[(start + marker.Length)..];
        return message.EndsWith("'.", StringComparison.Ordinal) ? message[..^2] : message;
    }

    public static async Task<int> ExecuteAsync(ParseResult parse, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (ConfigurationArguments.FindUnknown(parse.UnmatchedTokens) is { } unknown)
        {
            // A mistyped command or option must not start the service with defaults.
            await stderr.WriteLineAsync($"edgegateway: unknown command or option '{unknown}' (see 'edgegateway --help'; settings are given as --Section:Key=value)").ConfigureAwait(false);
            return GatewayCommandLine.ExitBadInput;
        }

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
            await stderr.WriteLineAsync($"edgegateway: configuration error: {string.Join(" ", ex.Failures.Select(ValidationMessage))}").ConfigureAwait(false);
            return GatewayCommandLine.ExitBadConfiguration;
        }
        catch (InvalidOperationException ex) when (ex.InnerException is FormatException or ArgumentException or OverflowException)
        {
            // A value that does not convert ("abc" for a number): the binder's message names the key.
            await stderr.WriteLineAsync($"edgegateway: configuration error: {ex.Message}").ConfigureAwait(false);
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
