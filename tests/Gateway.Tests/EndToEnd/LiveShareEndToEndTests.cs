using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.Gateway.Consultation;
using EdgeGateway.Gateway.Tests.Support;
using EdgeGateway.SyncAgent.Fhir;
using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.Tests.Shared;
using Observation = Hl7.Fhir.Model.Observation;

namespace EdgeGateway.Gateway.Tests.EndToEnd;

/// <summary>The whole gateway with a national broker: while a consultation is shared, its readings go live; otherwise they do not.</summary>
public sealed class LiveShareEndToEndTests : IDisposable
{
    private const string Prefix = "edgegw/test-site/gw-test";
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public async Task SharedConsultation_ReadingsGoLiveWithThePatient_AndStopWhenItCloses()
    {
        using var broker = new Mosquitto();
        await broker.StartAsync();
        await using var subscriber = await MqttSubscriber.ConnectAsync(broker.Port, $"{Prefix}/#");
        await using var gateway = await GatewayUnderTest.StartAsync(_root.Path, TimeSpan.FromMilliseconds(100),
            $"--Upstream:Mqtt:Url={broker.Url}", "--Upstream:Mqtt:AllowInsecure=true", "--Upstream:Mqtt:SendTestData=true");
        var room = gateway.App.Services.GetRequiredService<ConsultationRoom>();
        var outbox = gateway.App.Services.GetRequiredService<Outbox>();

        await Eventually.Holds(() => subscriber.On("/status").Any(m => m.Text == "online"));
        await gateway.WaitForPageAsync(p => p.Contains("mmHg", StringComparison.Ordinal));
        Assert.Empty(LiveReadings(subscriber));

        room.Open(new PatientContext("2850775123456", PatientContext.InsSystem, "tlc-7", "urn:oid:1.2.250.1.71.4.2.1"), sharedLive: true);
        await Eventually.Holds(() => LiveReadings(subscriber).Count >= 4);
        room.Close();
        // A frame taken before the close may still be on its way to the disk, and is shared. The
        // demo device's frames are stored one after the other: once two more frames are stored,
        // the last one taken before the close is too, and its copies are sent.
        var countAtClose = outbox.Count;
        await Eventually.Holds(() => outbox.Count >= countAtClose + 4);
        await Eventually.Holds(() => outbox.LiveCount == 0 && LiveReadings(subscriber).Count >= 4);
        var atClose = LiveReadings(subscriber).Count;

        var live = LiveReadings(subscriber);
        Assert.All(live, o => Assert.Equal("2850775123456", o.Subject!.Identifier!.Value));
        Assert.All(live, o => Assert.Equal("tlc-7", o.Encounter!.Identifier!.Value));

        // Closed: later readings are routine again and stay off the live topics.
        var countAfterClose = outbox.Count;
        await Eventually.Holds(() => outbox.Count >= countAfterClose + 4);
        Assert.Equal(atClose, LiveReadings(subscriber).Count);
        Assert.Equal(0, outbox.LiveCount);
    }

    private static List<Observation> LiveReadings(MqttSubscriber subscriber) =>
        [.. subscriber.Messages.Where(m => m.Topic.StartsWith($"{Prefix}/readings/", StringComparison.Ordinal))
            .Select(m => FhirJson.Deserialize<Observation>(m.Text))];
}
