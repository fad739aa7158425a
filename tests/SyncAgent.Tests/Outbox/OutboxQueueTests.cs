using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.SyncAgent.Tests.Support;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.SyncAgent.Tests.Outbox;

/// <summary>The order the platform receives what waits, and the live copies for the national broker.</summary>
public sealed class OutboxQueueTests : OutboxTestBase
{
    [Fact]
    public async Task ReadNext_PutsConsultationReadingsFirst_ThenRoutine_ThenDiagnostics_EachInOrder()
    {
        await using var outbox = Open();
        var diagnostic = await outbox.AppendAsync(Bp(100, isTest: true), RecordClass.Diagnostic);
        var routine1 = await outbox.AppendAsync(Bp(101));
        var consult1 = await outbox.AppendAsync(Bp(102), RecordClass.Clinical, Delivery.Consultation);
        var routine2 = await outbox.AppendAsync(Bp(103));
        var consult2 = await outbox.AppendAsync(Bp(104), RecordClass.Clinical, Delivery.Consultation | Delivery.Live);
        // A test reading taken during a consultation is still a diagnostic: it never overtakes care.
        var diagnosticInConsultation = await outbox.AppendAsync(Bp(105, isTest: true), RecordClass.Diagnostic, Delivery.Consultation);

        Assert.Equal([consult1, consult2, routine1, routine2, diagnostic, diagnosticInConsultation], outbox.ReadNext(100).Select(r => r.RecordId));
        Assert.Equal([consult1, consult2], outbox.ReadNext(2).Select(r => r.RecordId));
        Assert.Equal([consult1, consult2], outbox.ReadNext(100, consultationOnly: true).Select(r => r.RecordId));
        Assert.True(outbox.HasConsultationReadings());

        await outbox.AcknowledgeAsync([consult1, consult2]);

        Assert.Empty(outbox.ReadNext(100, consultationOnly: true));
        Assert.False(outbox.HasConsultationReadings());
        Assert.Equal([routine1, routine2, diagnostic, diagnosticInConsultation], outbox.ReadNext(100).Select(r => r.RecordId));
    }

    [Fact]
    public async Task ReadNext_KeepsTheOrderAfterReopening_AndForARetriedDeadLetter()
    {
        long routine, consult;
        await using (var outbox = Open())
        {
            routine = await outbox.AppendAsync(Bp(110));
            consult = await outbox.AppendAsync(Bp(111), RecordClass.Clinical, Delivery.Consultation);
            await outbox.DeadLetterAsync(consult, "HTTP 422");
            await outbox.RetryDeadLetterAsync(consult, "technicien");
        }

        await using var reopened = Open();
        Assert.Equal([consult, routine], reopened.ReadNext(10).Select(r => r.RecordId));
    }

    [Fact]
    public async Task QuotaEviction_TakesDiagnosticsOnly_WhateverTheirDelivery()
    {
        var options = new StorageOptions { DataDir = Options.DataDir, MaxBytes = 1 };
        long clinical, consultation;
        await using (var outbox = SyncAgent.Outbox.Outbox.Open(options, Microsoft.Extensions.Logging.Abstractions.NullLogger<SyncAgent.Outbox.Outbox>.Instance))
        {
            clinical = await outbox.AppendAsync(Bp(120));
            consultation = await outbox.AppendAsync(Bp(121), RecordClass.Clinical, Delivery.Consultation);
            await outbox.AppendAsync(Bp(122, isTest: true), RecordClass.Diagnostic, Delivery.Consultation);
            await outbox.AppendAsync(Bp(123, isTest: true), RecordClass.Diagnostic);
            await Eventually.Holds(() => outbox.Evicted == 2);

            Assert.Equal([consultation, clinical], outbox.ReadNext(10).Select(r => r.RecordId));
            Assert.True(outbox.QuotaExceeded);
        }
    }

