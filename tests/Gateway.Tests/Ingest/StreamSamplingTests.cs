using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.Gateway.Ingest;

namespace EdgeGateway.Gateway.Tests.Ingest;

public sealed class StreamSamplingTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);
    private static readonly FrameSource Streaming = new("oxi-1", "nonin-df8", TimeZoneInfo.Utc, StoreEvery: TimeSpan.FromSeconds(30));

    [Fact]
    public void StreamingDevice_KeepsOneFramePerInterval_AndEveryChangeOfStatus()
    {
        var sampling = new StreamSampling();
        var kept = new List<int>();
        for (var second = 0; second < 95; second++)
        {
            var flags = second is >= 40 and < 43 ? ReadingFlags.Artifact : ReadingFlags.None;
            if (sampling.Keep(Streaming, Start.AddSeconds(second), [Measured(flags)]))
            {
                kept.Add(second);
            }
        }

        // 0, 30; the artifact from 40 (a change), its end at 43 (a change); then 73 (30 s after 43).
        Assert.Equal([0, 30, 40, 43, 73], kept);
    }

    [Fact]
    public void StreamingDevice_KeepsAValueThatMovedBy3PercentAtOnce()
    {
        var sampling = new StreamSampling();

        Assert.True(sampling.Keep(Streaming, Start, [Measured(ReadingFlags.None, 97)]));
        Assert.False(sampling.Keep(Streaming, Start.AddSeconds(1), [Measured(ReadingFlags.None, 96)]));   // 1 %
        Assert.True(sampling.Keep(Streaming, Start.AddSeconds(2), [Measured(ReadingFlags.None, 94)]));    // 3.1 %: a desaturation
        Assert.False(sampling.Keep(Streaming, Start.AddSeconds(3), [Measured(ReadingFlags.None, 94)]));
    }

    [Fact]
    public void StreamingDevice_KeepsADipOfTwoPointsNearNinety()
    {
        var sampling = new StreamSampling();

        Assert.True(sampling.Keep(Streaming, Start, [Measured(ReadingFlags.None, 91)]));
        Assert.True(sampling.Keep(Streaming, Start.AddSeconds(1), [Measured(ReadingFlags.None, 89)]));
        Assert.True(sampling.Keep(Streaming, Start.AddSeconds(2), [Measured(ReadingFlags.None, 91)]));
    }

    [Fact]
    public void StreamingDevice_KeepsTheFirstFrameOfAConsultation_AndOneThatWasNotStored()
    {
        var sampling = new StreamSampling();
        var consultation = new object();

        Assert.True(sampling.Keep(Streaming, Start, [Measured(ReadingFlags.None)]));
        Assert.True(sampling.Keep(Streaming, Start.AddSeconds(1), [Measured(ReadingFlags.None)], consultation));
        Assert.False(sampling.Keep(Streaming, Start.AddSeconds(2), [Measured(ReadingFlags.None)], consultation));
        sampling.Forget(Streaming.DeviceId);
        Assert.True(sampling.Keep(Streaming, Start.AddSeconds(3), [Measured(ReadingFlags.None)], consultation));
    }

    [Fact]
    public void DeviceThatDoesNotStream_KeepsEveryFrame()
    {
        var sampling = new StreamSampling();
        var cuff = Streaming with { DeviceId = "bp-1", StoreEvery = TimeSpan.Zero };

        Assert.All(Enumerable.Range(0, 5), i => Assert.True(sampling.Keep(cuff, Start.AddSeconds(i), [Measured(ReadingFlags.None)])));
    }

    private static Measurement Measured(ReadingFlags flags, decimal value = 70) => new()
    {
        Code = Loinc.HeartRate,
        Display = "Heart rate",
        Value = new ObservedValue(Loinc.HeartRate, "Heart rate", Quantity.Of(value, Ucum.PerMinute)),
        Flags = flags,
    };
}
