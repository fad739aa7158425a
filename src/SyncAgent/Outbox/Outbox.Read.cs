using LiteDB;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace EdgeGateway.SyncAgent.Outbox;

public sealed partial class Outbox
{
    /// <summary>The newest <paramref name="count"/> readings, newest first (for the live view).</summary>
    public IReadOnlyList<StoredReading> ReadLatest(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var durable = Interlocked.Read(ref _durableRecordId);
        return Open(_records.Query().Where(Query.LTE("_id", durable)).OrderByDescending("_id").Limit(count).ToList());
    }

    /// <summary>
    /// Readings in Outbox order, starting after <paramref name="afterRecordId"/>, at most
    /// <paramref name="limit"/> of them: bounded pages, never the whole file in memory.
    /// </summary>
    public IReadOnlyList<StoredReading> ReadPage(long afterRecordId, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        // Only what is on the disk: a commit whose fsync is still pending (or failed) is not sent.
        var durable = Interlocked.Read(ref _durableRecordId);
        return Open(_records.Query().Where(Query.And(Query.GT("_id", afterRecordId), Query.LTE("_id", durable))).OrderBy("_id").Limit(limit).ToList());
    }

    /// <summary>When the oldest waiting record was stored, or null when none waits.</summary>
    public DateTimeOffset? OldestStoredAt() =>
        _records.Query().OrderBy("_id").Select("t").Limit(1).FirstOrDefault() is { } first
            ? DateTimeOffset.FromUnixTimeMilliseconds(first["t"].AsInt64)
            : null;

    // Never sent, never shown: out of the queue, kept and reported.
    private List<StoredReading> Open(List<BsonDocument> documents) =>
        Open(documents, purpose: null, recordId => _ = QuarantineAsync(recordId));

    /// <summary>
    /// Opens each of <paramref name="documents"/>; one that fails its check is logged and handed to
    /// <paramref name="setAside"/> (by record id), and left out.
    /// </summary>
    private List<StoredReading> Open(List<BsonDocument> documents, byte? purpose, Action<long> setAside)
    {
        var result = new List<StoredReading>(documents.Count);
        foreach (var document in documents)
        {
            if (TryOpenRecord(document, purpose, out var stored))
            {
                result.Add(stored);
            }
            else
            {
                var recordId = document["_id"].AsInt64;
                Log.RecordUnreadable(_logger, recordId, document["k"].AsInt32);
                setAside(recordId);
            }
        }

        return result;
    }

    /// <summary>Opens a sealed record; <paramref name="purpose"/> is its sealing purpose when it is not its record class.</summary>
    private bool TryOpenRecord(BsonDocument document, byte? purpose, out StoredReading stored)
    {
        stored = null!;
        var recordId = document["_id"].AsInt64;
        if (!_sealer.TryOpen(recordId, document["k"].AsInt32, purpose ?? (byte)document["c"].AsInt32, document["p"].AsBinary, out var plaintext))
        {
            return false;
        }

        try
        {
            if (JsonSerializer.Deserialize(plaintext, ReadingJson.Default.Reading) is { } reading)
            {
                stored = new StoredReading(recordId, reading);
                return true;
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Authentic but unreadable (a format this build does not know): treated as unreadable.
        }

        return false;
    }
}
