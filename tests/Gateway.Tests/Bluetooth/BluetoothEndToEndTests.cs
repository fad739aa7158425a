using EdgeGateway.DeviceDrivers.Ble.BloodPressure;
using EdgeGateway.DeviceDrivers.Ble.Glucose;
using EdgeGateway.DeviceDrivers.Ble.PulseOximetry;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.Gateway.Ingest;
using EdgeGateway.Gateway.Tests.Support;
using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.Gateway.Tests.Bluetooth;

/// <summary>
/// The whole gateway with Bluetooth devices configured, against BlueZ on a private bus: notified
/// values become durable readings, devices that go away are reconnected without a restart, and a
/// glucose meter's stored records reach the Outbox once each — across reconnections and restarts.
/// </summary>
public sealed class BluetoothEndToEndTests : IAsyncLifetime
{
    private const string Cuff = "C0:00:00:00:18:10", Oximeter = "C0:00:00:00:18:22", Meter = "C0:00:00:00:18:08";
    private readonly TempDirectory _root = new();
    private BlueZMock _bluez = null!;

    public async Task InitializeAsync() =>
        _bluez = await BlueZMock.StartAsync([$"{Cuff},Cuff,bp+cts", $"{Oximeter},Oximeter,plx", $"{Meter},Meter,glucose"], records: 3);

    public async Task DisposeAsync()
    {
        await _bluez.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task NotifiedCuffAndOximeter_AndAMetersRecords_BecomeReadingsOnceEach_AcrossReconnectionsAndARestart()
    {
        await using (var gateway = await StartAsync())
        {
            var outbox = gateway.App.Services.GetRequiredService<Outbox>();

            await _bluez.NotifyWhenSubscribedAsync(Cuff, 0x2A35,
                BloodPressureEncoder.Encode(new BloodPressureSample(121, 76, 91, 72, new DateTime(2026, 11, 29, 9, 30, 0), 1, null)));
            await _bluez.NotifyWhenSubscribedAsync(Oximeter, 0x2A5E,
                PlxEncoder.EncodeSpot(new PlxSample(97, 64, new DateTime(2026, 11, 29, 9, 31, 0), null, null, null)));
            await Eventually.Holds(() => Codes(outbox).Count(c => c is "85354-9" or "59408-5") == 2, 30);
            await Eventually.Holds(() => Glucose(outbox).Count == 3, 30);

            // Garbage from the cuff is a counted decode error; the device goes on.
            var statistics = gateway.App.Services.GetRequiredService<IngestStatistics>();
            await _bluez.NotifyWhenSubscribedAsync(Cuff, 0x2A35, [0x1E, 0x79, 0x00]);
            await Eventually.Holds(() => statistics.DecodeErrors == 1, 30);

            // The cuff goes away and comes back with its next result: no restart.
            await _bluez.DisconnectAsync(Cuff);
            await _bluez.NotifyWhenSubscribedAsync(Cuff, 0x2A35,
                BloodPressureEncoder.Encode(new BloodPressureSample(118, 74, 89, 70, new DateTime(2026, 11, 29, 9, 40, 0), 1, null)));
            await Eventually.Holds(() => Codes(outbox).Count(c => c == "85354-9") == 2, 30);

            // The meter took two readings while away; on reconnection only those are downloaded.
            await _bluez.SetRecordsAsync(Meter, Enumerable.Range(1, 5).Select(Record));
            await _bluez.DisconnectAsync(Meter);
            await Eventually.Holds(() => Glucose(outbox).Count == 5, 30);
        }

        // After a restart the meter is read again: nothing new, and what it resends is not stored twice.
        await using (var restarted = await StartAsync())
        {
            var outbox = restarted.App.Services.GetRequiredService<Outbox>();
            var statistics = restarted.App.Services.GetRequiredService<IngestStatistics>();
            await Eventually.Holds(() => statistics.Duplicates >= 1, 30);

            Assert.Equal([1, 2, 3, 4, 5], Glucose(outbox).Select(m => m.DeviceSequenceNumber!.Value).Order());
            Assert.All(Glucose(outbox), m => Assert.Equal("41653-7", m.Code));
            Assert.Equal(2, Codes(outbox).Count(c => c == "85354-9"));
        }
    }

    [Fact]
    public async Task MetersHistory_IsNeverFiledToThePatientInTheRoom_ButItsReadingTakenNowIs()
    {
        // The meter is out of reach until the nurse has opened the consultation.
        await _bluez.RefuseConnectionsAsync(Meter, refuse: true);
        await using var gateway = await StartAsync(("glu-1", "ble-glucose", Meter));
        var outbox = gateway.App.Services.GetRequiredService<Outbox>();
        var patient = new PatientContext("279035121518989", PatientContext.InsSystem, "tc-1", "urn:oid:1.2.250.1.999.1");
        gateway.App.Services.GetRequiredService<EdgeGateway.Gateway.Consultation.ConsultationRoom>().Open(patient, sharedLive: false);
        await _bluez.RefuseConnectionsAsync(Meter, refuse: false);

        // Its memory (records 1–3, taken in 2024) comes down; then the nurse measures the patient.
        await Eventually.Holds(() => Glucose(outbox).Count == 3, 30);
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, paris).DateTime;
        await _bluez.NotifyWhenSubscribedAsync(Meter, 0x2A18, GlucoseEncoder.EncodeMeasurement(
            new GlucoseRecord(4, new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second), 104)));
        await Eventually.Holds(() => Glucose(outbox).Count == 4, 30);

