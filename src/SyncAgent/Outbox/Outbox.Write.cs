using System.Threading.Channels;
using EdgeGateway.DeviceDrivers.Readings;
using LiteDB;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace EdgeGateway.SyncAgent.Outbox;

public sealed partial class Outbox
{
    /// <summary>How many appends may wait for the writer before callers wait too (back-pressure).</summary>
    private const int MaxQueuedAppends = 8192;

    /// <summary>
    /// How many readings one commit (and one fsync) covers at most. Measured on LiteDB 5.0.21:
    /// groups of 50–200 reach 20–30k readings/s against ~2.5k with one fsync per reading.
    /// </summary>
    private const int MaxGroup = 256;

    private readonly record struct PendingAppend(Reading Reading, RecordClass Class, TaskCompletionSource<long> Done);

    /// <summary>
    /// Makes <paramref name="reading"/> durable: returns its record id once the commit holding it
    /// is on the disk (fsynced). Until then it must not be shown or acknowledged. Throws
    /// <see cref="OutboxException"/> when the commit failed (the reading is then not stored).
    /// </summary>
    public async ValueTask<long> AppendAsync(Reading reading, RecordClass recordClass = RecordClass.Clinical, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await _appends.Writer.WriteAsync(new PendingAppend(reading, recordClass, done), cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw new OutboxException("the Outbox is closing and accepts no more readings", ex);
        }

        return await done.Task.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<PendingAppend>(MaxGroup);
        var reader = _appends.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (group.Count < MaxGroup && reader.TryRead(out var next))
            {
                group.Add(next);
            }

            CommitGroup(group);
            group.Clear();
        }
    }

    private void CommitGroup(List<PendingAppend> group)
    {
        var firstId = _lastRecordId + 1;
        try
        {
            // The whole group is one transaction, then one fsync of the log: the commit record
            // is on the device before any reading in it is acknowledged.
            _database.BeginTrans();
            var id = firstId;
            foreach (var append in group)
            {
                _records.Insert(Seal(id++, append));
            }

            _database.Commit();
            _logFile.SyncToDisk();
        }
        catch (Exception ex) when (ex is LiteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            _database.Rollback();
            Log.CommitFailed(_logger, group.Count, ex);
            var failure = new OutboxException($"the Outbox could not store {group.Count} reading(s): {ex.Message}", ex);
            foreach (var append in group)
            {
                append.Done.TrySetException(failure);
            }

            return;
        }

        _lastRecordId = firstId + group.Count - 1;
        Interlocked.Add(ref _count, group.Count);
        for (var i = 0; i < group.Count; i++)
        {
            group[i].Done.TrySetResult(firstId + i);
        }
    }

    private BsonDocument Seal(long recordId, PendingAppend append)
    {
        var plaintext = JsonSerializer.SerializeToUtf8Bytes(append.Reading, ReadingJson.Default.Reading);
        return new BsonDocument
        {
            ["_id"] = recordId,
            ["k"] = _sealer.CurrentKeyId,
            ["c"] = (int)append.Class,
            ["p"] = _sealer.Seal(recordId, plaintext),
        };
    }
}
