using EdgeGateway.SyncAgent.Fhir;
using EdgeGateway.SyncAgent.Tests.Support;
using EdgeGateway.SyncAgent.Uplink.Fhir;
using Hl7.Fhir.Model;

namespace EdgeGateway.SyncAgent.Tests.Uplink.Fhir;

// The shape the HL7 PHD IG gives a gateway's upload, and ARCHITECTURE.md's contract.
public class TransactionBundleBuilderTests
{
    private readonly TransactionBundleBuilder _builder = new(new ObservationMapper("gw-test"));

    [Fact]
    public void Build_IsATransactionOfConditionalCreates_DevicesFirst()
    {
        var readings = UplinkFactory.Readings(6, devices: 2);

        var batch = _builder.Build(readings);

        var bundle = batch.Bundle;
        Assert.Equal(Bundle.BundleType.Transaction, bundle.Type);
        Assert.Equal(2 + 6, bundle.Entry.Count);
        Assert.All(bundle.Entry.Take(2), e => Assert.IsType<Device>(e.Resource));
        Assert.All(bundle.Entry, e =>
        {
            Assert.Equal(Bundle.HTTPVerb.POST, e.Request!.Method);
            Assert.StartsWith("identifier=", e.Request.IfNoneExist, StringComparison.Ordinal);
        });
        Assert.All(bundle.Entry.Take(2), e => Assert.Matches("^urn:uuid:[0-9a-f-]{36}$", e.FullUrl));
    }

    [Fact]
    public void Build_ObservationEntry_IsConditionalOnTheReadingIdentifier()
    {
        var reading = UplinkFactory.Readings(1)[0];

        var entry = _builder.Build([reading]).Bundle.Entry[1];

        Assert.Equal("Observation", entry.Request!.Url);
        Assert.Equal($"identifier=urn:edgegateway:gw-test|{reading.Reading.ReadingId}", entry.Request.IfNoneExist);
    }

    [Fact]
    public void Build_ObservationsReferenceTheirDeviceEntry()
    {
        var readings = UplinkFactory.Readings(4, devices: 2);

        var bundle = _builder.Build(readings).Bundle;

        var devices = bundle.Entry.Where(e => e.Resource is Device)
            .ToDictionary(e => ((Device)e.Resource!).Identifier[0].Value!, e => e.FullUrl);
        foreach (var entry in bundle.Entry.Where(e => e.Resource is Observation))
        {
            var observation = (Observation)entry.Resource!;
            Assert.Equal(devices[observation.Device!.Identifier!.Value!], observation.Device.Reference);
        }
    }

    [Fact]
    public void Build_KeepsOutboxOrder_AndMapsEachEntryBackToItsRecord()
    {
        var readings = UplinkFactory.Readings(5, devices: 2);

        var batch = _builder.Build(readings);

        var observationIdentifiers = batch.Bundle.Entry.Where(e => e.Resource is Observation)
            .Select(e => ((Observation)e.Resource!).Identifier[0].Value);
        Assert.Equal(readings.Select(r => r.Reading.ReadingId), observationIdentifiers);
        foreach (var reading in readings)
        {
            var index = batch.ObservationEntries[reading.RecordId];
            Assert.Equal([reading.RecordId], batch.EntryRecords[index]);
        }
    }
}
