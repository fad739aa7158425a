using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.SyncAgent.Outbox;

/// <summary>A Reading as the Outbox holds it: its record id (the Outbox's order) and the reading.</summary>
/// <param name="RecordId">The Outbox's own, strictly increasing record id.</param>
/// <param name="Reading">The decrypted reading.</param>
public sealed record StoredReading(long RecordId, Reading Reading);

/// <summary>What kind of data a record is; decides priority and what a quota may evict.</summary>
public enum RecordClass : byte
{
    /// <summary>A clinical reading: never dropped silently.</summary>
    Clinical = 0,
    /// <summary>Diagnostics, test data (HTEST) and other non-clinical records: evicted first under quota pressure.</summary>
    Diagnostic = 1,
}

/// <summary>How a record travels besides its place in the FHIR queue.</summary>
[Flags]
public enum Delivery : byte
{
    /// <summary>A routine reading: sent in the background, oldest first.</summary>
    Routine = 0,
    /// <summary>A reading of an open consultation: sent to the platform before any routine backlog.</summary>
    Consultation = 1,
    /// <summary>Also shared live with the specialist over the national MQTT broker (a consultation being shared).</summary>
    Live = 2,
}
