using EdgeGateway.Gateway.Cli;
using EdgeGateway.SyncAgent.Crypto;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.Gateway.Tests.Cli;

public sealed class KeysCommandTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task KeysRotate_MakesANewCurrentKeyInTheConfiguredDataDir()
    {
        var dataDir = Path.Combine(_root.Path, "data");
        var keyFile = Path.Combine(dataDir, "keys", "outbox.key");
        KeyRing.LoadOrCreate(keyFile, out _);
        using var stdout = new StringWriter();

        var exit = await GatewayCommandLine.InvokeAsync(["keys", "rotate", "--data-dir", dataDir], stdout, TextWriter.Null);

        Assert.Equal(0, exit);
        Assert.Contains("key 2 is now current", stdout.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, KeyRing.LoadOrCreate(keyFile, out _).CurrentKeyId);
    }

    [Fact]
    public async Task KeysRotate_NoKeyFileYet_SaysSoAndCreatesNothing()
    {
        var dataDir = Path.Combine(_root.Path, "empty");
        using var stderr = new StringWriter();

        var exit = await GatewayCommandLine.InvokeAsync(["keys", "rotate", "--data-dir", dataDir], TextWriter.Null, stderr);

        Assert.Equal(GatewayCommandLine.ExitBadInput, exit);
        Assert.Contains("no key file", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDir));
    }
}
