using System.Text;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.SyncAgent.Crypto;
using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.SyncAgent.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using OutboxStore = EdgeGateway.SyncAgent.Outbox.Outbox;

namespace EdgeGateway.SyncAgent.Tests.Outbox;

public sealed class OutboxTests : OutboxTestBase
{
    [Fact]
    public async Task AppendAsync_ThenReopen_ReadsBackTheSameReading()
    {
        var original = SampleReadings.BloodPressure(status: DeviceDrivers.Ble.BloodPressure.BloodPressureStatus.IrregularPulse)[0];
        long id;
        await using (var outbox = Open())
        {
            id = await outbox.AppendAsync(original);
        }

        await using var reopened = Open();
        var stored = Assert.Single(reopened.ReadPage(0, 10));
        Assert.Equal(id, stored.RecordId);
        Assert.Equal(1, reopened.Count);
        var reading = stored.Reading;
        Assert.Equal(original.ReadingId, reading.ReadingId);
        Assert.Equal(original.DeviceTime, reading.DeviceTime);
        Assert.Equal(original.ReceivedAt, reading.ReceivedAt);
        Assert.Equal(original.RawFrame, reading.RawFrame);
        Assert.Equal(original.Measurement.Flags, reading.Measurement.Flags);
        Assert.Equal(original.Measurement.Components, reading.Measurement.Components);
    }

    [Fact]
    public async Task AppendAsync_ThenReopen_KeepsBodySiteNotesAndSequenceNumber()
    {
        // Glucose with its context: a body site, notes, the meter's sequence number and laboratory category.
        var frame = Convert.FromHexString("130700EA070B1D080F0000007AB0114207000141F0");
        var original = DeviceDrivers.Readings.ReadingFactory.Create(new DeviceDrivers.Ble.Glucose.GlucoseDecoder().Decode(frame), frame,
            DateTimeOffset.UtcNow, new DeviceDrivers.Readings.FrameSource("glu-1", "ble-glucose", SampleReadings.Paris))[0];
        await using (var outbox = Open())
        {
            await outbox.AppendAsync(original);
        }

        await using var reopened = Open();
        var measurement = Assert.Single(reopened.ReadPage(0, 10)).Reading.Measurement;
        Assert.Equal(original.Measurement.BodySite, measurement.BodySite);
        Assert.Equal(original.Measurement.Notes, measurement.Notes);
        Assert.Equal(7, measurement.DeviceSequenceNumber);
        Assert.Equal(DeviceDrivers.Readings.MeasurementCategory.Laboratory, measurement.Category);
        Assert.Equal(original.Measurement.Value, measurement.Value);
    }

    [Fact]
    public async Task AppendAsync_ManyAtOnce_GivesEachADistinctIncreasingIdAndKeepsThemAll()
    {
        const int count = 2_000;
        await using (var outbox = Open())
        {
            var appends = Enumerable.Range(0, count)
                .Select(i => outbox.AppendAsync(SampleReadings.BloodPressure(deviceId: $"bp-{i % 7}", systolic: 100 + (i % 60))[0]))
                .ToArray();
            var ids = await Task.WhenAll(appends);

            Assert.Equal(count, ids.Distinct().Count());
            Assert.Equal(Enumerable.Range(1, count).Select(i => (long)i), ids.Order());
        }

        await using var reopened = Open();
        Assert.Equal(count, reopened.Count);
        var all = new List<StoredReading>();
        for (var page = reopened.ReadPage(0, 500); page.Count > 0; page = reopened.ReadPage(page[^1].RecordId, 500))
        {
            all.AddRange(page);
        }

        Assert.Equal(count, all.Count);
        Assert.Equal(all.Select(s => s.RecordId).Order(), all.Select(s => s.RecordId));
    }

    [Fact]
    public async Task ReadLatest_GivesNewestFirst()
    {
        await using var outbox = Open();
        foreach (var systolic in new[] { 110, 120, 130 })
        {
            await outbox.AppendAsync(SampleReadings.BloodPressure(systolic: systolic)[0]);
        }

        var latest = outbox.ReadLatest(2);

        Assert.Equal([130m, 120m], latest.Select(s => s.Reading.Measurement.Components[0].Quantity.Value!.Value));
    }

