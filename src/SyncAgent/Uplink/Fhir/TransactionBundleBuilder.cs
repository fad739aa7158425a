using EdgeGateway.SyncAgent.Fhir;
using EdgeGateway.SyncAgent.Outbox;
using Hl7.Fhir.Model;

namespace EdgeGateway.SyncAgent.Uplink.Fhir;

/// <summary>A transaction Bundle and, for each of its entries, the Outbox records it carries.</summary>
/// <param name="Bundle">The Bundle to POST.</param>
/// <param name="EntryRecords">For entry <c>i</c>, the record ids whose fate depends on it (one for an
/// Observation; every reading of the device for a Device entry).</param>
/// <param name="ObservationEntries">For each record id, the index of its Observation entry.</param>
public sealed record TransactionBatch(Bundle Bundle, IReadOnlyList<IReadOnlyList<long>> EntryRecords, IReadOnlyDictionary<long, int> ObservationEntries);

/// <summary>
/// Builds the transaction Bundle the HL7 PHD IG describes for a gateway: a Device entry per device
/// and an Observation per reading, each a conditional create (<c>ifNoneExist</c> on its identifier)
/// (the Devices with a temporary <c>urn:uuid</c> fullUrl that the Observations reference), so that a
/// resend never creates a duplicate and the server's ids are reused once known.
/// </summary>
public sealed class TransactionBundleBuilder(ObservationMapper mapper)
{
    /// <summary>Builds the Bundle for <paramref name="readings"/>, in their Outbox order.</summary>
    public TransactionBatch Build(IReadOnlyList<StoredReading> readings)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var bundle = new Bundle { Type = Bundle.BundleType.Transaction };
        var entryRecords = new List<IReadOnlyList<long>>();
        var observationEntries = new Dictionary<long, int>();
        var deviceSystem = $"{mapper.IdentifierSystem}:device";
        var deviceUrls = new Dictionary<string, string>(StringComparer.Ordinal);

        foreach (var group in readings.GroupBy(r => r.Reading.DeviceId, StringComparer.Ordinal))
        {
            var fullUrl = $"urn:uuid:{Guid.NewGuid()}";
            deviceUrls[group.Key] = fullUrl;
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                FullUrl = fullUrl,
                Resource = new Device
                {
                    Identifier = [new Identifier(deviceSystem, group.Key)],
                    DeviceName = [new Device.DeviceNameComponent { Name = group.Key, Type = DeviceNameType.UserFriendlyName }],
                },
                Request = new Bundle.RequestComponent
                {
                    Method = Bundle.HTTPVerb.POST,
                    Url = "Device",
                    IfNoneExist = $"identifier={Escape(deviceSystem)}|{Escape(group.Key)}",
                },
            });
            entryRecords.Add([.. group.Select(r => r.RecordId)]);
        }

        foreach (var stored in readings)
        {
            var observation = mapper.Map(stored.Reading);
            observation.Device!.Reference = deviceUrls[stored.Reading.DeviceId];
            observationEntries[stored.RecordId] = bundle.Entry.Count;
            // No fullUrl: nothing in the bundle references an Observation, and every byte counts on the link.
            bundle.Entry.Add(new Bundle.EntryComponent
            {
                Resource = observation,
                Request = new Bundle.RequestComponent
                {
                    Method = Bundle.HTTPVerb.POST,
                    Url = "Observation",
                    IfNoneExist = $"identifier={Escape(mapper.IdentifierSystem)}|{Escape(stored.Reading.ReadingId)}",
                },
            });
            entryRecords.Add([stored.RecordId]);
        }

        return new TransactionBatch(bundle, entryRecords, observationEntries);
    }

    /// <summary>
    /// FHIR search escaping of a token's parts (R4 §3.1.1.5.7): <c>\</c>, <c>|</c>, <c>,</c> and <c>$</c>.
    /// Ids are restricted to letters, digits, '.', '_', '-' and ':' by configuration, so no URL escaping is needed.
    /// </summary>
    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("|", "\\|", StringComparison.Ordinal)
            .Replace(",", "\\,", StringComparison.Ordinal).Replace("$", "\\$", StringComparison.Ordinal);
}
