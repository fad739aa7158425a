using System.Text;

namespace EdgeGateway.SyncAgent.Outbox;

/// <summary>A record the platform refused, with the platform's reason, kept for a technician.</summary>
/// <param name="RecordId">The record's id (to retry or delete it).</param>
/// <param name="Reading">The reading, or null if it no longer opens (it is listed all the same).</param>
/// <param name="Reason">What the platform said.</param>
/// <param name="At">When it was refused.</param>
public sealed record DeadLetter(long RecordId, DeviceDrivers.Readings.Reading? Reading, string Reason, DateTimeOffset At);

public sealed partial class Outbox
{
    /// <summary>The sealing purpose of a dead letter's reason, apart from every record class.</summary>
    private const byte ReasonPurpose = 0xFE;

    /// <summary>
    /// Moves a record the platform refused (4xx on its entry) to the dead-letter list with the
    /// platform's reason. It is never dropped: a technician retries or deletes it. The reason is
    /// sealed like the payload, as a platform may quote a value in it.
    /// </summary>
    public Task<bool> DeadLetterAsync(long recordId, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return SubmitAsync(scope => scope.Move(_records, _deadLetters, recordId, document =>
        {
            document["rk"] = _sealer.CurrentKeyId;
            document["r"] = _sealer.Seal(recordId, ReasonPurpose, Encoding.UTF8.GetBytes(reason));
            document["dt"] = scope.Now.ToUnixTimeMilliseconds();
        }) is not null, cancellationToken);
    }

    /// <summary>Puts a dead letter back in the queue (audited); it keeps its id and so its place in order.</summary>
    public Task<bool> RetryDeadLetterAsync(long recordId, string actor, CancellationToken cancellationToken = default) =>
        SubmitAsync(scope =>
        {
            var moved = scope.Move(_deadLetters, _records, recordId, document =>
            {
                document.Remove("r");
                document.Remove("rk");
                document.Remove("dt");
            });
            if (moved is not null)
            {
                scope.Audit("dead-letter-retry", recordId, actor);
            }

            return moved is not null;
        }, cancellationToken);

    /// <summary>Deletes a dead letter for good, leaving an audit entry of who did it and when.</summary>
    public Task<bool> DeleteDeadLetterAsync(long recordId, string actor, CancellationToken cancellationToken = default) =>
        SubmitAsync(scope =>
        {
            if (!scope.Remove(_deadLetters, recordId))
            {
                return false;
            }

            scope.Audit("dead-letter-delete", recordId, actor);
            return true;
        }, cancellationToken);

    /// <summary>The dead-letter list, oldest first, at most <paramref name="limit"/> entries.</summary>
    public IReadOnlyList<DeadLetter> ReadDeadLetters(int limit)
    {
        var result = new List<DeadLetter>();
        foreach (var document in _deadLetters.Query().OrderBy("_id").Limit(limit).ToList())
        {
            var id = document["_id"].AsInt64;
            var reason = _sealer.TryOpen(id, document["rk"].AsInt32, ReasonPurpose, document["r"].AsBinary, out var text)
                ? Encoding.UTF8.GetString(text)
                : "(reason unreadable)";
            var reading = TryOpenRecord(document, purpose: null, out var stored) ? stored.Reading : null;
            result.Add(new DeadLetter(id, reading, reason, DateTimeOffset.FromUnixTimeMilliseconds(document["dt"].AsInt64)));
        }

        return result;
    }

    /// <summary>
    /// Records an action on the gateway itself (a consultation opened or closed) in the audit
    /// trail: when, what, who — nothing about the patient.
    /// </summary>
    public Task AuditAsync(string action, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return SubmitAsync(scope =>
        {
            scope.Audit(action, 0, actor);
            return true;
        }, cancellationToken);
    }

    /// <summary>The audit trail of technicians' actions on records, oldest first.</summary>
    public IReadOnlyList<(DateTimeOffset At, string Action, long RecordId, string Actor)> ReadAudit(int limit) =>
        [.. _audit.Query().Limit(limit).ToList().Select(d => (
            DateTimeOffset.FromUnixTimeMilliseconds(d["at"].AsInt64), d["action"].AsString, d["record"].AsInt64, d["actor"].AsString))];

    /// <summary>Moves a record whose integrity check failed out of the queue: it is never sent.</summary>
    private Task<bool> QuarantineAsync(long recordId) =>
        SubmitAsync(scope => scope.Move(_records, _quarantine, recordId, document => document["qt"] = scope.Now.ToUnixTimeMilliseconds()) is not null,
            CancellationToken.None);
}
