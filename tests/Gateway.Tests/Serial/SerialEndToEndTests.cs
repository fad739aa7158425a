using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Serial.Contec;
using EdgeGateway.DeviceDrivers.Serial.Nonin;
using EdgeGateway.Gateway.Ingest;
using EdgeGateway.Gateway.Tests.Support;
using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.Gateway.Tests.Serial;

/// <summary>The whole gateway with an oximeter on a serial cable (a socat pty pair): Nonin data formats #8 and #13, a Contec CMS50D+.</summary>
public sealed class SerialEndToEndTests : IDisposable
{
    private readonly TempDirectory _root = new();
    private readonly SocatPair _cable = new();

    public void Dispose()
    {
        _cable.Dispose();
        _root.Dispose();
    }

    [Fact]
    public async Task OximeterOnACable_ReadingsReachTheOutbox_AndResumeAfterTheCableIsPulledAndPluggedBack()
    {
        await _cable.PlugAsync();
        await using var gateway = await StartAsync("nonin-df8", "00:00:00");
        var outbox = gateway.App.Services.GetRequiredService<Outbox>();
        var statistics = gateway.App.Services.GetRequiredService<IngestStatistics>();
        await Eventually.Holds(() => File.Exists(_cable.GatewayEnd), 10);

        // Noise on the line, then three packets: six readings (SpO2 and pulse each).
        await Eventually.Holds(async () =>
        {
            await _cable.WriteAsync([0x13, .. NoninDf8Encoder.Encode(72, 97, 0, 0x20)]);
            return outbox.ReadPage(0, 1000).Count >= 2;
        }, 20);
        await _cable.WriteAsync([.. NoninDf8Encoder.Encode(73, 97), 0x06, .. NoninDf8Encoder.Encode(74, 96)]);
        await Eventually.Holds(() => outbox.ReadPage(0, 1000).Count >= 6, 10);

        _cable.Unplug();
        await Task.Delay(1500);
        await _cable.PlugAsync();
        // Written until the reopened port has it (the first bytes may reach a port not yet open again).
        await Eventually.Holds(async () =>
        {
            await _cable.WriteAsync(NoninDf8Encoder.Encode(81, 95));
            return outbox.ReadPage(0, 1000).Any(r => r.Reading.Measurement.Code == Loinc.HeartRate && r.Reading.Measurement.Value!.Quantity.Value == 81m);
        }, 30);

        var stored = outbox.ReadPage(0, 1000).Select(s => s.Reading).ToList();
        Assert.All(stored, r => Assert.Equal("oxi-1", r.DeviceId));
        Assert.Contains(stored, r => r.Measurement.Code == Loinc.HeartRate && r.Measurement.Value!.Quantity.Value == 74m);
        Assert.Equal(0, statistics.DecodeErrors);
    }

    [Fact]
    public async Task StreamingOximeter_KeepsAReadingPer30SecondsAndEveryChangeOfStatus()
    {
        await _cable.PlugAsync();
        await using var gateway = await StartAsync("nonin-df8", null);
        var outbox = gateway.App.Services.GetRequiredService<Outbox>();
        var statistics = gateway.App.Services.GetRequiredService<IngestStatistics>();

        await Eventually.Holds(async () =>
        {
            await _cable.WriteAsync(NoninDf8Encoder.Encode(72, 97));
            return outbox.ReadPage(0, 1000).Count >= 2;
        }, 20);
        for (var i = 0; i < 5; i++)
        {
            await _cable.WriteAsync(NoninDf8Encoder.Encode(72 + (i % 2), 97));
        }

        // The probe slips: a change of status is kept at once.
        await _cable.WriteAsync(NoninDf8Encoder.Encode(511, 127, 0x20));
        await Eventually.Holds(() => outbox.ReadPage(0, 1000).Count == 4, 10);
        await Eventually.Holds(() => statistics.SampledOut >= 5, 10);
        Assert.Contains(outbox.ReadPage(0, 100), s => (s.Reading.Measurement.Flags & ReadingFlags.OutOfTrack) != 0);
    }

    [Fact]
    public async Task SpotCheckOximeter_IsSetToFormat13_AndEveryForwardedRecordIsStoredOnceWithItsDeviceTime()
    {
        await _cable.PlugAsync();
        await using var gateway = await StartAsync("nonin-df13", null);
        var outbox = gateway.App.Services.GetRequiredService<Outbox>();
        var statistics = gateway.App.Services.GetRequiredService<IngestStatistics>();

        // The port opened: the gateway selected data format #13.
        Assert.Equal(NoninCommands.SetDataFormat(NoninDf13Decoder.FormatNumber), await _cable.ReadAsync(6, 20));

        // ACK, the three spot checks stored while no one listened (a minute apart, alike), then the one just taken.
        var first = new DateTime(2026, 11, 29, 8, 0, 0);
        byte[] session =
        [
            0x06,
            .. NoninDf13Encoder.Encode(first, 72, 97, statusLow: 0x10),
            .. NoninDf13Encoder.Encode(first.AddMinutes(1), 73, 97, statusLow: 0x10),
            .. NoninDf13Encoder.Encode(first.AddMinutes(2), 72, 96, statusLow: 0x10),
            .. NoninDf13Encoder.Encode(first.AddMinutes(3), 74, 98),
        ];
        await _cable.WriteAsync(session);
        await Eventually.Holds(() => outbox.ReadPage(0, 1000).Count == 8, 20);

        // The oximeter forwards them again (a reconnection): nothing is stored twice.
        await _cable.WriteAsync(session);
        await Eventually.Holds(() => statistics.Duplicates == 8, 20);

        var stored = outbox.ReadPage(0, 100).Select(s => s.Reading).ToList();
        Assert.Equal(8, stored.Count);
        Assert.Equal(Enumerable.Range(0, 4).Select(i => first.AddMinutes(i)), stored.Where(r => r.Measurement.Code == Loinc.HeartRate).Select(r => r.DeviceTime!.Value.DateTime));
        Assert.Equal(6, stored.Count(r => (r.Measurement.Flags & ReadingFlags.MeasurementFromStorage) != 0));
        Assert.Equal(0, statistics.DecodeErrors);
    }

