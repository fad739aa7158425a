using EdgeGateway.DeviceDrivers.Transports;
using Microsoft.Extensions.Time.Testing;

namespace EdgeGateway.DeviceDrivers.Tests.Transports;

public sealed class ReconnectDelayTests
{
    [Fact]
    public async Task Waits_DoubleUpToTheLongest_AndStartOverAfterALinkThatHeld()
    {
        var time = new FakeTimeProvider();
        var delay = new ReconnectDelay(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            waits.Add(delay.Current);
            var waiting = delay.WaitAsync(time, CancellationToken.None);
            Assert.False(waiting.IsCompleted);
            time.Advance(delay.Current);
            await waiting;
        }

        Assert.Equal([0.5, 1, 2, 4, 5, 5], waits.Select(w => w.TotalSeconds));

        // A link that opened and failed at once changes nothing; one that held past the longest wait starts over.
        delay.Held(time.GetUtcNow(), time.GetUtcNow().AddSeconds(2));
        Assert.Equal(TimeSpan.FromSeconds(5), delay.Current);
        delay.Held(time.GetUtcNow(), time.GetUtcNow().AddSeconds(6));
        Assert.Equal(TimeSpan.FromMilliseconds(500), delay.Current);
    }
}
