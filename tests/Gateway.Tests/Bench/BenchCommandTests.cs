using System.Text.Json;
using EdgeGateway.Gateway.Cli;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.Gateway.Tests.Bench;

/// <summary>The benchmark runs end to end and reports its figures; their values are for people, not asserts.</summary>
public sealed class BenchCommandTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task Bench_Json_LastLineHoldsEveryFigure_AndTheDataDirIsReal()
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var dataDir = Path.Combine(_root.Path, "bench");

        var exit = await GatewayCommandLine.InvokeAsync(["bench", "--readings", "300", "--data-dir", dataDir, "--json"], stdout, stderr);

        Assert.Equal(0, exit);
        var lines = stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        using var figures = JsonDocument.Parse(lines[^1]);
        foreach (var name in new[] { "ingest_per_s", "ack_p99_ms", "drain_per_s", "wire_bytes_per_reading", "rss_mb", "ingest_no_encryption_per_s", "ingest_no_fsync_per_s" })
        {
            Assert.True(figures.RootElement.GetProperty(name).GetDouble() > 0, name);
        }

        Assert.Equal(300, figures.RootElement.GetProperty("readings").GetInt32());
        // The drained Outbox is left where it was asked to be, empty.
        Assert.True(File.Exists(Path.Combine(dataDir, "durable-encrypted-2", "outbox.db")));
    }

    [Fact]
    public async Task Bench_AbsurdReadingCount_IsBadInput()
    {
        using var stderr = new StringWriter();

        var exit = await GatewayCommandLine.InvokeAsync(["bench", "--readings", "5"], TextWriter.Null, stderr);

        Assert.Equal(GatewayCommandLine.ExitBadInput, exit);
        Assert.Contains("--readings", stderr.ToString(), StringComparison.Ordinal);
    }
}
