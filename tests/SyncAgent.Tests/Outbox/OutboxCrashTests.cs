using System.Diagnostics;
using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using OutboxStore = EdgeGateway.SyncAgent.Outbox.Outbox;

namespace EdgeGateway.SyncAgent.Tests.Outbox;

/// <summary>
/// "Every acknowledged reading survives": a child process appends through the real Outbox and logs
/// each id after its acknowledgement; it is killed with SIGKILL at random moments, many times, and
/// after each kill every logged id must be in the Outbox, once.
/// </summary>
public sealed class OutboxCrashTests : IDisposable
{
    private const int Rounds = 12;
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Sigkill_AtRandomMoments_LosesNoAcknowledgedReadingAndDuplicatesNone()
    {
        var dataDir = Path.Combine(_directory.Path, "data");
        var ackLog = Path.Combine(_directory.Path, "acked.log");
        var random = new Random(20261129);
        var acknowledgedBeforeKills = new List<int>();

        for (var round = 0; round < Rounds; round++)
        {
            using var child = StartChild(dataDir, ackLog);
            Assert.Equal("ready", await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
            await Task.Delay(random.Next(50, 700));
            child.Kill();
            await child.WaitForExitAsync();

            var acknowledged = ReadAckLog(ackLog);
            acknowledgedBeforeKills.Add(acknowledged.Count);
            await using var outbox = OutboxStore.Open(new StorageOptions { DataDir = dataDir }, NullLogger<OutboxStore>.Instance);
            var stored = ReadAll(outbox);
            var storedIds = stored.Select(s => s.Reading.ReadingId).ToList();

            Assert.Null(outbox.MovedAsideTo);
            Assert.Equal(storedIds.Count, storedIds.Distinct().Count());
            var missing = acknowledged.Except(storedIds).ToList();
            Assert.True(missing.Count == 0, $"round {round}: {missing.Count} acknowledged reading(s) lost, e.g. {missing.FirstOrDefault()}");
        }

        // The kills must have landed while readings were flowing, not before the first one.
        Assert.True(acknowledgedBeforeKills[^1] > Rounds * 100, $"only {acknowledgedBeforeKills[^1]} readings acknowledged in {Rounds} rounds");
    }

    [Fact]
    public async Task Sigkill_WhileDrainingToThePlatform_EveryAcknowledgedReadingIsInTheOutboxOrAtThePlatformOnce()
    {
        await using var platform = await FakePlatform.StartAsync();
        var dataDir = Path.Combine(_directory.Path, "data");
        var ackLog = Path.Combine(_directory.Path, "acked.log");
        var random = new Random(29112026);

        for (var round = 0; round < Rounds; round++)
        {
            using var child = StartChild(dataDir, ackLog, platform.BaseUrl.ToString());
            Assert.Equal("ready", await child.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
            if (round == 0)
            {
                // A cold child needs a moment for its first upload (the FHIR model loads): let one
                // land, so that later kills fall on a drain already under way.
                await Eventually.Holds(() => platform.Count > 0);
            }

            await Task.Delay(random.Next(100, 800));
            child.Kill();
            await child.WaitForExitAsync();

            var acknowledged = ReadAckLog(ackLog);
            await using var outbox = OutboxStore.Open(new StorageOptions { DataDir = dataDir }, NullLogger<OutboxStore>.Instance);
            var inOutbox = ReadAll(outbox).Select(s => s.Reading.ReadingId).ToHashSet();
            var atPlatform = platform.Stored.Select(o => o.Identifier[0].Value!).ToList();

            Assert.Equal(atPlatform.Count, atPlatform.Distinct().Count());
            var lost = acknowledged.Where(id => !inOutbox.Contains(id) && !atPlatform.Contains(id)).ToList();
            Assert.True(lost.Count == 0, $"round {round}: {lost.Count} acknowledged reading(s) neither in the Outbox nor at the platform");
        }

        // The kills landed while readings were both flowing in and going out.
        Assert.True(platform.Count > 0, "nothing reached the platform");
        Assert.True(ReadAckLog(ackLog).Count > platform.Count, "the backlog was never non-empty at a kill");
    }

    private static Process StartChild(string dataDir, string ackLog, string? platformUrl = null)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OutboxCrashChild.dll"));
        start.ArgumentList.Add(dataDir);
        start.ArgumentList.Add(ackLog);
        if (platformUrl is not null)
        {
            start.ArgumentList.Add(platformUrl);
        }

        return Process.Start(start)!;
    }

    private static List<string> ReadAckLog(string path) =>
        File.Exists(path)
            // Only whole lines: a line cut by the kill was never completely written, so its reading
            // was acknowledged to no one.
            ? [.. File.ReadAllText(path).Split('\n').SkipLast(1).Where(line => line.Length > 0)]
            : [];

    private static List<StoredReading> ReadAll(OutboxStore outbox)
    {
        var all = new List<StoredReading>();
        for (var page = outbox.ReadPage(0, 5000); page.Count > 0; page = outbox.ReadPage(page[^1].RecordId, 5000))
        {
            all.AddRange(page);
        }

        return all;
    }
}