    [Fact]
    public async Task RecordsWrittenBeforePriorities_GetTheirClassesPlace_NotAConsultations()
    {
        long routine, diagnostic;
        await using (var outbox = Open())
        {
            routine = await outbox.AppendAsync(Bp(150));
            diagnostic = await outbox.AppendAsync(Bp(151, isTest: true), RecordClass.Diagnostic);
        }

        // The file as an earlier build wrote it: no queue key on its records.
        var keys = SyncAgent.Crypto.KeyRing.LoadOrCreate(Options.ResolvedKeyFile, out _);
        using (var database = new LiteDB.LiteDatabase(new LiteDB.ConnectionString
               { Filename = Path.Combine(Options.DataDir, SyncAgent.Outbox.Outbox.DatabaseFileName), Password = keys.DatabasePassword }))
        {
            var records = database.GetCollection("records");
            foreach (var document in records.FindAll().ToList())
            {
                document.Remove("o");
                records.Update(document);
            }
        }

        await using var reopened = Open();
        var consultation = await reopened.AppendAsync(Bp(152), RecordClass.Clinical, Delivery.Consultation);

        Assert.Equal([consultation, routine, diagnostic], reopened.ReadNext(10).Select(r => r.RecordId));
        Assert.Equal([consultation], reopened.ReadNext(10, consultationOnly: true).Select(r => r.RecordId));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Counts_AreKeptAcrossRestarts_WithoutCountingTheFile(bool fileFromBeforeCounts)
    {
        await using (var outbox = Open())
        {
            var ids = new List<long>();
            for (var i = 0; i < 6; i++)
            {
                ids.Add(await outbox.AppendAsync(Bp(160 + i), RecordClass.Clinical, i < 2 ? Delivery.Consultation | Delivery.Live : Delivery.Routine));
            }

            await outbox.AcknowledgeAsync([ids[5]]);
            await outbox.DeadLetterAsync(ids[4], "HTTP 422");
            await outbox.AcknowledgeLiveAsync([ids[0]]);
        }

        if (fileFromBeforeCounts)
        {
            var keys = SyncAgent.Crypto.KeyRing.LoadOrCreate(Options.ResolvedKeyFile, out _);
            using var database = new LiteDB.LiteDatabase(new LiteDB.ConnectionString
                { Filename = Path.Combine(Options.DataDir, SyncAgent.Outbox.Outbox.DatabaseFileName), Password = keys.DatabasePassword });
            Assert.True(database.GetCollection("meta").Delete("counts"));
        }

        await using var reopened = Open();
        Assert.Equal(4, reopened.Count);
        Assert.Equal(1, reopened.DeadLetterCount);
        Assert.Equal(1, reopened.LiveCount);
        Assert.Equal(0, reopened.QuarantineCount);
        Assert.Equal(4, reopened.ReadNext(10).Count);
    }

    [Fact]
    public async Task NonClinicalRecords_ExpireAfterTheRetention_ClinicalOnesNever()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero));
        var options = new StorageOptions { DataDir = Options.DataDir, DiagnosticRetention = TimeSpan.FromDays(7) };
        await using var outbox = SyncAgent.Outbox.Outbox.Open(options, Microsoft.Extensions.Logging.Abstractions.NullLogger<SyncAgent.Outbox.Outbox>.Instance, time);
        var clinical = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            await outbox.AppendAsync(Bp(170 + i, isTest: true), RecordClass.Diagnostic, Delivery.Consultation | Delivery.Live);
            clinical.Add(await outbox.AppendAsync(Bp(180 + i), RecordClass.Clinical, i == 0 ? Delivery.Consultation : Delivery.Routine));
        }

        time.Advance(TimeSpan.FromDays(6));
        var young = await outbox.AppendAsync(Bp(175, isTest: true), RecordClass.Diagnostic);
        Assert.Equal(0, outbox.Expired);

        time.Advance(TimeSpan.FromDays(2));
        clinical.Add(await outbox.AppendAsync(Bp(185)));
        await Eventually.Holds(() => outbox.Expired == 3);

        Assert.Equal([.. clinical, young], outbox.ReadNext(10).Select(r => r.RecordId));
        Assert.Equal(0, outbox.LiveCount);
    }

    [Fact]
    public async Task LiveCopy_IsStoredWithTheRecord_AndLeavesOnlyOnItsOwnAcknowledgement()
    {
        long live, notLive;
        await using (var outbox = Open())
        {
            notLive = await outbox.AppendAsync(Bp(130), RecordClass.Clinical, Delivery.Consultation);
            live = await outbox.AppendAsync(Bp(131), RecordClass.Clinical, Delivery.Consultation | Delivery.Live);

            Assert.Equal(1, outbox.LiveCount);
            var copy = Assert.Single(outbox.ReadLive(10));
            Assert.Equal(live, copy.RecordId);
            Assert.Equal(131m, copy.Reading.Measurement.Components[0].Quantity.Value);

            // The platform acknowledging the record does not take the live copy, nor the reverse.
            await outbox.AcknowledgeAsync([live]);
            Assert.Equal(1, outbox.LiveCount);
        }

        await using var reopened = Open();
        Assert.Equal(live, Assert.Single(reopened.ReadLive(10)).RecordId);
        Assert.Equal([notLive], reopened.ReadNext(10).Select(r => r.RecordId));
        Assert.Equal(1, await reopened.AcknowledgeLiveAsync([live]));
        Assert.Equal(0, await reopened.AcknowledgeLiveAsync([live]));
        Assert.Equal(0, reopened.LiveCount);
        Assert.Empty(reopened.ReadLive(10));
    }

    [Fact]
    public async Task LiveCopy_CountsInTheStoredBytes_AndGoesWhenAcknowledged()
    {
        await using var outbox = Open();
        await outbox.AppendAsync(Bp(140), RecordClass.Clinical, Delivery.Consultation);
        var one = outbox.StoredBytes;
        var id = await outbox.AppendAsync(Bp(141), RecordClass.Clinical, Delivery.Consultation | Delivery.Live);
        var withLive = outbox.StoredBytes;

        Assert.True(withLive - one > one * 3 / 2, $"a record with its live copy should cost about twice one record: {one} then {withLive}");
        await outbox.AcknowledgeLiveAsync([id]);
        Assert.Equal(2 * one, outbox.StoredBytes, tolerance: 16);
    }

    private static DeviceDrivers.Readings.Reading Bp(int systolic, bool isTest = false) =>
        SampleReadings.BloodPressure(systolic: systolic, isTest: isTest)[0];
}
