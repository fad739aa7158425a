using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Tests.Readings;

public class ReadingIdsTests
{
    [Fact]
    public void Next_FromManyThreads_NeverRepeats()
    {
        var ids = new ReadingIds();

        var all = Enumerable.Range(0, 8).AsParallel().SelectMany(_ => Enumerable.Range(0, 10_000).Select(_ => ids.Next())).ToList();

        Assert.Equal(80_000, all.Distinct().Count());
    }

    [Fact]
    public void Next_OfTwoSources_ShareNoId()
    {
        // A restart is a new source: its ids must not meet the ones already sent upstream.
        var before = new ReadingIds();
        var after = new ReadingIds();

        var first = Enumerable.Range(0, 1000).Select(_ => before.Next()).ToHashSet();

        Assert.DoesNotContain(after.Next(), first);
        Assert.NotEqual(before.Next().Split('-')[0], after.Next().Split('-')[0]);
    }

    [Fact]
    public void Next_IsAPrefixOf16HexDigitsAndACounter()
    {
        var id = new ReadingIds().Next();

        Assert.Matches("^[0-9a-f]{16}-1$", id);
    }
}
