using EdgeGateway.Gateway.Tests.Support;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.Gateway.Tests.EndToEnd;

/// <summary>The whole gateway with an upstream: demo readings reach a Kestrel platform, and the page says so.</summary>
public sealed class UpstreamEndToEndTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task DemoReadings_ReachATestPlatform_OnceEach_AndThePageSaysItIsReachable()
    {
        await using var platform = await FakePlatform.StartAsync();
        await using var gateway = await GatewayUnderTest.StartAsync(_root.Path, TimeSpan.FromMilliseconds(100),
            $"--Upstream:Fhir:BaseUrl={platform.BaseUrl}", "--Upstream:Fhir:AllowInsecureHttp=true", "--Upstream:Fhir:SendTestData=true");

        var page = await gateway.WaitForPageAsync(p => p.Contains("Plateforme joignable", StringComparison.Ordinal) && platform.Count >= 4);

        Assert.Contains("Platform reachable", page, StringComparison.Ordinal);
        Assert.All(platform.Stored, o => Assert.Contains(o.Meta!.Security, s => s.Code == "HTEST"));
        Assert.Equal(platform.Stored.Count, platform.Stored.Select(o => o.Identifier[0].Value).Distinct().Count());
    }

    [Fact]
    public async Task DemoReadings_AreWithheldFromARealPlatform()
    {
        await using var platform = await FakePlatform.StartAsync();
        await using var gateway = await GatewayUnderTest.StartAsync(_root.Path, TimeSpan.FromMilliseconds(100),
            $"--Upstream:Fhir:BaseUrl={platform.BaseUrl}", "--Upstream:Fhir:AllowInsecureHttp=true");

        await gateway.WaitForPageAsync(p => p.Contains("mmHg", StringComparison.Ordinal));
        await gateway.WaitForPageAsync(p => p.Contains("Plateforme joignable : 0 mesure(s) transmise(s) depuis le démarrage, 0 en attente", StringComparison.Ordinal));

        Assert.Equal(0, platform.Count);
    }

    [Fact]
    public async Task ReadingsThePlatformRefuses_AreListedOnThePage_WithItsReason()
    {
        await using var platform = await FakePlatform.StartAsync();
        platform.Reject = _ => true;
        await using var gateway = await GatewayUnderTest.StartAsync(_root.Path, TimeSpan.FromMilliseconds(100),
            $"--Upstream:Fhir:BaseUrl={platform.BaseUrl}", "--Upstream:Fhir:AllowInsecureHttp=true", "--Upstream:Fhir:SendTestData=true");

        var page = await gateway.WaitForPageAsync(p => p.Contains("Motif de la plateforme", StringComparison.Ordinal));

        Assert.Contains("Mesures refusées par la plateforme, à revoir", page, StringComparison.Ordinal);
        Assert.Contains("422", page, StringComparison.Ordinal);
        Assert.Equal(0, platform.Count);
    }
}