    [Fact]
    public async Task Cms50_GetsTheStartCommandAndKeepAlives_ItsStreamIsSampled_AndTheFingerComingOutIsKeptAtOnce()
    {
        await _cable.PlugAsync();
        await using var gateway = await StartAsync("contec-cms50", null);
        var outbox = gateway.App.Services.GetRequiredService<Outbox>();
        var statistics = gateway.App.Services.GetRequiredService<IngestStatistics>();

        // The port opened: recordings are not asked for unless configured; real-time data at once (7D 81 A1 80 80 80 80 80 80).
        Assert.Equal(Cms50Commands.Build(Cms50Commands.StartRealTime), await _cable.ReadAsync(9, 20));

        // An answer to another command (not a reading), then a second of the stream: 60 alike packets, one reading kept.
        await _cable.WriteAsync([0x0C, 0x80, .. Enumerable.Range(0, 60).SelectMany(_ => Cms50Encoder.Encode(65, 97))]);
        await Eventually.Holds(() => outbox.ReadPage(0, 1000).Count == 2 && statistics.SampledOut == 59, 20);

        // The finger comes out (probe error): a change of status, kept at once, with no number.
        await _cable.WriteAsync(Cms50Encoder.Encode(65, 97, status: 0x85));
        await Eventually.Holds(() => outbox.ReadPage(0, 1000).Count == 4, 10);

        var stored = outbox.ReadPage(0, 100).Select(s => s.Reading).ToList();
        Assert.Contains(stored, r => r.Measurement.Code == Loinc.HeartRate && r.Measurement.Value!.Quantity.Value == 65m);
        Assert.Equal(2, stored.Count(r => r.Measurement.Flags == ReadingFlags.SensorUnconnected && !r.Measurement.Value!.Quantity.HasValue));
        Assert.Equal(0, statistics.DecodeErrors);

        // While the port is open the device hears its "stay connected" (7D 81 AF …), or it would stop.
        Assert.Equal(Cms50Commands.Build(Cms50Commands.KeepAlive), await _cable.ReadAsync(9, 10));
    }

    // Every streaming protocol's simulator (the bytes `edgegateway simulate` writes) through the cable,
    // with its own line settings, into the Outbox.
    [Theory]
    [InlineData("nonin-df2")]
    [InlineData("masimo-ascii")]
    [InlineData("contec-cms50-legacy")]
    [InlineData("ascii-line")]
    public async Task EachStreamingProtocolsSimulator_ReachesTheOutbox(string protocol)
    {
        await _cable.PlugAsync();
        await using var gateway = await StartAsync(protocol, "00:00:00", protocol != "ascii-line" ? [] :
        [
            // The A&D scale the simulator plays, read as the README configures it.
            "--Devices:0:Fields:0:Pattern=^ST,\\+?(?<value>\\d+\\.\\d+)\\s*kg", "--Devices:0:Fields:0:Loinc=29463-7",
            "--Devices:0:Fields:0:Display=Body weight", "--Devices:0:Fields:0:Unit=kg", "--Devices:0:IgnoreLines=^(US|OL),",
        ]);
        var outbox = gateway.App.Services.GetRequiredService<Outbox>();
        var statistics = gateway.App.Services.GetRequiredService<IngestStatistics>();
        Assert.True(DeviceDrivers.Simulation.SerialSimulators.TryCreate(protocol, new Random(3), out var simulator));
        Assert.True(DeviceDrivers.Protocols.SerialProtocols.TryGet(protocol, out var line));
        await Eventually.Holds(() => File.Exists(_cable.DeviceEnd), 10);
        using var device = new System.IO.Ports.SerialPort(_cable.DeviceEnd, line.BaudRate, line.Parity, line.DataBits, line.StopBits);
        device.Open();

        await Eventually.Holds(async () =>
        {
            var frame = simulator.NextFrame();
            await device.BaseStream.WriteAsync(frame);
            await Task.Delay(20);
            return outbox.ReadPage(0, 1000).Count >= 2;
        }, 30);

        var stored = outbox.ReadPage(0, 1000).Select(r => r.Reading).ToList();
        Assert.All(stored, r => Assert.Equal((protocol, "oxi-1"), (r.Protocol, r.DeviceId)));
        Assert.All(stored, r => Assert.True(r.Measurement.Value is { } v ? v.Quantity.Unit.Length > 0 : r.Measurement.Components.Count > 0));
        Assert.Equal(0, statistics.DecodeErrors);
    }

    private Task<GatewayUnderTest> StartAsync(string protocol, string? storeEvery, params string[] more)
    {
        var arguments = new List<string> { "--Devices:0:Id=oxi-1", $"--Devices:0:Protocol={protocol}", $"--Devices:0:Port={_cable.GatewayEnd}" };
        if (storeEvery is not null)
        {
            arguments.Add($"--Devices:0:StoreEvery={storeEvery}");
        }

        arguments.AddRange(more);
        return GatewayUnderTest.StartWithoutDemoAsync(_root.Path, [.. arguments]);
    }
}
