using EdgeGateway.SyncAgent.Tests.Support;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.SyncAgent.Tests.Uplink.Fhir;

/// <summary>The uplink against a real Kestrel platform that dedupes on identifier and fails on demand.</summary>
public sealed class FhirUplinkTests : IAsyncLifetime
{
    private FakePlatform _platform = null!;

    public async Task InitializeAsync() => _platform = await FakePlatform.StartAsync();

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task Send_AcceptedBatch_IsAcknowledgedWhole_AndStoredOnce()
    {
        var uplink = UplinkFactory.Create(UplinkFactory.Options(_platform.BaseUrl));
        var readings = UplinkFactory.Readings(50);

        var result = await uplink.SendAsync(readings, CancellationToken.None);

        Assert.Null(result.Failure);
        Assert.Empty(result.Refused);
        Assert.Equal(readings.Select(r => r.RecordId), result.Acknowledged);
        Assert.Equal(50, _platform.Count);
    }

    [Fact]
    public async Task Send_SameBatchTwice_PlatformStillHoldsEachReadingOnce()
    {
        // A resend after a lost answer: ifNoneExist makes it harmless.
        var uplink = UplinkFactory.Create(UplinkFactory.Options(_platform.BaseUrl));
        var readings = UplinkFactory.Readings(20);

        await uplink.SendAsync(readings, CancellationToken.None);
        var again = await uplink.SendAsync(readings, CancellationToken.None);

        Assert.Equal(20, again.Acknowledged.Count);
        Assert.Equal(20, _platform.Count);
        Assert.Equal(40, _platform.EntriesReceived);
    }

    [Fact]
    public async Task Send_PlatformCapsEntriesPerTransaction_SplitsTheBatchAndDeadLettersNothing()
    {
        _platform.MaxEntries = 7;
        var uplink = UplinkFactory.Create(UplinkFactory.Options(_platform.BaseUrl));
        var readings = UplinkFactory.Readings(40);

        var result = await uplink.SendAsync(readings, CancellationToken.None);

        Assert.Null(result.Failure);
        Assert.Empty(result.Refused);
        Assert.Equal(40, result.Acknowledged.Count);
        Assert.Equal(40, _platform.Count);
    }

    [Fact]
    public async Task Send_AfterLearningThePlatformsCap_LaterBatchesAreSentAtThatSize_NotRefusedAgain()
    {
        _platform.MaxEntries = 12;
        var uplink = UplinkFactory.Create(UplinkFactory.Options(_platform.BaseUrl));
        var readings = UplinkFactory.Readings(80);

        Assert.Null((await uplink.SendAsync(readings[..40], CancellationToken.None)).Failure);
        var cap = Assert.NotNull(uplink.LearnedCap);
        var before = _platform.Requests;
        var second = await uplink.SendAsync(readings[40..], CancellationToken.None);

        Assert.Null(second.Failure);
        Assert.Equal(40, second.Acknowledged.Count);
        Assert.Equal(80, _platform.Count);
        // One request per chunk of the learned size: not one was refused and split again.
        Assert.Equal((40 + cap - 1) / cap, _platform.Requests - before);
        Assert.Equal(readings[40..].Select(r => r.RecordId), second.Acknowledged);
    }

    [Fact]
    public async Task Send_ASplitThatFindsABadReading_TeachesNoSize()
    {
        // A platform that blames the bundle, not the entry, for one bad reading: the halving finds it.
        _platform.RejectWithoutEntry = observation => observation.Component.Any(c => c.Value is Hl7.Fhir.Model.Quantity { Value: 113m });
        var uplink = UplinkFactory.Create(UplinkFactory.Options(_platform.BaseUrl));

        var result = await uplink.SendAsync(UplinkFactory.Readings(30), CancellationToken.None);

        Assert.Single(result.Refused);
        Assert.Null(uplink.LearnedCap);
    }

