namespace EdgeGateway.SyncAgent.Outbox;

/// <summary>The Outbox could not open, or could not make a reading durable; nothing was acknowledged.</summary>
public sealed class OutboxException : Exception
{
    /// <summary>Creates the exception.</summary>
    public OutboxException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public OutboxException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception.</summary>
    public OutboxException() { }
}
