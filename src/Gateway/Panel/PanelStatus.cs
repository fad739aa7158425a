namespace EdgeGateway.Gateway.Panel;

/// <summary>What the readings page reports besides the readings: backlog and every alert.</summary>
/// <param name="Waiting">Readings waiting in the Outbox.</param>
/// <param name="DecodeErrors">Frames rejected since start.</param>
/// <param name="StoreFailures">Readings that could not be stored since start.</param>
/// <param name="DeadLetters">Readings the platform refused, waiting for a technician.</param>
/// <param name="Quarantined">Records that failed their integrity check.</param>
/// <param name="StorageFault">Why the Outbox refuses changes, or null.</param>
/// <param name="MovedAsideTo">Where an unreadable Outbox was moved at start, or null.</param>
internal sealed record PanelStatus(
    long Waiting, long DecodeErrors, long StoreFailures, long DeadLetters, long Quarantined, string? StorageFault, string? MovedAsideTo)
{
    /// <summary>An empty status (no backlog, no alert).</summary>
    public static PanelStatus Empty { get; } = new(0, 0, 0, 0, 0, null, null);
}
