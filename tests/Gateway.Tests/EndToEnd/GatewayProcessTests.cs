using System.Globalization;
using System.Net;
using EdgeGateway.Gateway.Tests.Support;
using EdgeGateway.SyncAgent.Outbox;
using Microsoft.Extensions.Logging.Abstractions;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.Gateway.Tests.EndToEnd;

/// <summary>The real executable, as a technician starts it, and as a power cut stops it.</summary>
public sealed class GatewayProcessTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private async Task<GatewayProcess> StartDemoAsync()
    {
        var config = Path.Combine(_root.Path, "gateway.json");
        await File.WriteAllTextAsync(config, """{ "Demo": { "Interval": "00:00:00.100" } }""");
        return await GatewayProcess.StartAsync("--demo", "--config", config, "--data-dir", Path.Combine(_root.Path, "data"), "--urls", "http://127.0.0.1:0");
    }

    [Fact]
    public async Task Demo_IsReady_AndEveryReadingShownSurvivesSigkill()
    {
        await using var gateway = await StartDemoAsync();
        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        string page;
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(20)))
        {
            do
            {
                await Task.Delay(100, deadline.Token);
                page = await http.GetStringAsync("/", deadline.Token);
            }
            while (PageText.BloodPressure().Matches(page).Count < 3);
        }

        // Only durable readings may be shown: after SIGKILL each one on the page is in the Outbox.
        await gateway.KillAsync();

        var shown = PageText.BloodPressure().Matches(page)
            .Select(m => (decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), decimal.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)))
            .ToList();
        await using var outbox = Outbox.Open(new StorageOptions { DataDir = Path.Combine(_root.Path, "data") }, NullLogger<Outbox>.Instance);
        var stored = outbox.ReadPage(0, 100_000)
            .Where(s => s.Reading.Measurement.Components.Count == 3)
            .Select(s => (s.Reading.Measurement.Components[0].Quantity.Value!.Value, s.Reading.Measurement.Components[1].Quantity.Value!.Value))
            .ToHashSet();
        Assert.All(shown, pair => Assert.Contains(pair, stored));
    }
}
