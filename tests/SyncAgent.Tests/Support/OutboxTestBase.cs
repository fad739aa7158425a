using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using OutboxStore = EdgeGateway.SyncAgent.Outbox.Outbox;

namespace EdgeGateway.SyncAgent.Tests.Support;

/// <summary>A test with its own real data directory and an Outbox opened in it as the gateway opens it.</summary>
public abstract class OutboxTestBase : IDisposable
{
    protected TempDirectory Root { get; } = new();

    protected StorageOptions Options => new() { DataDir = Path.Combine(Root.Path, "data") };

    protected OutboxStore Open() => OutboxStore.Open(Options, NullLogger<OutboxStore>.Instance);

    public void Dispose()
    {
        Root.Dispose();
        GC.SuppressFinalize(this);
    }
}
