using System.Threading.Channels;
using EdgeGateway.DeviceDrivers.Readings;
using LiteDB;
using JsonSerializer = System.Text.Json.JsonSerializer;

namespace EdgeGateway.SyncAgent.Outbox;

public sealed partial class Outbox
{
    /// <summary>How many changes may wait for the writer before callers wait too (back-pressure).</summary>
    private const int MaxQueuedCommands = 8192;

    /// <summary>
    /// How many changes one commit (and one fsync) covers at most. Measured on LiteDB 5.0.21:
    /// groups of 50–200 reach 20–30k readings/s against ~2.5k with one fsync per reading.
    /// </summary>
    private const int MaxGroup = 256;

    /// <summary>The log size past which the writer folds it into the data file.</summary>
    private const long CheckpointLogBytes = 4L << 20;

    /// <summary>
    /// Makes <paramref name="reading"/> durable: returns its record id once the commit holding it
    /// is on the disk (fsynced). Until then it must not be shown or acknowledged. Throws
    /// <see cref="OutboxException"/> when the commit failed (the reading is then not stored).
    /// </summary>
    /// <remarks>
    /// <paramref name="delivery"/> decides its place: readings of an open consultation go to the
    /// platform before the routine backlog, diagnostics last; <see cref="Delivery.Live"/> also queues
    /// a copy for the national MQTT broker, stored in the same transaction.
    /// </remarks>
    public Task<long> AppendAsync(Reading reading, RecordClass recordClass = RecordClass.Clinical, Delivery delivery = Delivery.Routine,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reading);
        return SubmitAsync(scope => scope.Insert(reading, recordClass, delivery), cancellationToken, addsData: true);
    }

    /// <summary>Removes live copies the national broker acknowledged (PUBACK); returns how many were still there.</summary>
    public Task<int> AcknowledgeLiveAsync(IReadOnlyCollection<long> recordIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recordIds);
        return SubmitAsync(scope => scope.DeleteLive(recordIds), cancellationToken);
    }

    /// <summary>Removes records the platform acknowledged; returns how many were still there.</summary>
    public Task<int> AcknowledgeAsync(IReadOnlyCollection<long> recordIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recordIds);
        return SubmitAsync(scope => scope.Delete(recordIds), cancellationToken);
    }

    private async Task<T> SubmitAsync<T>(Func<WriterScope, T> apply, CancellationToken cancellationToken, bool addsData = false)
    {
        var command = new WriteCommand<T>(apply) { AddsData = addsData };
        try
        {
            await _commands.Writer.WriteAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException ex)
        {
            throw new OutboxException("the Outbox is closing and accepts no more changes", ex);
        }

        return await command.Task.ConfigureAwait(false);
    }

    private async Task WriteLoopAsync()
    {
        var group = new List<WriteCommand>(MaxGroup);
        var reader = _commands.Reader;
        var scope = new WriterScope(this);
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (group.Count < MaxGroup && reader.TryRead(out var next))
            {
                group.Add(next);
            }

            try
            {
                if (_fault is { } fault)
                {
                    FailAll(group, fault);
                }
                else if (RefuseAppendsIfDiskFull(group) && group.Count == 0)
                {
                    // Only appends were queued, and all were refused.
                }
                else if (!TryCommit(group, scope) && group.Count > 1 && _fault is null)
                {
                    // One bad change must not sink the others queued with it: try each on its own.
                    foreach (var command in group)
                    {
                        TryCommit([command], scope);
                    }
                }

                CheckpointIfLogIsLarge();
                EnforceQuota(scope);
                ExpireNonClinical(scope);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // The writer must outlive anything: a dead writer would leave every caller waiting.
                SetFault(ex);
                FailAll(group, _fault!);
            }

            group.Clear();
        }
    }

    /// <summary>Commits <paramref name="group"/> as one transaction; a lone change that fails is reported failed.</summary>
    private bool TryCommit(List<WriteCommand> group, WriterScope scope)
    {
        scope.Begin();
        try
        {
            _database.BeginTrans();
            foreach (var command in group)
            {
                command.Apply(scope);
            }

            scope.BeforeCommit();
            _database.Commit();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            TryRollback();
            Log.CommitFailed(_logger, group.Count, ex);
            if (IsStorageFailure(ex))
            {
                // LiteDB closes itself after an I/O error: nothing more can be committed.
                SetFault(ex);
                FailAll(group, _fault!);
                return true;
            }

            if (group.Count == 1)
            {
                group[0].Fail(new OutboxException($"the Outbox could not store the change: {ex.Message}", ex));
            }

            return false;
        }

        // Committed to LiteDB: its ids are taken whatever happens next.
        scope.Publish();
        try
        {
            // One fsync of the log for the whole group: the commit is on the device before any
            // change in it is reported done.
            if (!_skipFsync)
            {
                _logFile.SyncToDisk();
            }

            // Readers (the uplink, the live view) see a record only once it is on the disk, and are
            // woken only then: woken earlier, they would find nothing and sleep past it.
            Interlocked.Exchange(ref _durableRecordId, _lastRecordId);
            if (scope.AddedRecords)
            {
                SignalAppended();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // After a failed fsync the kernel may have dropped the dirty pages: nothing written since
            // the last good fsync can be trusted, and no later commit can be acknowledged honestly.
            SetFault(ex);
            FailAll(group, _fault!);
            return true;
        }

        foreach (var command in group)
        {
            command.Complete();
        }

        return true;
    }

    /// <summary>
    /// Below the reserve of free space, new readings are refused before LiteDB writes anything (an
    /// ENOSPC inside LiteDB closes it); removals and acknowledgements still go through, so the
    /// backlog can drain and make room. Returns true when it removed appends from the group.
    /// </summary>
    private bool RefuseAppendsIfDiskFull(List<WriteCommand> group)
    {
        if (!group.Exists(c => c.AddsData))
        {
            return false;
        }

        long free;
        try
        {
            free = new DriveInfo(_dataDir).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }

        if (free >= _reserveBytes)
        {
            return false;
        }

        var error = new OutboxException(
            $"the disk holding the Outbox is full ({free} bytes free, {_reserveBytes} kept in reserve): new readings are refused; everything already stored is kept");
        Log.DiskFull(_logger, free, _reserveBytes);
        foreach (var command in group.Where(c => c.AddsData))
        {
            command.Fail(error);
        }

        group.RemoveAll(c => c.AddsData);
        return true;
    }

    /// <summary>
    /// The written eviction policy: past <c>Storage:MaxBytes</c>, non-clinical records (diagnostics,
    /// test data) go first, oldest first. Clinical readings are never evicted: when only they remain
    /// over the quota, the gateway raises an alert and keeps accepting them.
    /// </summary>
    private void EnforceQuota(WriterScope scope)
    {
        while (StoredBytes > _maxBytes && _fault is null)
        {
            var evict = new WriteCommand<int>(s => s.EvictNonClinical(MaxGroup));
            TryCommit([evict], scope);
            if (evict.Task is not { IsCompletedSuccessfully: true, Result: > 0 } evicted)
            {
                break;
            }

            Interlocked.Add(ref _evicted, evicted.Result);
            Log.Evicted(_logger, evicted.Result, StoredBytes, _maxBytes);
        }

        var exceeded = StoredBytes > _maxBytes;
        if (exceeded != _quotaExceeded)
        {
            _quotaExceeded = exceeded;
            if (exceeded)
            {
                Log.QuotaExceeded(_logger, StoredBytes, _maxBytes);
            }
            else
            {
                Log.QuotaCleared(_logger, StoredBytes, _maxBytes);
            }
        }
    }

    /// <summary>
    /// Non-clinical records older than <c>Storage:DiagnosticRetention</c> expire (looked at once a
    /// minute at most, oldest first). Clinical readings never expire.
    /// </summary>
    private void ExpireNonClinical(WriterScope scope)
    {
        var now = _time.GetUtcNow();
        if (now < _nextExpiryCheck || _fault is not null)
        {
            return;
        }

        _nextExpiryCheck = now + TimeSpan.FromMinutes(1);
        TryCommit([new WriteCommand<int>(s => s.ForgetSeen((now - SeenRetention).UtcDateTime))], scope);
        var cutoff = (now - _diagnosticRetention).ToUnixTimeMilliseconds();
        while (_fault is null)
        {
            var expire = new WriteCommand<int>(s => s.ExpireNonClinical(cutoff, MaxGroup));
            TryCommit([expire], scope);
            if (expire.Task is not { IsCompletedSuccessfully: true, Result: > 0 } expired)
            {
                break;
            }

            Interlocked.Add(ref _expired, expired.Result);
            Log.Expired(_logger, expired.Result, _diagnosticRetention);
        }
    }

    private static bool IsStorageFailure(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
            {
                return true;
            }
        }

        return false;
    }

    private void SetFault(Exception ex)
    {
        if (_fault is null)
        {
            _fault = $"the Outbox's storage failed ({ex.Message}); check the disk and restart the gateway";
            Log.Faulted(_logger, ex);
        }
    }

    private static void FailAll(List<WriteCommand> group, string fault)
    {
        var error = new OutboxException($"not stored: {fault}");
        foreach (var command in group)
        {
            command.Fail(error);
        }
    }

    private void TryRollback()
    {
        try
        {
            _database.Rollback();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The transaction is gone with the failed write; nothing was acknowledged.
            Log.RollbackFailed(_logger, ex);
        }
    }

    private void CheckpointIfLogIsLarge()
    {
        // Small and often, even under load: a checkpoint of 4 MiB stalls the writer ~10 ms, one of
        // 16 MiB ~40 ms (measured), and every acknowledgement queued behind it waits that long.
        if (_logFile.Length < CheckpointLogBytes)
        {
            return;
        }

        try
        {
            _database.Checkpoint();
            _dataFile.SyncToDisk();
            Interlocked.Increment(ref _checkpoints);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The log still holds every commit; the next checkpoint tries again.
            Log.CheckpointFailed(_logger, ex);
        }
    }

    /// <summary>
    /// The writer's view of one group transaction: assigns record ids, seals payloads, tracks the
    /// counters' changes, and publishes them only once the commit is on disk.
    /// </summary>
    internal sealed partial class WriterScope(Outbox outbox)
    {
        private long _nextId;
        private long _bytes;
        private long _records;
        private long _deadLetters;
        private long _quarantined;
        private long _live;

        public Outbox Outbox => outbox;

        /// <summary>True when the last published transaction stored new records (readers are woken once it is on disk).</summary>
        public bool AddedRecords { get; private set; }

        public DateTimeOffset Now { get; private set; }

        public void Begin()
        {
            _newKeys.Clear();
            _nextId = outbox._lastRecordId + 1;
            _records = _deadLetters = _quarantined = _live = _bytes = 0;
            Now = outbox._time.GetUtcNow();
        }

        /// <summary>Persists the highest id handed out, so ids are never reused once their records are gone.</summary>
        public void BeforeCommit()
        {
            StoreNewKeys();
            if (_nextId - 1 > outbox._lastRecordId)
            {
                outbox._meta.Upsert(new BsonDocument { ["_id"] = LastIdKey, ["v"] = _nextId - 1 });
            }

            if (_bytes != 0)
            {
                outbox._meta.Upsert(new BsonDocument { ["_id"] = StoredBytesKey, ["v"] = outbox.StoredBytes + _bytes });
            }

            if (_records != 0 || _deadLetters != 0 || _quarantined != 0 || _live != 0)
            {
                outbox._meta.Upsert(CountsDocument(outbox.Count + _records, outbox.DeadLetterCount + _deadLetters,
                    outbox.QuarantineCount + _quarantined, outbox.LiveCount + _live));
            }
        }

        public void Publish()
        {
            // Only now are the transaction's readings, and so their keys, stored.
            foreach (var key in _newKeys)
            {
                outbox._seenKeys.Add((ulong)key);
            }

            _newKeys.Clear();
            outbox._lastRecordId = _nextId - 1;
            Interlocked.Add(ref outbox._count, _records);
            Interlocked.Add(ref outbox._storedBytes, _bytes);
            AddedRecords = _records > 0;

            Interlocked.Add(ref outbox._deadLetterCount, _deadLetters);
            Interlocked.Add(ref outbox._quarantineCount, _quarantined);
            Interlocked.Add(ref outbox._liveCount, _live);
        }

        public long Insert(Reading reading, RecordClass recordClass, Delivery delivery)
        {
            var id = _nextId++;
            var plaintext = JsonSerializer.SerializeToUtf8Bytes(reading, ReadingJson.Default.Reading);
            var payload = outbox._sealer.Seal(id, (byte)recordClass, plaintext);
            var size = payload.Length + RecordOverheadBytes;
            outbox._records.Insert(new BsonDocument
            {
                ["_id"] = id,
                ["k"] = outbox._sealer.CurrentKeyId,
                ["c"] = (int)recordClass,
                ["o"] = QueueKey(PriorityOf(recordClass, delivery), id),
                ["t"] = Now.ToUnixTimeMilliseconds(),
                ["s"] = size,
                ["p"] = payload,
            });
            _records++;
            _bytes += size;
            if (delivery.HasFlag(Delivery.Live))
            {
                // Its own copy, sealed for its own purpose: each queue lets go of it on its own acknowledgement.
                var live = outbox._sealer.Seal(id, LivePurpose, plaintext);
                outbox._live.Insert(new BsonDocument
                {
                    ["_id"] = id,
                    ["k"] = outbox._sealer.CurrentKeyId,
                    ["c"] = (int)recordClass,
                    ["t"] = Now.ToUnixTimeMilliseconds(),
                    ["s"] = live.Length + RecordOverheadBytes,
                    ["p"] = live,
                });
                _live++;
                _bytes += live.Length + RecordOverheadBytes;
            }

            return id;
        }

        public int Delete(IReadOnlyCollection<long> ids)
        {
            var deleted = 0;
            foreach (var id in ids)
            {
                if (Remove(outbox._records, id))
                {
                    deleted++;
                }
            }

            return deleted;
        }

        /// <summary>Deletes a record from <paramref name="collection"/>, keeping the counters and the stored bytes right.</summary>
        public bool Remove(ILiteCollection<BsonDocument> collection, long id)
        {
            if (collection.FindById(id) is not { } found || !collection.Delete(id))
            {
                return false;
            }

            var size = found["s"].IsInt32 ? found["s"].AsInt32 : RecordOverheadBytes;
            _bytes -= size;
            Count(collection, -1);
            return true;
        }

        /// <summary>Evicts up to <paramref name="limit"/> non-clinical records, oldest first; returns how many.</summary>
        public int EvictNonClinical(int limit)
        {
            var ids = outbox._records.Query().Where(Query.GTE("o", QueueKey(Priority.Diagnostic, 0))).OrderBy("o")
                .Select("_id").Limit(limit).ToList().ConvertAll(d => d["_id"].AsInt64);
            // A live copy goes with its record: nothing of an evicted record is kept.
            DeleteLive(ids);
            return Delete(ids);
        }

        /// <summary>Removes up to <paramref name="limit"/> non-clinical records stored before <paramref name="cutoffMs"/>, oldest first.</summary>
        public int ExpireNonClinical(long cutoffMs, int limit)
        {
            // Diagnostics sit at the end of the queue index, oldest first: stop at the first young one.
            var ids = new List<long>(limit);
            foreach (var document in outbox._records.Query().Where(Query.GTE("o", QueueKey(Priority.Diagnostic, 0))).OrderBy("o")
                         .Select("{ _id, t }").Limit(limit).ToEnumerable())
            {
                if (document["t"].AsInt64 >= cutoffMs)
                {
                    break;
                }

                ids.Add(document["_id"].AsInt64);
            }

            DeleteLive(ids);
            return Delete(ids);
        }

        /// <summary>Removes live copies the broker acknowledged (or refused for good); returns how many were there.</summary>
        public int DeleteLive(IReadOnlyCollection<long> ids) => ids.Count(id => Remove(outbox._live, id));

        /// <summary>Moves a record between collections, keeping its id, key and sealed payload.</summary>
        public BsonDocument? Move(ILiteCollection<BsonDocument> from, ILiteCollection<BsonDocument> to, long id, Action<BsonDocument>? amend = null)
        {
            var document = from.FindById(id);
            if (document is null)
            {
                return null;
            }

            amend?.Invoke(document);
            from.Delete(id);
            to.Insert(document);
            Count(from, -1);
            Count(to, +1);
            return document;
        }

        public void Audit(string action, long recordId, string actor)
        {
            outbox._audit.Insert(new BsonDocument
            {
                ["at"] = Now.ToUnixTimeMilliseconds(),
                ["action"] = action,
                ["record"] = recordId,
                ["actor"] = actor,
            });
        }

        private void Count(ILiteCollection<BsonDocument> collection, int delta)
        {
            if (ReferenceEquals(collection, outbox._records)) _records += delta;
            else if (ReferenceEquals(collection, outbox._deadLetters)) _deadLetters += delta;
            else if (ReferenceEquals(collection, outbox._quarantine)) _quarantined += delta;
            else if (ReferenceEquals(collection, outbox._live)) _live += delta;
        }
    }
}
