namespace EdgeGateway.Gateway.Panel;

/// <summary>What the readings page reports besides the readings: backlog and every alert.</summary>
/// <param name="Waiting">Readings waiting in the Outbox.</param>
/// <param name="DecodeErrors">Frames rejected since start.</param>
/// <param name="StoreFailures">Readings that could not be stored since start.</param>
/// <param name="DeadLetters">Readings the platform refused, waiting for a technician.</param>
/// <param name="Quarantined">Records that failed their integrity check.</param>
/// <param name="StorageFault">Why the Outbox refuses changes, or null.</param>
/// <param name="MovedAsideTo">Where an unreadable Outbox was moved at start, or null.</param>
/// <param name="Upstream">The platform link, or null when no upstream is configured.</param>
/// <param name="QuotaExceeded">Clinical readings alone exceed <c>Storage:MaxBytes</c>.</param>
/// <param name="Evicted">Non-clinical records evicted for the quota since start.</param>
/// <param name="Live">The live share with the national broker, or null when none is configured.</param>
/// <param name="Consultation">The open consultation, or null.</param>
/// <param name="DeadLetterList">The oldest dead letters, for the technician to review (at most a page).</param>
/// <param name="Devices">Each configured device and the state of its link.</param>
/// <param name="CpuCelsius">The box's own CPU temperature, when the system exposes it.</param>
internal sealed record PanelStatus(
    long Waiting, long DecodeErrors, long StoreFailures, long DeadLetters, long Quarantined, string? StorageFault, string? MovedAsideTo,
    UpstreamStatus? Upstream = null, bool QuotaExceeded = false, long Evicted = 0, LiveStatus? Live = null,
    Consultation.OpenConsultation? Consultation = null, IReadOnlyList<SyncAgent.Outbox.DeadLetter>? DeadLetterList = null,
    IReadOnlyList<(string DeviceId, DeviceDrivers.Transports.TransportState State)>? Devices = null, decimal? CpuCelsius = null)
{
    /// <summary>An empty status (no backlog, no alert, no upstream).</summary>
    public static PanelStatus Empty { get; } = new(0, 0, 0, 0, 0, null, null);
}

/// <summary>The platform link as the page shows it.</summary>
/// <param name="Delivered">Readings the platform acknowledged since start.</param>
/// <param name="LastSuccess">When it last acknowledged something.</param>
/// <param name="LastFailure">Why the last attempt failed, or null.</param>
/// <param name="HeldForVideo">The routine backlog waits for a video consultation to end.</param>
internal sealed record UpstreamStatus(long Delivered, DateTimeOffset? LastSuccess, string? LastFailure, bool HeldForVideo = false);

/// <summary>The live share with the national broker as the page shows it.</summary>
/// <param name="Connected">Connected to the broker.</param>
/// <param name="Published">Readings the broker acknowledged since start.</param>
/// <param name="Waiting">Live copies waiting for the broker.</param>
/// <param name="LastFailure">Why the last attempt failed, or null.</param>
internal sealed record LiveStatus(bool Connected, long Published, long Waiting, string? LastFailure);
