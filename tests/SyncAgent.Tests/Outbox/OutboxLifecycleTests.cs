using System.Text.Json.Nodes;
using EdgeGateway.SyncAgent.Tests.Support;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.SyncAgent.Tests.Outbox;

/// <summary>What happens to a record after it is stored: acknowledged, refused, tampered with.</summary>
public sealed class OutboxLifecycleTests : OutboxTestBase
{
    [Fact]
    public async Task AcknowledgeAsync_RemovesExactlyTheAcknowledgedRecords_Durably()
    {
        long[] ids;
        await using (var outbox = Open())
        {
            ids = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => outbox.AppendAsync(SampleReadings.BloodPressure(systolic: 110 + i)[0])));

            Assert.Equal(3, await outbox.AcknowledgeAsync([ids[0], ids[4], ids[9]]));
            Assert.Equal(0, await outbox.AcknowledgeAsync([ids[0]]));
        }

        await using var reopened = Open();
        Assert.Equal(7, reopened.Count);
        Assert.Equal(ids.Except([ids[0], ids[4], ids[9]]), reopened.ReadPage(0, 100).Select(s => s.RecordId));
    }

    [Fact]
    public async Task DeadLetter_KeepsTheRecordAndTheReason_UntilATechnicianRetriesIt()
    {
        await using var outbox = Open();
        var id = await outbox.AppendAsync(SampleReadings.BloodPressure()[0]);

        Assert.True(await outbox.DeadLetterAsync(id, "HTTP 422: Observation.subject is required"));

        Assert.Equal(0, outbox.Count);
        Assert.Equal(1, outbox.DeadLetterCount);
        var letter = Assert.Single(outbox.ReadDeadLetters(10));
        Assert.Equal(id, letter.RecordId);
        Assert.Equal("HTTP 422: Observation.subject is required", letter.Reason);

        Assert.True(await outbox.RetryDeadLetterAsync(id, "tech-anne"));

        Assert.Equal(1, outbox.Count);
        Assert.Equal(0, outbox.DeadLetterCount);
        Assert.Equal(id, Assert.Single(outbox.ReadPage(0, 10)).RecordId);
        var audit = Assert.Single(outbox.ReadAudit(10));
        Assert.Equal(("dead-letter-retry", id, "tech-anne"), (audit.Action, audit.RecordId, audit.Actor));
    }

    [Fact]
    public async Task DeadLetter_DeletedByATechnician_IsGoneWithAnAuditEntry()
    {
        await using (var outbox = Open())
        {
            var id = await outbox.AppendAsync(SampleReadings.BloodPressure()[0]);
            await outbox.DeadLetterAsync(id, "HTTP 400");

            Assert.True(await outbox.DeleteDeadLetterAsync(id, "tech-anne"));
            Assert.False(await outbox.DeleteDeadLetterAsync(id, "tech-anne"));
        }

        await using var reopened = Open();
        Assert.Equal(0, reopened.DeadLetterCount);
        Assert.Equal("dead-letter-delete", Assert.Single(reopened.ReadAudit(10)).Action);
    }

    [Fact]
    public async Task RecordIds_AreNeverReused_AfterAcknowledgementOrDeadLettering()
    {
        long first, second;
        await using (var outbox = Open())
        {
            first = await outbox.AppendAsync(SampleReadings.BloodPressure()[0]);
            second = await outbox.AppendAsync(SampleReadings.BloodPressure()[0]);
            await outbox.AcknowledgeAsync([second]);
            await outbox.DeadLetterAsync(first, "HTTP 400");
        }

        await using var reopened = Open();
        Assert.True(await reopened.AppendAsync(SampleReadings.BloodPressure()[0]) > second);
    }

    [Fact]
    public async Task TamperedRecord_IsQuarantinedNotReturned()
    {
        await using (var outbox = Open())
        {
            await outbox.AppendAsync(SampleReadings.BloodPressure(systolic: 111)[0]);
        }

        // Same database password (the file still opens), a different data key: every record's tag fails.
        var keyFile = JsonNode.Parse(await File.ReadAllTextAsync(Options.ResolvedKeyFile))!;
        keyFile["keys"]!["1"] = Convert.ToBase64String(new byte[32]);
        await File.WriteAllTextAsync(Options.ResolvedKeyFile, keyFile.ToJsonString());

        await using (var outbox = Open())
        {
            Assert.Empty(outbox.ReadPage(0, 10));
            await Eventually.Holds(() => outbox.QuarantineCount == 1);
            Assert.Equal(0, outbox.Count);
        }

        await using var reopened = Open();
        Assert.Equal(1, reopened.QuarantineCount);
        Assert.Equal(0, reopened.Count);
    }

    [Fact]
    public async Task LogFile_StaysBoundedUnderSustainedIngest()
    {
        await using var outbox = Open();
        var reading = SampleReadings.BloodPressure()[0];
        long largestLog = 0;
        for (var batch = 0; batch < 40; batch++)
        {
            await Task.WhenAll(Enumerable.Range(0, 500).Select(_ => outbox.AppendAsync(reading)));
            largestLog = Math.Max(largestLog, outbox.LogBytes);
        }

        // 20,000 readings write far more than 16 MiB of log pages; checkpoints fold them into the data file.
        Assert.True(outbox.Checkpoints > 0);
        Assert.InRange(largestLog, 0, 16L << 20);
        Assert.Equal(20_000, outbox.Count);
    }

}
