namespace EdgeGateway.SyncAgent.Outbox;

/// <summary>One change for the Outbox's single writer; applied inside a group transaction.</summary>
internal abstract class WriteCommand
{
    /// <summary>True when the change stores new data (refused when the disk is full; removals never are).</summary>
    public bool AddsData { get; init; }

    /// <summary>Applies the change to the open transaction (called on the writer thread only).</summary>
    public abstract void Apply(Outbox.WriterScope scope);

    /// <summary>Reports success, after the transaction holding it is on disk.</summary>
    public abstract void Complete();

    /// <summary>Reports that the change was not made.</summary>
    public abstract void Fail(Exception error);
}

/// <summary>A command whose caller awaits a result of type <typeparamref name="T"/>.</summary>
internal sealed class WriteCommand<T>(Func<Outbox.WriterScope, T> apply) : WriteCommand
{
    private readonly TaskCompletionSource<T> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T _result = default!;

    public Task<T> Task => _done.Task;

    public override void Apply(Outbox.WriterScope scope) => _result = apply(scope);

    public override void Complete() => _done.TrySetResult(_result);

    public override void Fail(Exception error) => _done.TrySetException(error);
}
