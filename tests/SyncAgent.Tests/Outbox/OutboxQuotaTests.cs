using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.SyncAgent.Tests.Support;
using EdgeGateway.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using OutboxStore = EdgeGateway.SyncAgent.Outbox.Outbox;

namespace EdgeGateway.SyncAgent.Tests.Outbox;

/// <summary>
/// The written policy: past the quota non-clinical records go first; clinical readings are never
/// dropped — an alert, and they keep coming in until the disk itself is full, where new ones are
/// refused with a clear error and every stored one is kept.
/// </summary>
public sealed class OutboxQuotaTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private OutboxStore Open(string dataDir, long maxBytes = 1L << 20, long reserveBytes = 64L << 10) =>
        OutboxStore.Open(new StorageOptions { DataDir = dataDir, MaxBytes = maxBytes, ReserveBytes = reserveBytes }, NullLogger<OutboxStore>.Instance);

    [Fact]
    public async Task OverQuota_EvictsNonClinicalOldestFirst_AndKeepsEveryClinicalReading()
    {
        await using var outbox = Open(Path.Combine(_directory.Path, "data"));
        var clinical = new List<long>();
        var diagnostic = new List<long>();
        for (var i = 0; i < 1_500; i++)
        {
            var reading = SampleReadings.BloodPressure(systolic: 100 + (i % 50))[0];
            if (i % 3 == 0)
            {
                clinical.Add(await outbox.AppendAsync(reading, RecordClass.Clinical));
            }
            else
            {
                diagnostic.Add(await outbox.AppendAsync(reading with { IsTest = true }, RecordClass.Diagnostic));
            }
        }

        Assert.True(outbox.Evicted > 0);
        Assert.InRange(outbox.StoredBytes, 0, 1L << 20);
        Assert.False(outbox.QuotaExceeded);
        var kept = ReadAll(outbox).Select(s => s.RecordId).ToHashSet();
        Assert.All(clinical, id => Assert.Contains(id, kept));
        var keptDiagnostic = diagnostic.Where(kept.Contains).ToList();
        // Oldest first: what is left of the diagnostics is their newest tail.
        Assert.Equal(diagnostic.TakeLast(keptDiagnostic.Count), keptDiagnostic);
    }

    [Fact]
    public async Task OverQuotaWithClinicalOnly_RaisesTheAlertAndStillAcceptsEveryReading()
    {
        await using var outbox = Open(Path.Combine(_directory.Path, "data"));
        var ids = new List<long>();
        for (var i = 0; i < 1_500; i++)
        {
            ids.Add(await outbox.AppendAsync(SampleReadings.BloodPressure(systolic: 100 + (i % 50))[0]));
        }

        Assert.True(outbox.QuotaExceeded);
        Assert.True(outbox.StoredBytes > 1L << 20);
        Assert.Equal(0, outbox.Evicted);
        Assert.Equal(1_500, outbox.Count);

        // Sending the backlog brings it back under, and the alert clears.
        await outbox.AcknowledgeAsync(ids.Take(1_200).ToList());
        await outbox.AppendAsync(SampleReadings.BloodPressure()[0]);
        Assert.False(outbox.QuotaExceeded);
    }

    [Fact]
    public async Task StoredBytes_SurviveARestart()
    {
        var dataDir = Path.Combine(_directory.Path, "data");
        long stored;
        await using (var outbox = Open(dataDir, maxBytes: 1L << 30))
        {
            var ids = new List<long>();
            for (var i = 0; i < 50; i++)
            {
                ids.Add(await outbox.AppendAsync(SampleReadings.BloodPressure()[0]));
            }

            await outbox.AcknowledgeAsync(ids.Take(20).ToList());
            stored = outbox.StoredBytes;
            Assert.True(stored > 0);
        }

        await using var reopened = Open(dataDir, maxBytes: 1L << 30);
        Assert.Equal(stored, reopened.StoredBytes);
    }

    [RootFact]
    public async Task DiskFull_RefusesNewReadingsClearly_KeepsEveryStoredOne_AndRecoversWhenSpaceReturns()
    {
        using var disk = new SmallDisk(Path.Combine(_directory.Path, "sd"), megabytes: 24);
        var dataDir = Path.Combine(disk.Path, "data");
        var filler = Path.Combine(disk.Path, "filler");
        var acknowledged = new List<long>();
        OutboxException? refusal = null;
        await using (var outbox = Open(dataDir, maxBytes: 1L << 30, reserveBytes: 2L << 20))
        {
            // Another program fills most of the card.
            await File.WriteAllBytesAsync(filler, new byte[16 << 20]);
            for (var i = 0; i < 20_000 && refusal is null; i++)
            {
                try
                {
                    acknowledged.Add(await outbox.AppendAsync(SampleReadings.BloodPressure(systolic: 100 + (i % 50))[0]));
                }
                catch (OutboxException ex)
                {
                    refusal = ex;
                }
            }

            Assert.NotNull(refusal);
            Assert.Contains("disk holding the Outbox is full", refusal.Message, StringComparison.Ordinal);
            Assert.Contains("everything already stored is kept", refusal.Message, StringComparison.Ordinal);
            Assert.Null(outbox.Fault);

            // Acknowledgements still go through on a full disk.
            Assert.Equal(10, await outbox.AcknowledgeAsync(acknowledged.Take(10).ToList()));

            // Space comes back: readings are accepted again, without a restart.
            File.Delete(filler);
            acknowledged.Add(await outbox.AppendAsync(SampleReadings.BloodPressure()[0]));
        }

        await using var reopened = Open(dataDir, maxBytes: 1L << 30);
        var kept = ReadAll(reopened).Select(s => s.RecordId).ToHashSet();
        Assert.All(acknowledged.Skip(10), id => Assert.Contains(id, kept));
        Assert.Equal(acknowledged.Count - 10, kept.Count);
    }

    private static List<StoredReading> ReadAll(OutboxStore outbox)
    {
        var all = new List<StoredReading>();
        for (var page = outbox.ReadPage(0, 1000); page.Count > 0; page = outbox.ReadPage(page[^1].RecordId, 1000))
        {
            all.AddRange(page);
        }

        return all;
    }
}
