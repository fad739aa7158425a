namespace EdgeGateway.SyncAgent.Outbox;

/// <summary>Protections <c>edgegateway bench</c> switches off to measure what they cost. Never for real readings.</summary>
[Flags]
internal enum BenchBaseline
{
    /// <summary>Everything on: the Outbox as it runs.</summary>
    None = 0,
    /// <summary>No AES-GCM sealing and no LiteDB page encryption.</summary>
    NoEncryption = 1,
    /// <summary>No fsync after commits.</summary>
    NoFsync = 2,
}
