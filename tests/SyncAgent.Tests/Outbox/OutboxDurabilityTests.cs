using System.Collections.Concurrent;
using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.SyncAgent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using OutboxStore = EdgeGateway.SyncAgent.Outbox.Outbox;

namespace EdgeGateway.SyncAgent.Tests.Outbox;

/// <summary>
/// LiteDB 5.0.21 never fsyncs (its tracker, #2818): these tests watch the Outbox's own fsyncs
/// through the file seam, since a SIGKILL (which keeps the page cache) cannot tell them apart.
/// </summary>
public sealed class OutboxDurabilityTests : OutboxTestBase
{
    [Fact]
    public async Task AppendAsync_CompletesOnlyAfterTheLogWasFsynced()
    {
        var events = new ConcurrentQueue<string>();
        await using var outbox = OutboxStore.Open(Options, NullLogger<OutboxStore>.Instance, null, file => events.Enqueue("fsync " + file));

        for (var i = 0; i < 5; i++)
        {
            events.Clear();
            await outbox.AppendAsync(SampleReadings.BloodPressure()[0]);
            events.Enqueue("acknowledged");

            var order = events.ToList();
            var fsync = order.IndexOf("fsync " + OutboxStore.LogFileName);
            Assert.True(fsync >= 0 && fsync < order.IndexOf("acknowledged"), string.Join(", ", order));
        }
    }

    [Fact]
    public async Task ManyAppendsAtOnce_ShareFsyncs()
    {
        var logSyncs = 0;
        await using var outbox = OutboxStore.Open(Options, NullLogger<OutboxStore>.Instance, null, file =>
        {
            if (file == OutboxStore.LogFileName) Interlocked.Increment(ref logSyncs);
        });

        await Task.WhenAll(Enumerable.Range(0, 2_000).Select(_ => outbox.AppendAsync(SampleReadings.BloodPressure()[0])));

        // Group commit: far fewer fsyncs than readings (at most 256 per group).
        Assert.InRange(logSyncs, 8, 1_000);
    }

    [Fact]
    public async Task FailedFsync_RefusesTheGroupAndEveryLaterChange_AndSaysWhy()
    {
        var diskFails = false;
        await using var outbox = OutboxStore.Open(Options, NullLogger<OutboxStore>.Instance, null, file =>
        {
            if (diskFails && file == OutboxStore.LogFileName) throw new IOException("Input/output error");
        });
        await outbox.AppendAsync(SampleReadings.BloodPressure()[0]);

        diskFails = true;
        var first = await Assert.ThrowsAsync<OutboxException>(() => outbox.AppendAsync(SampleReadings.BloodPressure()[0]));
        diskFails = false;
        var later = await Assert.ThrowsAsync<OutboxException>(() => outbox.AppendAsync(SampleReadings.BloodPressure()[0]));

        Assert.Contains("Input/output error", first.Message, StringComparison.Ordinal);
        Assert.Contains("restart", later.Message, StringComparison.Ordinal);
        Assert.NotNull(outbox.Fault);
        // The refused reading was committed to LiteDB but never made durable: nobody may read and send it.
        Assert.Single(outbox.ReadPage(0, 10));
        Assert.Single(outbox.ReadLatest(10));
    }

    [Fact]
    public async Task FailedFsyncOfTheDataFile_BeforeTheLogIsTruncated_KeepsTheLog()
    {
        // The data file is synced before LiteDB truncates the log after a checkpoint; if that sync
        // fails the truncation must not happen, so the log still holds every commit.
        var failDataSync = false;
        var options = Options;
        long stored;
        await using (var outbox = OutboxStore.Open(options, NullLogger<OutboxStore>.Instance, null, file =>
        {
            if (failDataSync && file == OutboxStore.DatabaseFileName) throw new IOException("No space left on device");
        }))
        {
            var reading = SampleReadings.BloodPressure()[0];
            failDataSync = true;
            for (var i = 0; i < 40; i++)
            {
                await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => outbox.AppendAsync(reading)));
            }

            stored = outbox.Count;
            Assert.Equal(20_000, stored);
            Assert.True(outbox.LogBytes > 4L << 20, "the log was truncated although the data file never synced");
            failDataSync = false;
        }

        await using var reopened = OutboxStore.Open(options, NullLogger<OutboxStore>.Instance);
        Assert.Equal(stored, reopened.Count);
    }
}
