using EdgeGateway.SyncAgent.Uplink;
using Microsoft.Extensions.Time.Testing;

namespace EdgeGateway.SyncAgent.Tests.Uplink;

public class BandwidthBudgetTests
{
    [Fact]
    public void Reserve_Uncapped_NeverWaits()
    {
        var budget = new BandwidthBudget(0, new FakeTimeProvider());

        Assert.Equal(TimeSpan.Zero, budget.Reserve(10_000_000));
        Assert.Equal(TimeSpan.Zero, budget.Reserve(10_000_000));
    }

    [Fact]
    public void Reserve_Capped_SpacesRequestsByTheirSize()
    {
        var clock = new FakeTimeProvider();
        var budget = new BandwidthBudget(10_000, clock);

        Assert.Equal(TimeSpan.Zero, budget.Reserve(20_000));          // sent now, the link is busy for 2 s
        Assert.Equal(TimeSpan.FromSeconds(2), budget.Reserve(5_000)); // waits for it, then 0.5 s more
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(TimeSpan.FromSeconds(1.5), budget.Reserve(1_000));
    }

    [Fact]
    public void Reserve_AfterAnIdleSpell_DoesNotBankUnusedBandwidth()
    {
        var clock = new FakeTimeProvider();
        var budget = new BandwidthBudget(10_000, clock);
        budget.Reserve(10_000);

        clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(TimeSpan.Zero, budget.Reserve(10_000));
        Assert.Equal(TimeSpan.FromSeconds(1), budget.Reserve(10_000));
    }
}