    [Fact]
    public async Task Send_PlatformRefusesOneEntry_OnlyThatReadingIsRefusedWithTheReason()
    {
        _platform.Reject = observation => observation.Component.Any(c => c.Value is Hl7.Fhir.Model.Quantity { Value: 113m });
        var uplink = UplinkFactory.Create(UplinkFactory.Options(_platform.BaseUrl));
        var readings = UplinkFactory.Readings(30);
        var bad = readings.Single(r => r.Reading.Measurement.Components.FirstOrDefault()?.Quantity.Value == 113m);

        var result = await uplink.SendAsync(readings, CancellationToken.None);

        var (recordId, reason) = Assert.Single(result.Refused);
        Assert.Equal(bad.RecordId, recordId);
        Assert.Contains("422", reason, StringComparison.Ordinal);
        Assert.Contains("out of the accepted range", reason, StringComparison.Ordinal);
        Assert.Equal(29, result.Acknowledged.Count);
        Assert.Equal(29, _platform.Count);
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(400)] // a 400 without a FHIR OperationOutcome is a proxy's, not the platform's verdict on a reading
    public async Task Send_RequestRefusedAsAWhole_IsAFailureToRetryAndRefusesNoReading(int status)
    {
        _platform.ForceHtmlStatus = status;
        var uplink = UplinkFactory.Create(UplinkFactory.Options(_platform.BaseUrl));

        var result = await uplink.SendAsync(UplinkFactory.Readings(20), CancellationToken.None);

        Assert.Empty(result.Refused);
        Assert.Empty(result.Acknowledged);
        Assert.Contains($"HTTP {status}", result.Failure, StringComparison.Ordinal);
        Assert.Equal(1, _platform.Requests);
    }

    [Fact]
    public async Task Send_PlatformRefusesTheDeviceEntry_IsAFailureNotTheReadingsFault()
    {
        _platform.RejectDevices = true;
        var uplink = UplinkFactory.Create(UplinkFactory.Options(_platform.BaseUrl));

        var result = await uplink.SendAsync(UplinkFactory.Readings(10), CancellationToken.None);

        Assert.Empty(result.Refused);
        Assert.Contains("Device entry", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_PlatformStallsMidAnswer_GivesUpAtTheDeadline()
    {
        _platform.StallBody = true;
        var options = UplinkFactory.Options(_platform.BaseUrl);
        options.Timeout = TimeSpan.FromSeconds(1);
        var uplink = UplinkFactory.Create(options, handler: new SocketsHttpHandler(), infiniteClientTimeout: true);

        var result = await uplink.SendAsync(UplinkFactory.Readings(3), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(result.Acknowledged);
        Assert.NotNull(result.Failure);
    }

    [Fact]
    public async Task Send_PlatformUnavailable_NothingAcknowledgedAndTheFailureSaysWhy()
    {
        _platform.Unavailable = true;
        var uplink = UplinkFactory.Create(UplinkFactory.Options(_platform.BaseUrl));

        var result = await uplink.SendAsync(UplinkFactory.Readings(10), CancellationToken.None);

        Assert.Empty(result.Acknowledged);
        Assert.Empty(result.Refused);
        Assert.Contains("503", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ConnectionCut_NothingAcknowledged()
    {
        _platform.CutEveryNthRequest = 1;
        var uplink = UplinkFactory.Create(UplinkFactory.Options(_platform.BaseUrl));

        var result = await uplink.SendAsync(UplinkFactory.Readings(10), CancellationToken.None);

        Assert.Empty(result.Acknowledged);
        Assert.NotNull(result.Failure);
    }

    [Fact]
    public async Task Send_NobodyListening_IsAFailureNotAnException()
    {
        var closed = _platform.BaseUrl;
        await _platform.DisposeAsync();
        _platform = await FakePlatform.StartAsync();
        var uplink = UplinkFactory.Create(UplinkFactory.Options(closed));

        var result = await uplink.SendAsync(UplinkFactory.Readings(3), CancellationToken.None);

        Assert.StartsWith("platform unreachable", result.Failure, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_Gzip_ShrinksTheBody()
    {
        var readings = UplinkFactory.Readings(100);
        var plain = UplinkFactory.Create(UplinkFactory.Options(_platform.BaseUrl, gzip: false));
        var compressed = UplinkFactory.Create(UplinkFactory.Options(_platform.BaseUrl, gzip: true));

        await plain.SendAsync(readings, CancellationToken.None);
        await compressed.SendAsync(readings, CancellationToken.None);

        Assert.Equal(1, _platform.GzipBodies);
        Assert.True(compressed.BytesSent * 4 < plain.BytesSent, $"gzip {compressed.BytesSent} B vs plain {plain.BytesSent} B");
    }

    [Fact]
    public async Task Send_PlatformRefusesGzip_FallsBackToPlainBodies()
    {
        _platform.RefuseGzip = true;
        var uplink = UplinkFactory.Create(UplinkFactory.Options(_platform.BaseUrl, gzip: true));

        var first = await uplink.SendAsync(UplinkFactory.Readings(5), CancellationToken.None);
        var second = await uplink.SendAsync(UplinkFactory.Readings(5), CancellationToken.None);

        Assert.Equal(5, first.Acknowledged.Count);
        Assert.Equal(5, second.Acknowledged.Count);
        Assert.Equal(0, _platform.GzipBodies);
    }
}
