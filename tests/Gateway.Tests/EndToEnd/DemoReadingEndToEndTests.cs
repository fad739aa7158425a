using System.Globalization;
using System.Net;
using System.Text;
using EdgeGateway.Gateway.Demo;
using EdgeGateway.Gateway.Tests.Support;
using EdgeGateway.SyncAgent.Outbox;
using Microsoft.Extensions.Logging.Abstractions;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.Gateway.Tests.EndToEnd;

/// <summary>
/// The walking skeleton, whole: the simulated cuff's real 0x2A35 bytes go through the real decoder,
/// into the encrypted Outbox, and onto the page served by real Kestrel.
/// </summary>
public sealed class DemoReadingEndToEndTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task DemoReading_ShowsOnThePage_AndIsInTheOutboxDecrypted_AndNothingIsInClearOnDisk()
    {
        string page;
        await using (var gateway = await GatewayUnderTest.StartAsync(_root.Path, TimeSpan.FromMilliseconds(100)))
        {
            page = await gateway.WaitForPageAsync(p => PageText.BloodPressure().IsMatch(p));
        }

        Assert.Contains(DemoDevices.BloodPressureDeviceId, page, StringComparison.Ordinal);
        Assert.Contains("TEST", page, StringComparison.Ordinal);
        var shown = PageText.BloodPressure().Match(page);
        var shownSystolic = decimal.Parse(shown.Groups[1].Value, CultureInfo.InvariantCulture);
        var shownDiastolic = decimal.Parse(shown.Groups[2].Value, CultureInfo.InvariantCulture);

        // The gateway is stopped: open its Outbox as the next start would, with its own key file.
        var storage = new StorageOptions { DataDir = Path.Combine(_root.Path, "data") };
        List<StoredReading> stored;
        await using (var outbox = Outbox.Open(storage, NullLogger<Outbox>.Instance))
        {
            stored = [.. outbox.ReadPage(0, 10_000)];
        }

        Assert.NotEmpty(stored);
        Assert.All(stored, s =>
        {
            Assert.StartsWith("demo-", s.Reading.DeviceId, StringComparison.Ordinal);
            Assert.True(s.Reading.IsTest);
            Assert.NotEmpty(s.Reading.RawFrame);
        });
        Assert.Contains(stored, s =>
            s.Reading.Measurement.Components.Count == 3
            && s.Reading.Measurement.Components[0].Quantity.Value == shownSystolic
            && s.Reading.Measurement.Components[1].Quantity.Value == shownDiastolic);

        var markers = new[]
        {
            DemoDevices.BloodPressureDeviceId, "ble-blood-pressure", "Blood pressure panel", "Heart rate", "mm[Hg]",
            stored[0].Reading.ReadingId, Convert.ToHexString(stored[0].Reading.RawFrame),
        };
        foreach (var file in Directory.GetFiles(storage.DataDir, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            foreach (var marker in markers)
            {
                Assert.True(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(marker)) < 0, $"'{marker}' is in clear in {file}");
                Assert.True(bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes(marker)) < 0, $"'{marker}' is in clear (UTF-16) in {file}");
            }

            // The raw frame's own bytes, not just its hex text.
            Assert.True(bytes.AsSpan().IndexOf(stored[0].Reading.RawFrame) < 0, $"a raw frame is in clear in {file}");
        }
    }

    [Fact]
    public async Task Probes_AnswerWithoutAuthentication()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(_root.Path, TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Http.GetAsync("/readyz")).StatusCode);
    }

    [Fact]
    public async Task Metrics_CountFramesAndStoredReadings_InPrometheusText()
    {
        await using var gateway = await GatewayUnderTest.StartAsync(_root.Path, TimeSpan.FromMilliseconds(100));
        await gateway.WaitForPageAsync(p => PageText.BloodPressure().IsMatch(p));

        var metrics = await gateway.Http.GetStringAsync("/metrics");

        Assert.Matches(@"edgegateway_ingest_readings_total\{[^}]*protocol=""ble-blood-pressure""[^}]*\} [1-9]", metrics);
        Assert.Contains("edgegateway_ingest_frames_total", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("demo-bp-1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restart_PageShowsTheReadingsStoredBefore()
    {
        string before;
        await using (var gateway = await GatewayUnderTest.StartAsync(_root.Path, TimeSpan.FromMilliseconds(100)))
        {
            before = PageText.BloodPressure().Match(await gateway.WaitForPageAsync(p => PageText.BloodPressure().IsMatch(p))).Value;
        }

        // Demo off this time: whatever the page shows comes from the Outbox.
        await using var restarted = await GatewayUnderTest.StartWithoutDemoAsync(_root.Path);
        var page = await restarted.Http.GetStringAsync("/");

        Assert.Contains(before, page, StringComparison.Ordinal);
    }
}
