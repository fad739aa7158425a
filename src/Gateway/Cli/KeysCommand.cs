using System.CommandLine;
using EdgeGateway.SyncAgent.Crypto;

namespace EdgeGateway.Gateway.Cli;

/// <summary>
/// <c>edgegateway keys rotate [--config FILE] [--data-dir DIR]</c>: a new data key for new records.
/// Old keys stay in the key file until no stored record uses them; the service picks the new key
/// up when it restarts.
/// </summary>
internal static class KeysCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var config = new Option<string?>("--config") { Description = "Configuration file (as for run)" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Data directory (as for run)" };
        var rotate = new Command("rotate", "Start a new data key for new records; old keys stay until their records are gone.") { config, dataDir };
        rotate.SetAction(parse => Rotate(parse.GetValue(config), parse.GetValue(dataDir), stdout, stderr));
        return new Command("keys", "Manage the Outbox's encryption keys.") { rotate };
    }

    private static int Rotate(string? configFile, string? dataDir, TextWriter stdout, TextWriter stderr)
    {
        try
        {
            using var configuration = ToolConfiguration.Load("edgegateway keys rotate", configFile, dataDir, stderr);
            if (configuration is null)
            {
                return GatewayCommandLine.ExitBadConfiguration;
            }

            var keyFile = ToolConfiguration.Storage(configuration).ResolvedKeyFile;
            if (!File.Exists(keyFile))
            {
                stderr.WriteLine($"edgegateway keys rotate: there is no key file at '{keyFile}' (the gateway creates it on first start)");
                return GatewayCommandLine.ExitBadInput;
            }

            var id = KeyRing.Rotate(keyFile);
            stdout.WriteLine($"key {id} is now current in {keyFile}; restart the gateway to seal new readings with it. Older keys stay until the readings they seal have left the Outbox.");
            return 0;
        }
        catch (KeyFileException ex)
        {
            stderr.WriteLine($"edgegateway keys rotate: {ex.Message}");
            return 1;
        }
    }
}
