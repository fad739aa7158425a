using LiteDB;

namespace EdgeGateway.SyncAgent.Outbox;

public sealed partial class Outbox
{
    /// <summary>The sealing purpose of a live copy, apart from every record class and dead-letter reason.</summary>
    private const byte LivePurpose = 0xFD;

    /// <summary>Record ids stay below 2^48 (a million readings a day for 770 years); the priority sits above.</summary>
    private const int PriorityShift = 48;

    /// <summary>The order in which the platform receives what waits, highest first.</summary>
    internal enum Priority
    {
        /// <summary>Readings of an open consultation: the specialist is waiting for them.</summary>
        Consultation = 0,
        /// <summary>Routine clinical readings.</summary>
        Routine = 1,
        /// <summary>Diagnostics and test data: last, and the first to go under quota pressure.</summary>
        Diagnostic = 2,
    }

    /// <summary>
    /// The next records for the platform, at most <paramref name="limit"/>: readings of an open
    /// consultation first, then routine readings, then diagnostics; within each, in Outbox order
    /// (so each device's readings stay in the order they were taken). With
    /// <paramref name="consultationOnly"/> (a video consultation holds the link) the backlog waits.
    /// Only records already on the disk are returned.
    /// </summary>
    public IReadOnlyList<StoredReading> ReadNext(int limit, bool consultationOnly = false)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var durable = Interlocked.Read(ref _durableRecordId);
        var query = consultationOnly
            ? _records.Query().Where(Query.LT("o", QueueKey(Priority.Routine, 0)))
            : _records.Query();

        // Ordered by the queue index alone (a second condition on _id would make LiteDB sort the
        // whole collection); the few records whose fsync is pending are left out afterwards.
        return Open(query.OrderBy("o").Limit(limit).ToList().FindAll(d => d["_id"].AsInt64 <= durable));
    }

    /// <summary>True when readings of an open consultation wait for the platform.</summary>
    public bool HasConsultationReadings() =>
        _records.Exists(Query.LT("o", QueueKey(Priority.Routine, 0)));

    /// <summary>Live copies for the national broker, oldest first, at most <paramref name="limit"/>; only what is on the disk.</summary>
    public IReadOnlyList<StoredReading> ReadLive(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var durable = Interlocked.Read(ref _durableRecordId);
        var documents = _live.Query().Where(Query.LTE("_id", durable)).OrderBy("_id").Limit(limit).ToList();

        // A live copy that fails its check is never published; the reading itself still goes to
        // the platform by FHIR from its own record.
        return Open(documents, LivePurpose, recordId => _ = SubmitAsync(scope => scope.DeleteLive([recordId]), CancellationToken.None));
    }

    private static long QueueKey(Priority priority, long recordId) => ((long)priority << PriorityShift) | recordId;

    private static Priority PriorityOf(RecordClass recordClass, Delivery delivery) =>
        recordClass != RecordClass.Clinical ? Priority.Diagnostic
        : delivery.HasFlag(Delivery.Consultation) ? Priority.Consultation
        : Priority.Routine;
}
