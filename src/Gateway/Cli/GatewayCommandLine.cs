using System.CommandLine;

namespace EdgeGateway.Gateway.Cli;

/// <summary>
/// The <c>edgegateway</c> command line: <c>[run]</c> (the default) and <c>decode</c>. Exit codes:
/// 0 success, 2 bad input or usage, 78 bad configuration, 1 any other failure to start.
/// </summary>
public static class GatewayCommandLine
{
    /// <summary>Exit code for bad input or usage.</summary>
    public const int ExitBadInput = 2;

    /// <summary>Exit code for a configuration that fails validation (sysexits EX_CONFIG).</summary>
    public const int ExitBadConfiguration = 78;

    /// <summary>Parses <paramref name="args"/> and runs the chosen command.</summary>
    public static Task<int> InvokeAsync(string[] args) => InvokeAsync(args, Console.Out, Console.Error);

    /// <summary>As <see cref="InvokeAsync(string[])"/>, writing to the given streams (for tests).</summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var root = new RootCommand("EdgeGateway: reads the exam room's medical devices, keeps every reading encrypted on disk, forwards them to the national platform.");
        var run = RunCommand.Create(stderr);
        RunCommand.AddOptionsTo(root);
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((parse, cancellationToken) => RunCommand.ExecuteAsync(parse, stderr, cancellationToken));
        root.Subcommands.Add(run);
        root.Subcommands.Add(DecodeCommand.Create(stdout, stderr));
        root.Subcommands.Add(Bench.BenchCommand.Create(stdout, stderr));
        root.Subcommands.Add(KeysCommand.Create(stdout, stderr));
        root.Subcommands.Add(DeadLettersCommand.Create(stdout, stderr));
        root.Subcommands.Add(BluetoothCommand.Create(stdout, stderr));
        root.Subcommands.Add(SimulateCommand.Create(stdout, stderr));

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            await stderr.WriteLineAsync($"edgegateway: {parseResult.Errors[0].Message} (see 'edgegateway --help')").ConfigureAwait(false);
            return ExitBadInput;
        }

        return await parseResult.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr }).ConfigureAwait(false);
    }
}
