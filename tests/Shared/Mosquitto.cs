using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EdgeGateway.Tests.Shared;

/// <summary>
/// A real Mosquitto broker (Debian's <c>mosquitto</c> package, installed by scripts/test.sh) on a
/// loopback port of its own, with its configuration in a temporary directory. It can be killed
/// and started again on the same port, and can require a password and apply an ACL.
/// </summary>
public sealed class Mosquitto : IDisposable
{
    private const string Program = "/usr/sbin/mosquitto";
    private readonly TempDirectory _directory = new();
    private Process? _process;

    /// <summary>
    /// Configures a broker; <paramref name="users"/> (name, password) turn anonymous access off,
    /// <paramref name="acl"/> is an ACL file's text, <paramref name="tls"/> (PEM files) makes it
    /// require TLS with a client certificate issued by that CA.
    /// </summary>
    public Mosquitto(IReadOnlyList<(string User, string Password)>? users = null, string? acl = null, (string Ca, string Certificate, string Key)? tls = null)
    {
        Port = FreePort();
        var config = new List<string> { $"listener {Port} 127.0.0.1", "persistence false", "log_dest stderr" };
        if (tls is var (ca, certificate, key))
        {
            config.AddRange([$"cafile {ca}", $"certfile {certificate}", $"keyfile {key}", "require_certificate true", "use_identity_as_username true"]);
            IsTls = true;
        }

        if (users is { Count: > 0 })
        {
            var passwords = Path.Combine(_directory.Path, "passwords");
            File.WriteAllText(passwords, "");
            foreach (var (user, password) in users)
            {
                Programs.Run("/usr/bin/mosquitto_passwd", "-b", passwords, user, password);
            }

            config.Add("allow_anonymous false");
            config.Add($"password_file {passwords}");
        }
        else
        {
            config.Add("allow_anonymous true");
        }

        if (acl is not null)
        {
            var aclFile = Path.Combine(_directory.Path, "acl");
            File.WriteAllText(aclFile, acl);
            config.Add($"acl_file {aclFile}");
        }

        ConfigFile = Path.Combine(_directory.Path, "mosquitto.conf");
        File.WriteAllLines(ConfigFile, config);
    }

    /// <summary>The broker's loopback port (the same across restarts).</summary>
    public int Port { get; }

    /// <summary>True when the broker requires TLS.</summary>
    public bool IsTls { get; }

    /// <summary>The broker's URL for the gateway's options.</summary>
    public Uri Url => IsTls ? new($"mqtts://localhost:{Port}") : new($"mqtt://127.0.0.1:{Port}");

    /// <summary>The configuration file.</summary>
    public string ConfigFile { get; }

    /// <summary>Starts the broker and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        if (!File.Exists(Program))
        {
            throw new InvalidOperationException($"{Program} is missing: scripts/test.sh installs the Debian package 'mosquitto'.");
        }

        var start = new ProcessStartInfo(Program) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(ConfigFile);
        _process = Process.Start(start)!;
        _process.ErrorDataReceived += (_, _) => { };
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited at start with code {_process.ExitCode}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port, deadline.Token);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50, deadline.Token);
            }
        }
    }

    /// <summary>Kills the broker (SIGKILL): every connection drops at once, nothing is said to the clients.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Kill();
        _directory.Dispose();
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