        var stored = outbox.ReadPage(0, 100).Select(r => r.Reading).Where(r => r.DeviceId == "glu-1").ToList();
        Assert.All(stored.Where(r => r.Measurement.DeviceSequenceNumber <= 3), r =>
        {
            Assert.Null(r.Patient);
            Assert.True((r.Measurement.Flags & ReadingFlags.MeasurementFromStorage) != 0);
        });
        var taken = Assert.Single(stored, r => r.Measurement.DeviceSequenceNumber == 4);
        Assert.Equal(patient, taken.Patient);
    }

    [Fact]
    public async Task CuffWhoseClockWasOff_ItsStoredReadingKeepsItsTimeAndSaysHowFarOffTheClockWas()
    {
        await using var gateway = await StartAsync(("bp-1", "ble-blood-pressure", Cuff));
        var outbox = gateway.App.Services.GetRequiredService<Outbox>();

        // The cuff's clock read 2020-01-01 when the gateway set it; its memory holds a reading it stamped before.
        await _bluez.NotifyWhenSubscribedAsync(Cuff, 0x2A35,
            BloodPressureEncoder.Encode(new BloodPressureSample(121, 76, 91, 72, new DateTime(2019, 12, 31, 23, 50, 0), 1, null)));

        await Eventually.Holds(() => outbox.Count == 2, 30);
        var panel = outbox.ReadPage(0, 10).Select(s => s.Reading).First(r => r.Measurement.Code == "85354-9");
        Assert.Equal(new DateTime(2019, 12, 31, 23, 50, 0), panel.DeviceTime!.Value.DateTime);
        Assert.Contains(panel.Measurement.Notes, n => n.StartsWith("Device clock was ", StringComparison.Ordinal) && n.Contains("behind", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ConfiguredDeviceThatIsNotThere_DoesNotStopTheGateway()
    {
        await using var gateway = await StartAsync(("ghost-1", "ble-weight", "C0:00:00:00:99:99"));

        var health = await gateway.Http.GetAsync("/healthz");

        Assert.True(health.IsSuccessStatusCode);
        Assert.Equal(0, gateway.App.Services.GetRequiredService<Outbox>().Count);
    }

    private Task<GatewayUnderTest> StartAsync(params (string Id, string Protocol, string Address)[] devices)
    {
        var configured = devices.Length > 0 ? devices : [("bp-1", "ble-blood-pressure", Cuff), ("oxi-1", "ble-plx-spot", Oximeter), ("glu-1", "ble-glucose", Meter)];
        var arguments = new List<string> { $"--Bluetooth:BusAddress={_bluez.Address}" };
        for (var i = 0; i < configured.Length; i++)
        {
            arguments.AddRange([$"--Devices:{i}:Id={configured[i].Id}", $"--Devices:{i}:Protocol={configured[i].Protocol}", $"--Devices:{i}:Address={configured[i].Address}"]);
        }

        return GatewayUnderTest.StartWithoutDemoAsync(_root.Path, [.. arguments]);
    }

    // The records the mocked meter starts with (gattmock.py's glucose_record), and those after them.
    private static byte[] Record(int sequence) =>
        GlucoseEncoder.EncodeMeasurement(new GlucoseRecord((ushort)sequence, new DateTime(2024, 1, 2, 8, sequence, 0), 90 + sequence));

    private static List<string> Codes(Outbox outbox) => [.. outbox.ReadPage(0, 1000).Select(s => s.Reading.Measurement.Code)];

    private static List<Measurement> Glucose(Outbox outbox) =>
        [.. outbox.ReadPage(0, 1000).Where(s => s.Reading.DeviceId == "glu-1").Select(s => s.Reading.Measurement)];
}
