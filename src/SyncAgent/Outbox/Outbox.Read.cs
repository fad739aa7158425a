using LiteDB;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace EdgeGateway.SyncAgent.Outbox;

public sealed partial class Outbox
{
    /// <summary>The newest <paramref name="count"/> readings, newest first (for the panel).</summary>
    public IReadOnlyList<StoredReading> ReadLatest(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var documents = _records.Query().OrderByDescending("_id").Limit(count).ToList();
        return Open(documents);
    }

    /// <summary>
    /// Readings in Outbox order, starting after <paramref name="afterRecordId"/>, at most
    /// <paramref name="limit"/> of them: bounded pages, never the whole file in memory.
    /// </summary>
    public IReadOnlyList<StoredReading> ReadPage(long afterRecordId, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var documents = _records.Query().Where(Query.GT("_id", afterRecordId)).OrderBy("_id").Limit(limit).ToList();
        return Open(documents);
    }

    private List<StoredReading> Open(List<BsonDocument> documents)
    {
        var result = new List<StoredReading>(documents.Count);
        foreach (var document in documents)
        {
            var recordId = document["_id"].AsInt64;
            var keyId = document["k"].AsInt32;
            if (!_sealer.TryOpen(recordId, keyId, document["p"].AsBinary, out var plaintext))
            {
                // A record whose tag fails is never sent; quarantine and repair are the Outbox's next step.
                Log.RecordUnreadable(_logger, recordId, keyId);
                continue;
            }

            var reading = JsonSerializer.Deserialize(plaintext, ReadingJson.Default.Reading);
            if (reading is not null)
            {
                result.Add(new StoredReading(recordId, reading));
            }
        }

        return result;
    }
}
