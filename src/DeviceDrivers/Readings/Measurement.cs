namespace EdgeGateway.DeviceDrivers.Readings;

/// <summary>
/// What a decoder produces from one frame: a coded measurement with device-local facts only.
/// It carries no identity, no gateway clock and no patient: those are added when it becomes a
/// <see cref="Reading"/>, so decoders stay pure.
/// </summary>
public sealed record Measurement
{
    /// <summary>LOINC code of the whole observation, e.g. <c>85354-9</c> for the blood-pressure panel.</summary>
    public required string Code { get; init; }

    /// <summary>The LOINC display name.</summary>
    public required string Display { get; init; }

    /// <summary>Where the observation files in FHIR (vital signs, laboratory).</summary>
    public MeasurementCategory Category { get; init; } = MeasurementCategory.VitalSigns;

    /// <summary>The single value of a simple observation; null for a panel (see <see cref="Components"/>).</summary>
    public ObservedValue? Value { get; init; }

    /// <summary>The parts of a panel observation (systolic, diastolic, mean…); empty for a simple one.</summary>
    public IReadOnlyList<ObservedValue> Components { get; init; } = [];

    /// <summary>
    /// The time stamped by the device's own clock, as it stated it (no time zone: BLE and most
    /// serial devices keep local wall-clock time). Null when the frame carries none.
    /// </summary>
    public DateTime? DeviceLocalTime { get; init; }

    /// <summary>
    /// The UTC offset the device stated with <see cref="DeviceLocalTime"/> (HL7 v2 and ASTM times may
    /// carry one); null when it stated none and the gateway's time zone applies.
    /// </summary>
    public TimeSpan? DeviceUtcOffset { get; init; }

    /// <summary>The device's own user slot (BLE user index), when it stated one.</summary>
    public int? DeviceUserIndex { get; init; }

    /// <summary>Where on the body it was measured, when the device says.</summary>
    public BodySite? BodySite { get; init; }

    /// <summary>
    /// The device's own record number (e.g. a glucose meter's sequence number): how a record the
    /// device sends again is recognised. Null when the protocol has none.
    /// </summary>
    public int? DeviceSequenceNumber { get; init; }

    /// <summary>Quality facts a clinician must see next to the value.</summary>
    public ReadingFlags Flags { get; init; }

    /// <summary>
    /// Further facts the device stated that have no coded place (e.g. RR intervals, the meal a glucose
    /// reading relates to), in English, each one sentence; sent as FHIR notes after the flags' texts.
    /// </summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}

/// <summary>The FHIR category an observation files under.</summary>
public enum MeasurementCategory : byte
{
    /// <summary><c>vital-signs</c>.</summary>
    VitalSigns = 0,
    /// <summary><c>laboratory</c> (e.g. glucose, which has no vital-signs profile).</summary>
    Laboratory = 1,
}
