using EdgeGateway.DeviceDrivers.Sensors.Mlx90614;

namespace EdgeGateway.DeviceDrivers.Tests.Sensors.Mlx90614;

public sealed class SkinPresentationTests
{
    private readonly SkinPresentation _presentation = new();

    [Fact]
    public void Offer_ThreeSettledSkinSamples_TakeOneReading()
    {
        Assert.Equal([false, false, true, false, false], Offer(36.51m, 36.55m, 36.61m, 36.61m, 36.63m));
    }

    [Fact]
    public void Offer_ComingCloser_WaitsUntilTheTemperatureSettles()
    {
        // A forehead entering the field of view warms the reading up by more than the spread allowed.
        Assert.Equal([false, false, false, false, true], Offer(31.01m, 33.41m, 35.81m, 36.01m, 36.11m));
    }

    [Fact]
    public void Offer_PersonLeavesAndComesBack_IsASecondReading()
    {
        Assert.Equal([false, false, true, false, false, false, true], Offer(36.51m, 36.51m, 36.51m, 24.01m, 36.91m, 36.91m, 36.91m));
    }

    [Theory]
    [InlineData(24.01)]    // the room
    [InlineData(29.99)]    // below any skin
    [InlineData(43.01)]    // a hot object, no body
    public void Offer_NotSkin_NeverTakesAReading(double celsius)
    {
        Assert.DoesNotContain(true, Offer(Enumerable.Repeat((decimal)celsius, 10).ToArray()));
    }

    [Fact]
    public void Offer_SkinWarmAsTheSensorItself_IsNotTakenForSkin()
    {
        // In a 35 °C room a wall reads 35 °C too: only a target warmer than the sensor is a person.
        var samples = Enumerable.Repeat(new Mlx90614Sample(FakeMlx90614.Word(35.01m), FakeMlx90614.Word(34.51m)), 10);

        Assert.DoesNotContain(true, samples.Select(_presentation.Offer));
    }

    [Fact]
    public void Offer_ErrorFlag_EndsThePresentation()
    {
        Offer(36.51m, 36.51m);
        Assert.False(_presentation.Offer(new Mlx90614Sample((ushort)(FakeMlx90614.Word(36.51m) | 0x8000), FakeMlx90614.Word(24.01m))));

        Assert.Equal([false, false, true], Offer(36.51m, 36.51m, 36.51m));
    }

    private bool[] Offer(params decimal[] objectCelsius) =>
        [.. objectCelsius.Select(celsius => _presentation.Offer(new Mlx90614Sample(FakeMlx90614.Word(celsius), FakeMlx90614.Word(24.01m))))];
}
