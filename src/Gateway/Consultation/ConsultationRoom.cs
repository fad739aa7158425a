using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.SyncAgent.Outbox;

namespace EdgeGateway.Gateway.Consultation;

/// <summary>An assisted teleconsultation in progress: whose readings are being taken, and whether a specialist sees them live.</summary>
/// <param name="Patient">The patient (INS) and encounter the readings belong to.</param>
/// <param name="SharedLive">True while the consultation is shared with a remote specialist over the national MQTT broker.</param>
/// <param name="OpenedAt">When the nurse opened it.</param>
public sealed record OpenConsultation(PatientContext Patient, bool SharedLive, DateTimeOffset OpenedAt);

/// <summary>
/// The exam room's one consultation at a time. While one is open, every reading the room's
/// devices take belongs to its patient and goes to the platform before the routine backlog;
/// while it is shared, a copy also goes live to the specialist.
/// </summary>
/// <param name="time">The clock.</param>
/// <param name="liveShareConfigured">True when a national broker is configured: without one, nothing is kept for a live share that cannot happen.</param>
public sealed class ConsultationRoom(TimeProvider time, bool liveShareConfigured = true)
{
    private OpenConsultation? _current;
    private long _closedAtTicks;

    /// <summary>The open consultation, or null.</summary>
    public OpenConsultation? Current => Volatile.Read(ref _current);

    /// <summary>Opens a consultation for <paramref name="patient"/> (replacing any open one).</summary>
    public OpenConsultation Open(PatientContext patient, bool sharedLive)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var consultation = new OpenConsultation(patient, sharedLive && liveShareConfigured, time.GetUtcNow());
        Volatile.Write(ref _current, consultation);
        return consultation;
    }

    /// <summary>Closes the open consultation; later readings are routine again.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _current, null) is not null)
        {
            Volatile.Write(ref _closedAtTicks, time.GetUtcNow().UtcTicks);
        }
    }

    /// <summary>
    /// What a reading from <paramref name="source"/> becomes now: its source with the consultation's
    /// patient, and how it travels. A device that names its own patient (an HL7 monitor) keeps it;
    /// if that is someone else, the reading is routine and never shown to this consultation's specialist.
    /// </summary>
    public (FrameSource Source, Delivery Delivery) Attribute(FrameSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (Current is not { } consultation)
        {
            return (source, Delivery.Routine);
        }

        if (source.Patient is { } named && !IsSamePatient(named, consultation.Patient))
        {
            return (source, Delivery.Routine);
        }

        var delivery = Delivery.Consultation | (consultation.SharedLive ? Delivery.Live : Delivery.Routine);
        return (source with { Patient = source.Patient ?? consultation.Patient }, delivery);
    }

    /// <summary>
    /// How far before the consultation opened a device's clock may place a reading still taken in it
    /// (device clocks drift; the nurse opens the consultation around the first measurement).
    /// </summary>
    public static readonly TimeSpan ClockTolerance = TimeSpan.FromMinutes(5);

    /// <summary>
    /// True when the device's own time puts <paramref name="reading"/> within the open consultation:
    /// not before it opened (less the clock tolerance, but never before the previous one closed — that
    /// reading is the previous patient's) and not in the future (a clock running ahead says nothing).
    /// </summary>
    public bool TookPlaceDuring(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        if (Current is not { } consultation || reading.DeviceTime is not { } taken)
        {
            return false;
        }

        var closedBefore = new DateTimeOffset(Volatile.Read(ref _closedAtTicks), TimeSpan.Zero);
        var from = consultation.OpenedAt - ClockTolerance;
        return taken >= (closedBefore > from ? closedBefore : from) && taken <= time.GetUtcNow() + ClockTolerance;
    }

    private static bool IsSamePatient(PatientContext a, PatientContext b) =>
        string.Equals(a.PatientIdentifier, b.PatientIdentifier, StringComparison.Ordinal)
        && string.Equals(a.PatientIdentifierSystem, b.PatientIdentifierSystem, StringComparison.Ordinal);
}
