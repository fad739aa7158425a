using System.Diagnostics;
using System.Text.RegularExpressions;

namespace EdgeGateway.Gateway.Tests.Support;

/// <summary>
/// The real <c>edgegateway</c> executable in its own process (the build output beside the tests),
/// bound to a free loopback port. It can be stopped gently or killed with SIGKILL.
/// </summary>
public sealed partial class GatewayProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private GatewayProcess(Process process) => _process = process;

    public Uri? BaseAddress { get; private set; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    /// <summary>Starts <c>edgegateway</c> with <paramref name="args"/> and waits until it says where it listens.</summary>
    public static async Task<GatewayProcess> StartAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "edgegateway.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gateway = new GatewayProcess(new Process { StartInfo = start, EnableRaisingEvents = true });
        void OnLine(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (gateway._output)
            {
                gateway._output.Add(e.Data);
            }

            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        gateway._process.OutputDataReceived += OnLine;
        gateway._process.ErrorDataReceived += OnLine;
        gateway._process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("edgegateway exited before listening:\n" + gateway.Output));
        gateway._process.Start();
        gateway._process.BeginOutputReadLine();
        gateway._process.BeginErrorReadLine();
        gateway.BaseAddress = await listening.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return gateway;
    }

    /// <summary>SIGKILL: no shutdown code runs, as on a power cut of the process.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }
}
