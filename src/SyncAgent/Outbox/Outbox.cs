using System.Threading.Channels;
using LiteDB;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.SyncAgent.Outbox;

/// <summary>
/// The durable, encrypted buffer every Reading enters before anything may show or acknowledge
/// it, and leaves only once the platform acknowledged it (or a technician deleted it). It is the
/// only writer of its LiteDB file: one database per process, one writer task fed by a channel,
/// every change committed in groups with one fsync per group. Each record's payload is sealed
/// with AES-256-GCM (<see cref="Crypto.RecordSealer"/>); LiteDB's page encryption is an outer layer.
/// </summary>
public sealed partial class Outbox : IAsyncDisposable
{
    /// <summary>The database file name inside the data directory.</summary>
    public const string DatabaseFileName = "outbox.db";

    /// <summary>LiteDB's write-ahead log file name inside the data directory.</summary>
    public const string LogFileName = "outbox-log.db";

    private const string RecordsCollection = "records";
    private const string DeadLettersCollection = "deadletters";
    private const string QuarantineCollection = "quarantine";
    private const string AuditCollection = "audit";
    private const string LiveCollection = "live";
    private const string MetaCollection = "meta";
    private const string LastIdKey = "last-record-id";
    private const string StoredBytesKey = "stored-bytes";
    private const string CountsKey = "counts";

    /// <summary>What a record costs LiteDB beyond its payload (document header, index entry), for the quota.</summary>
    private const int RecordOverheadBytes = 160;

