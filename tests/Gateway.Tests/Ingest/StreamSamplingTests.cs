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

    [Fact]
    public void RecordingFromMemory_IsSampledOnTheDeviceTime_NotOnItsArrivalInASecond_AndApartFromTheLiveStream()
    {
        var sampling = new StreamSampling();
        var recorded = new DateTime(2026, 11, 28, 23, 0, 0);
        var kept = new List<int>();
        // Five minutes of a recording, one sample a second, all arriving within the same second.
        for (var second = 0; second < 300; second++)
        {
            var value = second is >= 100 and < 110 ? 88 : 96;
            if (sampling.Keep(Streaming, Start, [Measured(ReadingFlags.MeasurementFromStorage, value) with { DeviceLocalTime = recorded.AddSeconds(second) }]))
            {
                kept.Add(second);
            }
        }

        // Every 30 s of the recording's own time, and the dip (100) and its end (110) at once.
        Assert.Equal([0, 30, 60, 90, 100, 110, 140, 170, 200, 230, 260, 290], kept);

        // The live stream after it is sampled on its arrival: its first frame is kept, not measured against the recording.
        Assert.True(sampling.Keep(Streaming, Start.AddSeconds(1), [Measured(ReadingFlags.None)]));
        Assert.False(sampling.Keep(Streaming, Start.AddSeconds(2), [Measured(ReadingFlags.None)]));

        // The same recording downloaded again: the same samples kept (the Outbox then stores none of them twice).
        var again = Enumerable.Range(0, 300).Where(second => sampling.Keep(Streaming, Start.AddSeconds(5),
            [Measured(ReadingFlags.MeasurementFromStorage, second is >= 100 and < 110 ? 88 : 96) with { DeviceLocalTime = recorded.AddSeconds(second) }]));
        Assert.Equal(kept, again);
    }

    [Fact]
    public void ALiveStreamThatStampsItsLines_IsSampledOnArrival_WhateverItsClockSays()
    {
        // A Masimo's clock stopped (or set wrong): every line says the same time.
        var sampling = new StreamSampling();
        var frozen = new DateTime(2020, 1, 1, 0, 0, 0);

        var kept = Enumerable.Range(0, 95).Where(second =>
            sampling.Keep(Streaming, Start.AddSeconds(second), [Measured(ReadingFlags.None) with { DeviceLocalTime = frozen }])).ToList();

        Assert.Equal([0, 30, 60, 90], kept);
    }

    private static Measurement Measured(ReadingFlags flags, decimal value = 70) => new()
    {
        Code = Loinc.HeartRate,
        Display = "Heart rate",
        Value = new ObservedValue(Loinc.HeartRate, "Heart rate", Quantity.Of(value, Ucum.PerMinute)),
        Flags = flags,
    };
}
