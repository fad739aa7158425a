using System.Diagnostics;

namespace EdgeGateway.Tests.Shared;

/// <summary>
/// A serial cable without hardware: socat's pty pair (Debian's <c>socat</c>, installed by
/// scripts/test.sh). The gateway opens <see cref="GatewayEnd"/>; the simulated device writes to
/// <see cref="DeviceEnd"/>. Killing socat is pulling the cable; starting it again plugs it back,
/// under the same paths.
/// </summary>
public sealed class SocatPair : IDisposable
{
    private const string Program = "/usr/bin/socat";
    private readonly TempDirectory _directory = new();
    private Process? _process;

    public SocatPair()
    {
        GatewayEnd = Path.Combine(_directory.Path, "ttyGateway");
        DeviceEnd = Path.Combine(_directory.Path, "ttyDevice");
    }

    /// <summary>The path the gateway's serial transport opens.</summary>
    public string GatewayEnd { get; }

    /// <summary>The path the simulated device writes to.</summary>
    public string DeviceEnd { get; }

    /// <summary>Plugs the cable: starts socat and waits until both ends exist.</summary>
    public async Task PlugAsync()
    {
        if (!File.Exists(Program))
        {
            throw new InvalidOperationException($"{Program} is missing: scripts/test.sh installs the Debian package 'socat'.");
        }

        var start = new ProcessStartInfo(Program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])["-d", "-d", $"pty,raw,echo=0,link={GatewayEnd}", $"pty,raw,echo=0,link={DeviceEnd}"])
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("socat did not start");
        _ = _process.StandardError.ReadToEndAsync();
        await Eventually.Holds(() => File.Exists(GatewayEnd) && File.Exists(DeviceEnd), 10);
    }

    /// <summary>Pulls the cable: kills socat (the ends vanish).</summary>
    public void Unplug()
    {
        if (_process is { } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
            process.Dispose();
            _process = null;
        }

        // Killed, socat leaves its links behind, pointing at ptys the system will hand to someone else:
        // gone, as a pulled cable's device is.
        File.Delete(GatewayEnd);
        File.Delete(DeviceEnd);
    }

    /// <summary>Writes bytes as the device would.</summary>
    public async Task WriteAsync(byte[] bytes)
    {
        await using var device = new FileStream(DeviceEnd, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
        await device.WriteAsync(bytes);
        await device.FlushAsync();
    }

    /// <summary>
    /// Reads what the gateway sent the device (a command on opening the port) until
    /// <paramref name="count"/> bytes came; a deadline fails the test instead of hanging it.
    /// </summary>
    public async Task<byte[]> ReadAsync(int count, int seconds)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        await using var device = new FileStream(DeviceEnd, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.None);
        var received = new byte[count];
        var filled = 0;
        while (filled < count)
        {
            // A pty read is not cancellable: the deadline abandons it (pulling the cable ends it).
            var read = await device.ReadAsync(received.AsMemory(filled), CancellationToken.None).AsTask().WaitAsync(deadline.Token);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return received[..filled];
    }

    public void Dispose()
    {
        Unplug();
        _directory.Dispose();
    }
}
