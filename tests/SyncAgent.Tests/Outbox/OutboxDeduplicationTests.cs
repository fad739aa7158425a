using EdgeGateway.DeviceDrivers.Ble.Glucose;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.SyncAgent.Tests.Support;

namespace EdgeGateway.SyncAgent.Tests.Outbox;

/// <summary>A device sending its memory again (after a reconnection, after a restart) is stored once.</summary>
public sealed class OutboxDeduplicationTests : OutboxTestBase
{
    [Fact]
    public async Task AppendOnceAsync_SameReadingAgain_EvenAfterReopening_IsStoredOnce()
    {
        var first = Glucose("glu-1", 12, 104);
        await using (var outbox = Open())
        {
            Assert.NotNull(await outbox.AppendOnceAsync(first, ReadingFingerprint.Of(first)!));
            Assert.Null(await outbox.AppendOnceAsync(Glucose("glu-1", 12, 104), ReadingFingerprint.Of(first)!));
        }

        await using var reopened = Open();
        var again = Glucose("glu-1", 12, 104);
        Assert.Null(await reopened.AppendOnceAsync(again, ReadingFingerprint.Of(again)!));
        Assert.Equal(1, reopened.Count);
        Assert.Equal(12, reopened.LastDeviceSequence("glu-1"));
    }

    [Fact]
    public async Task AppendOnceAsync_SameRecordFromAnotherDeviceOrANewRecord_IsStored()
    {
        await using var outbox = Open();
        foreach (var reading in new[] { Glucose("glu-1", 12, 104), Glucose("glu-2", 12, 104), Glucose("glu-1", 13, 104) })
        {
            Assert.NotNull(await outbox.AppendOnceAsync(reading, ReadingFingerprint.Of(reading)!));
        }

        Assert.Equal(3, outbox.Count);
        Assert.Equal(13, outbox.LastDeviceSequence("glu-1"));
        Assert.Equal(12, outbox.LastDeviceSequence("glu-2"));
        Assert.Null(outbox.LastDeviceSequence("glu-3"));
    }

    [Fact]
    public async Task AppendOnceAsync_TwoCopiesInOneCommit_KeepsOne()
    {
        await using var outbox = Open();
        var readings = Enumerable.Range(0, 2).Select(_ => Glucose("glu-1", 7, 99)).ToList();

        var results = await Task.WhenAll(readings.Select(r => outbox.AppendOnceAsync(r, ReadingFingerprint.Of(r)!)));

        Assert.Single(results, r => r is not null);
        Assert.Equal(1, outbox.Count);
    }

    [Fact]
    public async Task DataDirectory_HoldsNoFingerprintTextInClear()
    {
        var reading = Glucose("glu-1", 4242, 104);
        await using (var outbox = Open())
        {
            await outbox.AppendOnceAsync(reading, ReadingFingerprint.Of(reading)!);
        }

        foreach (var file in Directory.GetFiles(Options.DataDir, "*", SearchOption.AllDirectories))
        {
            var text = System.Text.Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file));
            Assert.DoesNotContain("seq:4242", text, StringComparison.Ordinal);
            Assert.DoesNotContain("2026-11-29T08", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SeenReadings_AreRememberedFor400DaysAfterStoring_WhateverTheDeviceClockSaid()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 8, 0, 0, TimeSpan.Zero));
        await using var outbox = SyncAgent.Outbox.Outbox.Open(Options, Microsoft.Extensions.Logging.Abstractions.NullLogger<SyncAgent.Outbox.Outbox>.Instance, time);
        var clockAt2000 = Glucose("glu-1", 1, 100, new DateTime(2000, 1, 1, 0, 5, 0));
        var recent = Glucose("glu-1", 2, 100, new DateTime(2026, 11, 29, 8, 0, 0));
        var untimed = Glucose("glu-1", 3, 100, null);
        var readings = new[] { clockAt2000, recent, untimed };
        foreach (var reading in readings)
        {
            Assert.NotNull(await outbox.AppendOnceAsync(reading, ReadingFingerprint.Of(reading)!));
        }

        // The expiry runs at a write once a minute: a clock left at 2000 does not make a reading forgettable.
        await WriteMinutesLaterAsync(outbox, time, 2);
        Assert.All(readings, r => Assert.Null(outbox.AppendOnceAsync(r, ReadingFingerprint.Of(r)!).Result));

        // 401 days on, everything stored then is forgotten.
        time.Advance(TimeSpan.FromDays(401));
        await WriteMinutesLaterAsync(outbox, time, 2);
        Assert.All(readings, r => Assert.NotNull(outbox.AppendOnceAsync(r, ReadingFingerprint.Of(r)!).Result));
    }

    [Fact]
    public async Task MeterWithoutAClock_AfterAReset_ANewRecordUnderAnOldNumberIsStored()
    {
        await using var outbox = Open();
        var before = Glucose("glu-1", 3, 104, null);
        var afterReset = Glucose("glu-1", 3, 131, null);

        Assert.NotNull(await outbox.AppendOnceAsync(before, ReadingFingerprint.Of(before)!));
        Assert.NotNull(await outbox.AppendOnceAsync(afterReset, ReadingFingerprint.Of(afterReset)!));
        Assert.Null(await outbox.AppendOnceAsync(before, ReadingFingerprint.Of(before)!));
    }

    private static async Task WriteMinutesLaterAsync(SyncAgent.Outbox.Outbox outbox, Microsoft.Extensions.Time.Testing.FakeTimeProvider time, int minutes)
    {
        time.Advance(TimeSpan.FromMinutes(minutes));
        await outbox.AppendAsync(Glucose("glu-9", 9, 100));
        time.Advance(TimeSpan.FromMinutes(minutes));
        await outbox.AppendAsync(Glucose("glu-9", 10, 100));
    }

    private static Reading Glucose(string deviceId, ushort sequence, int mgdl) => Glucose(deviceId, sequence, mgdl, new DateTime(2026, 11, 29, 8, 0, 0));

    private static Reading Glucose(string deviceId, ushort sequence, int mgdl, DateTime? baseTime)
    {
        // A meter whose clock was never set sends year 0: no device time, only its record number.
        var frame = GlucoseEncoder.EncodeFrame(new GlucoseRecord(sequence, baseTime ?? new DateTime(2000, 1, 1), mgdl));
        if (baseTime is null)
        {
            frame[3] = frame[4] = 0;
        }

        return ReadingFactory.Create(new GlucoseDecoder().Decode(frame), frame, DateTimeOffset.UtcNow,
            new FrameSource(deviceId, GlucoseDecoder.ProtocolName, SampleReadings.Paris))[0];
    }
}