    [Fact]
    public async Task DataDirectory_AfterAppends_HoldsNoIdentifierValueOrFrameInClear()
    {
        const string device = "MARKER-DEVICE-7f3a9c";
        const string patient = "MARKERINS1234567";
        var patientContext = new PatientContext(patient, PatientContext.InsSystem, "MARKER-ENCOUNTER-42");
        var readings = SampleReadings.BloodPressure(deviceId: device, patient: patientContext);
        await using (var outbox = Open())
        {
            foreach (var reading in readings)
            {
                await outbox.AppendAsync(reading with { RawFrame = Encoding.ASCII.GetBytes("MARKER-RAWFRAME-SYS121") });
            }
        }

        var markers = new[] { device, patient, "MARKER-ENCOUNTER-42", "MARKER-RAWFRAME-SYS121", "ble-blood-pressure", "85354-9", "mm[Hg]" };
        var files = Directory.GetFiles(Options.DataDir, "*", SearchOption.AllDirectories);
        Assert.Contains(files, f => f.EndsWith(OutboxStore.DatabaseFileName, StringComparison.Ordinal));
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            foreach (var marker in markers)
            {
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(marker)), $"'{marker}' is in clear in {file}");
                Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(marker)), $"'{marker}' is in clear (UTF-16) in {file}");
            }
        }
    }

    [Fact]
    public async Task Open_FilesAreReadableByTheOwnerOnly()
    {
        await using (var outbox = Open())
        {
            await outbox.AppendAsync(SampleReadings.BloodPressure()[0]);
        }

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Options.DataDir));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Options.ResolvedKeyFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Options.DataDir, OutboxStore.DatabaseFileName)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(Options.DataDir, OutboxStore.LogFileName)));
    }

    [Fact]
    public async Task Open_WithAnotherGatewaysKeyFile_MovesTheUnreadableDatabaseAsideAndStartsANewOne()
    {
        await using (var outbox = Open())
        {
            await outbox.AppendAsync(SampleReadings.BloodPressure()[0]);
        }

        var original = await File.ReadAllBytesAsync(Path.Combine(Options.DataDir, OutboxStore.DatabaseFileName));
        var otherKey = Path.Combine(Root.Path, "other.key");
        KeyRing.LoadOrCreate(otherKey, out _);

        await using var fresh = OutboxStore.Open(new StorageOptions { DataDir = Options.DataDir, KeyFile = otherKey }, NullLogger<OutboxStore>.Instance);

        Assert.NotNull(fresh.MovedAsideTo);
        Assert.Equal(original, await File.ReadAllBytesAsync(fresh.MovedAsideTo));
        Assert.Equal(0, fresh.Count);
        await fresh.AppendAsync(SampleReadings.BloodPressure()[0]);
        Assert.Equal(1, fresh.Count);
    }

    [Fact]
    public async Task Open_KeyFileLostButDatabaseThere_RefusesToStartOverAndSaysToRestoreIt()
    {
        await using (var outbox = Open())
        {
            await outbox.AppendAsync(SampleReadings.BloodPressure()[0]);
        }

        File.Delete(Options.ResolvedKeyFile);

        var error = Assert.Throws<KeyFileException>(Open);
        Assert.Contains("restore the key file", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Options.ResolvedKeyFile));
        Assert.Single(Directory.GetFiles(Options.DataDir, OutboxStore.DatabaseFileName + "*"));
    }

    [Fact]
    public async Task Open_GarbageDatabase_IsMovedAsideNotACrashLoop()
    {
        await using (var first = Open())
        {
            await first.AppendAsync(SampleReadings.BloodPressure()[0]);
        }

        File.Delete(Path.Combine(Options.DataDir, OutboxStore.LogFileName));
        var garbage = new byte[64 * 1024];
        new Random(7).NextBytes(garbage);
        await File.WriteAllBytesAsync(Path.Combine(Options.DataDir, OutboxStore.DatabaseFileName), garbage);

        await using (var outbox = Open())
        {
            Assert.NotNull(outbox.MovedAsideTo);
            Assert.Equal(garbage, await File.ReadAllBytesAsync(outbox.MovedAsideTo));
            await outbox.AppendAsync(SampleReadings.BloodPressure()[0]);
        }

        await using var reopened = Open();
        Assert.Null(reopened.MovedAsideTo);
        Assert.Equal(1, reopened.Count);
    }

    [Fact]
    public async Task Open_WhileAnotherProcessHoldsTheFile_FailsWithoutMovingItAside()
    {
        await using var first = Open();

        var error = Assert.Throws<OutboxException>(Open);

        Assert.Contains(OutboxStore.DatabaseFileName, error.Message, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Options.DataDir, OutboxStore.DatabaseFileName + "*"));
    }

    [Fact]
    public async Task AppendAsync_AfterDispose_IsRefusedWithAClearError()
    {
        var outbox = Open();
        await outbox.DisposeAsync();

        var error = await Assert.ThrowsAsync<OutboxException>(() => outbox.AppendAsync(SampleReadings.BloodPressure()[0]));
        Assert.Contains("closing", error.Message, StringComparison.Ordinal);
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
