using EdgeGateway.Gateway.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace EdgeGateway.Gateway.Tests.Support;

/// <summary>The real gateway host on real Kestrel, bound to a free loopback port, with its own data directory.</summary>
public sealed class GatewayUnderTest : IAsyncDisposable
{
    private GatewayUnderTest(WebApplication app, Uri baseAddress, string dataDir)
    {
        App = app;
        BaseAddress = baseAddress;
        DataDir = dataDir;
        Http = new HttpClient { BaseAddress = baseAddress };
    }

    public WebApplication App { get; }

    public Uri BaseAddress { get; }

    public string DataDir { get; }

    public HttpClient Http { get; }

    /// <summary>Starts the gateway with demo devices writing every <paramref name="demoInterval"/>.</summary>
    public static Task<GatewayUnderTest> StartAsync(string root, TimeSpan demoInterval, params string[] configuration) =>
        StartAsync(root, demo: true, demoInterval, configuration);

    /// <summary>Starts the gateway without demo devices: whatever it stores comes from the configured devices.</summary>
    public static Task<GatewayUnderTest> StartWithoutDemoAsync(string root, params string[] configuration) =>
        StartAsync(root, demo: false, TimeSpan.FromSeconds(5), configuration);

    private static async Task<GatewayUnderTest> StartAsync(string root, bool demo, TimeSpan demoInterval, string[] configuration)
    {
        var dataDir = Path.Combine(root, "data");
        // An explicit --config keeps the test independent of any /etc/edgegateway/gateway.json on the machine.
        var configFile = Path.Combine(root, "gateway.json");
        await File.WriteAllTextAsync(configFile, """{ "Gateway": { "SiteId": "test-site", "GatewayId": "gw-test", "TimeZone": "Europe/Paris" } }""");
        var app = GatewayHost.Build(new RunSettings(configFile, dataDir, "http://127.0.0.1:0", Demo: demo,
            [$"--Demo:Interval={demoInterval:c}", .. configuration]));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new GatewayUnderTest(app, new Uri(address), dataDir);
    }

    /// <summary>Polls <c>GET /</c> until <paramref name="condition"/> holds (20 s deadline).</summary>
    public async Task<string> WaitForPageAsync(Func<string, bool> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var page = await Http.GetStringAsync("/", deadline.Token);
            if (condition(page))
            {
                return page;
            }

            await Task.Delay(100, deadline.Token);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
