using EdgeGateway.SyncAgent.Crypto;
using EdgeGateway.SyncAgent.Tests.Support;
using OutboxStore = EdgeGateway.SyncAgent.Outbox.Outbox;

namespace EdgeGateway.SyncAgent.Tests.Crypto;

public sealed class KeyRotationTests : OutboxTestBase
{
    [Fact]
    public async Task Rotate_NewRecordsUseTheNewKey_OldOnesStillOpen_AndTheOldKeyLeavesWithItsLastRecord()
    {
        long old;
        await using (var outbox = Open())
        {
            old = await outbox.AppendAsync(SampleReadings.BloodPressure(systolic: 111)[0]);
        }

        Assert.Equal(2, KeyRing.Rotate(Options.ResolvedKeyFile));

        long fresh;
        await using (var outbox = Open())
        {
            fresh = await outbox.AppendAsync(SampleReadings.BloodPressure(systolic: 122)[0]);
            Assert.Equal([111m, 122m], outbox.ReadPage(0, 10).Select(s => s.Reading.Measurement.Components[0].Quantity.Value!.Value));

            // Key 1 still seals a record: it stays.
            Assert.Equal([1, 2], KeyRing.LoadOrCreate(Options.ResolvedKeyFile, out _).KeyIds.Order());
            await outbox.AcknowledgeAsync([old]);
        }

        await using (var outbox = Open())
        {
            Assert.Equal([2], KeyRing.LoadOrCreate(Options.ResolvedKeyFile, out _).KeyIds);
            Assert.Equal(fresh, Assert.Single(outbox.ReadPage(0, 10)).RecordId);
        }
    }

    [Fact]
    public async Task Rotate_ThenDatabaseSetAside_KeepsEveryKeyForTheRecovery()
    {
        await using (var outbox = Open())
        {
            await outbox.AppendAsync(SampleReadings.BloodPressure()[0]);
        }

        KeyRing.Rotate(Options.ResolvedKeyFile);
        var garbage = new byte[64 * 1024];
        new Random(3).NextBytes(garbage);
        await File.WriteAllBytesAsync(Path.Combine(Options.DataDir, OutboxStore.DatabaseFileName), garbage);
        File.Delete(Path.Combine(Options.DataDir, OutboxStore.LogFileName));

        await using (var outbox = Open())
        {
            Assert.NotNull(outbox.MovedAsideTo);
        }

        await using (var again = Open())
        {
            // The set-aside file's records were sealed with key 1: it must survive this start and the next.
            Assert.Equal([1, 2], KeyRing.LoadOrCreate(Options.ResolvedKeyFile, out _).KeyIds.Order());
        }
    }

    [Fact]
    public async Task Rotate_KeyStillUsedByADeadLetter_IsKept()
    {
        await using (var outbox = Open())
        {
            var id = await outbox.AppendAsync(SampleReadings.BloodPressure()[0]);
            await outbox.DeadLetterAsync(id, "HTTP 422");
        }

        KeyRing.Rotate(Options.ResolvedKeyFile);
        await using var reopened = Open();

        Assert.Equal([1, 2], KeyRing.LoadOrCreate(Options.ResolvedKeyFile, out _).KeyIds.Order());
        Assert.Equal("HTTP 422", Assert.Single(reopened.ReadDeadLetters(10)).Reason);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Options.ResolvedKeyFile));
    }
}
