namespace EdgeGateway.SyncAgent.Uplink.Fhir;

/// <summary>What the platform did with a batch.</summary>
/// <param name="Acknowledged">Records the platform holds now (created, or already there): they leave the Outbox.</param>
/// <param name="Refused">Records the platform refused (4xx naming them), with its reason: they go to the dead-letter list.</param>
/// <param name="Failure">Why the rest was not delivered (platform down, 5xx, timeout), or null when nothing is left.</param>
/// <param name="RetryAfter">How long the platform asked us to wait, when it said.</param>
/// <param name="NoRoute">True when not even a connection could be opened (link down, name unknown, refused):
/// the worker then probes the link rather than waiting out a long backoff.</param>
public sealed record UplinkResult(
    IReadOnlyList<long> Acknowledged,
    IReadOnlyList<(long RecordId, string Reason)> Refused,
    string? Failure,
    TimeSpan? RetryAfter = null,
    bool NoRoute = false);
