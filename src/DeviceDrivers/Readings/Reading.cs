namespace EdgeGateway.DeviceDrivers.Readings;

/// <summary>
/// The one domain model: a <see cref="Measurement"/> taken by a known device, received by this
/// gateway at a known time, with its patient context when the nurse has set one, and the raw
/// frame kept for audit. A Reading is immutable; it is made durable by the Outbox before anyone
/// may show or acknowledge it.
/// </summary>
public sealed record Reading
{
    /// <summary>Unique id given by the gateway (<see cref="ReadingIds"/>); the upstream identifier value.</summary>
    public required string ReadingId { get; init; }

    /// <summary>The configured device id (e.g. <c>bp-1</c>).</summary>
    public required string DeviceId { get; init; }

    /// <summary>The protocol name the frame was decoded with (e.g. <c>ble-blood-pressure</c>).</summary>
    public required string Protocol { get; init; }

    /// <summary>What was measured.</summary>
    public required Measurement Measurement { get; init; }

    /// <summary>When the gateway received the frame, from its own clock.</summary>
    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>
    /// The device's time placed in the gateway's time zone (and, later, corrected for clock drift);
    /// null when the device gave none.
    /// </summary>
    public DateTimeOffset? DeviceTime { get; init; }

    /// <summary>The patient and encounter, when the nurse has selected them.</summary>
    public PatientContext? Patient { get; init; }

    /// <summary>Test data (simulated devices): tagged <c>HTEST</c> and never sent to a real platform.</summary>
    public bool IsTest { get; init; }

    /// <summary>The frame exactly as the device sent it, for audit.</summary>
    public required byte[] RawFrame { get; init; }

    /// <summary>The time the measurement was taken: device time when known, else receive time.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public DateTimeOffset EffectiveTime => DeviceTime ?? ReceivedAt;
}

/// <summary>Who the reading belongs to, referenced by identifier only (never a local database id).</summary>
/// <param name="PatientIdentifier">The French INS, or another identifier in <paramref name="PatientIdentifierSystem"/>.</param>
/// <param name="PatientIdentifierSystem">The identifier's system; the INS is <c>urn:oid:1.2.250.1.213.1.4.8</c>.</param>
/// <param name="EncounterIdentifier">The teleconsultation's identifier, as the platform issued it, when known.</param>
/// <param name="EncounterIdentifierSystem">The platform's system for <paramref name="EncounterIdentifier"/>.</param>
public sealed record PatientContext(string PatientIdentifier, string PatientIdentifierSystem, string? EncounterIdentifier = null, string? EncounterIdentifierSystem = null)
{
    /// <summary>The OID system of the French national health identifier (INS).</summary>
    public const string InsSystem = "urn:oid:1.2.250.1.213.1.4.8";
}