    private readonly LiteDatabase _database;
    private readonly ILiteCollection<BsonDocument> _records;
    private readonly ILiteCollection<BsonDocument> _deadLetters;
    private readonly ILiteCollection<BsonDocument> _quarantine;
    private readonly ILiteCollection<BsonDocument> _audit;
    private readonly ILiteCollection<BsonDocument> _live;
    private readonly ILiteCollection<BsonDocument> _meta;
    private readonly ILiteCollection<BsonDocument> _seen;
    private readonly HashSet<ulong> _seenKeys;
    private readonly ILiteCollection<BsonDocument> _devices;
    private readonly SyncedFileStream _dataFile;
    private readonly SyncedFileStream _logFile;
    private readonly Crypto.RecordSealer _sealer;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<WriteCommand> _commands;
    private readonly Task _writer;
    private long _lastRecordId;
    private long _durableRecordId;
    private long _count;
    private long _deadLetterCount;
    private long _quarantineCount;
    private long _liveCount;
    private long _checkpoints;
    private volatile string? _fault;
    private bool _skipFsync;
    private readonly string _dataDir;
    private readonly long _maxBytes;
    private readonly TimeSpan _diagnosticRetention;
    private DateTimeOffset _nextExpiryCheck;
    private long _expired;
    private readonly long _reserveBytes;
    private long _storedBytes;
    private long _evicted;
    private volatile bool _quotaExceeded;
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private Outbox(OutboxFiles files, StorageOptions options, Crypto.RecordSealer sealer, TimeProvider time, ILogger logger, string? movedAsideTo)
    {
        _dataDir = Path.GetFullPath(options.DataDir);
        _maxBytes = options.MaxBytes;
        _diagnosticRetention = options.DiagnosticRetention;
        _reserveBytes = options.ReserveBytes;
        _database = files.Database;
        _dataFile = files.Data;
        _logFile = files.Log;
        _sealer = sealer;
        _time = time;
        _logger = logger;
        MovedAsideTo = movedAsideTo;

        // Collections are created at start, never by a first write racing another (LiteDB #2504).
        _records = _database.GetCollection(RecordsCollection);
        _deadLetters = _database.GetCollection(DeadLettersCollection);
        _quarantine = _database.GetCollection(QuarantineCollection);
        _audit = _database.GetCollection(AuditCollection);
        _live = _database.GetCollection(LiveCollection);
        _meta = _database.GetCollection(MetaCollection);
        _seen = _database.GetCollection(SeenCollection);
        _seenKeys = LoadSeenKeys(_seen);
        _devices = _database.GetCollection(DevicesCollection);
        _lastRecordId = Math.Max(
            _meta.FindById(LastIdKey)?["v"].AsInt64 ?? 0,
            Math.Max(Math.Max(LastId(_records), LastId(_deadLetters)), Math.Max(LastId(_quarantine), LastId(_live))));
        _durableRecordId = _lastRecordId;
        _storedBytes = _meta.FindById(StoredBytesKey)?["v"].AsInt64 ?? 0;
        // The queue's order: priority first, then record id (so per device, oldest first).
        _records.EnsureIndex("o");
        _records.DropIndex("c");
        AddMissingQueueKeys(_database, _records, _deadLetters);
        // Counted as they change, in the same transactions: counting a million records at start
        // reads every index page into LiteDB's cache, which never gives memory back (+110 MB, measured).
        if (_meta.FindById(CountsKey) is { } counts)
        {
            _count = counts["records"].AsInt64;
            _deadLetterCount = counts["deadletters"].AsInt64;
            _quarantineCount = counts["quarantine"].AsInt64;
            _liveCount = counts["live"].AsInt64;
        }
        else
        {
            // A file from before the counts were kept: count once, and keep them from now on.
            _count = _records.LongCount();
            _deadLetterCount = _deadLetters.LongCount();
            _quarantineCount = _quarantine.LongCount();
            _liveCount = _live.LongCount();
            _meta.Upsert(CountsDocument(_count, _deadLetterCount, _quarantineCount, _liveCount));
        }
        _commands = Channel.CreateBounded<WriteCommand>(new BoundedChannelOptions(MaxQueuedCommands)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = Task.Factory.StartNew(WriteLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Non-clinical records expired (past <c>Storage:DiagnosticRetention</c>) since start.</summary>
    public long Expired => Interlocked.Read(ref _expired);

    /// <summary>Live copies waiting for the national MQTT broker's acknowledgement.</summary>
    public long LiveCount => Interlocked.Read(ref _liveCount);

    /// <summary>Records waiting for the platform.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Records the platform refused, waiting for a technician.</summary>
    public long DeadLetterCount => Interlocked.Read(ref _deadLetterCount);

    /// <summary>Records that failed their integrity check; never sent.</summary>
    public long QuarantineCount => Interlocked.Read(ref _quarantineCount);

    /// <summary>Checkpoints run since open (the log folded into the data file).</summary>
    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>The size of LiteDB's log file now, in bytes.</summary>
    public long LogBytes => _logFile.Length;

    /// <summary>The size of both files now, in bytes.</summary>
    public long FileBytes => _dataFile.Length + _logFile.Length;

    /// <summary>Bytes the stored records take, as the quota counts them (payload plus a fixed overhead each).</summary>
    public long StoredBytes => Interlocked.Read(ref _storedBytes);

    /// <summary>Non-clinical records evicted for the quota since open.</summary>
    public long Evicted => Interlocked.Read(ref _evicted);

    /// <summary>
    /// True while the quota is exceeded by clinical readings alone: nothing more can be evicted, the
    /// gateway keeps accepting clinical data and says so (log, metrics, panel).
    /// </summary>
    public bool QuotaExceeded => _quotaExceeded;

    /// <summary>
    /// Why the Outbox stopped accepting changes (its storage failed to make a commit durable), or
    /// null while it works. Once set, every change is refused with this reason until a restart.
    /// </summary>
    public string? Fault => _fault;

    /// <summary>
    /// Where an unreadable database was moved at open (kept for recovery), or null. The gateway
    /// shows this as an alert until a technician has dealt with it.
    /// </summary>
    public string? MovedAsideTo { get; }

    /// <summary>
    /// A task that completes at the next commit that adds records. Take it before reading, then wait
    /// on it when the read found nothing: no append can slip between the two.
    /// </summary>
    public Task WhenAppended => Volatile.Read(ref _appended).Task;

    private void SignalAppended() =>
        Interlocked.Exchange(ref _appended, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private static BsonDocument CountsDocument(long records, long deadLetters, long quarantine, long live) => new()
    {
        ["_id"] = CountsKey,
        ["records"] = records,
        ["deadletters"] = deadLetters,
        ["quarantine"] = quarantine,
        ["live"] = live,
    };

    /// <summary>
    /// Records written before the queue had priorities have no queue key, which LiteDB would sort
    /// first, as if they were a consultation's: they get the key of their class (routine or
    /// diagnostic), in one transaction, before anything reads the queue.
    /// </summary>
    private static void AddMissingQueueKeys(LiteDatabase database, params ILiteCollection<BsonDocument>[] collections)
    {
        if (!collections.Any(c => c.Exists(Query.EQ("o", BsonValue.Null))))
        {
            return;
        }

        database.BeginTrans();
        foreach (var collection in collections)
        {
            foreach (var document in collection.Find(Query.EQ("o", BsonValue.Null)).ToList())
            {
                var recordClass = (RecordClass)document["c"].AsInt32;
                document["o"] = QueueKey(PriorityOf(recordClass, Delivery.Routine), document["_id"].AsInt64);
                collection.Update(document);
            }
        }

        database.Commit();
    }

    private static long LastId(ILiteCollection<BsonDocument> collection) =>
        collection.Query().OrderByDescending("_id").Select("_id").Limit(1).FirstOrDefault() is { } last ? last["_id"].AsInt64 : 0;

    /// <summary>Stops accepting, commits what is queued, and closes the files.</summary>
    public async ValueTask DisposeAsync()
    {
        _commands.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        _database.Dispose();
        _logFile.Dispose();
        _dataFile.Dispose();
        _sealer.Dispose();
    }
}
