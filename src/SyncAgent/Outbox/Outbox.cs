using System.Threading.Channels;
using EdgeGateway.SyncAgent.Crypto;
using LiteDB;
using LiteDB.Engine;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.SyncAgent.Outbox;

/// <summary>
/// The durable, encrypted buffer every Reading enters before anything may show or acknowledge
/// it, and leaves only once the platform acknowledged it. It is the only writer of its LiteDB
/// file: one database per process, one writer task, readings committed in groups with one fsync
/// per group. Each record's payload is sealed with AES-256-GCM (<see cref="RecordSealer"/>);
/// LiteDB's own page encryption is an outer layer.
/// </summary>
public sealed partial class Outbox : IAsyncDisposable
{
    /// <summary>The database file name inside the data directory.</summary>
    public const string DatabaseFileName = "outbox.db";

    /// <summary>LiteDB's write-ahead log file name inside the data directory.</summary>
    public const string LogFileName = "outbox-log.db";

    private const string CollectionName = "records";

    private readonly LiteDatabase _database;
    private readonly ILiteCollection<BsonDocument> _records;
    private readonly SyncedFileStream _dataFile;
    private readonly SyncedFileStream _logFile;
    private readonly RecordSealer _sealer;
    private readonly ILogger _logger;
    private readonly Channel<PendingAppend> _appends;
    private readonly Task _writer;
    private long _lastRecordId;
    private long _count;

    private Outbox(LiteDatabase database, SyncedFileStream dataFile, SyncedFileStream logFile, RecordSealer sealer, ILogger logger)
    {
        _database = database;
        _dataFile = dataFile;
        _logFile = logFile;
        _sealer = sealer;
        _logger = logger;
        _records = database.GetCollection(CollectionName);
        _lastRecordId = _records.Query().OrderByDescending("_id").Select("_id").Limit(1).FirstOrDefault() is { } last
            ? last["_id"].AsInt64
            : 0;
        _count = _records.LongCount();
        _appends = Channel.CreateBounded<PendingAppend>(new BoundedChannelOptions(MaxQueuedAppends)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _writer = Task.Factory.StartNew(WriteLoopAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    /// <summary>Records currently held (waiting for the platform).</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>
    /// Opens (or creates) the Outbox in <paramref name="options"/>' data directory, creating the
    /// key file on first start. Throws <see cref="OutboxException"/> or <see cref="KeyFileException"/>
    /// with a message naming the file when it cannot.
    /// </summary>
    public static Outbox Open(StorageOptions options, ILogger<Outbox> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        PrivateDirectory.Create(options.DataDir);
        var keyFile = options.ResolvedKeyFile;
        var keys = KeyRing.LoadOrCreate(keyFile, out var created);
        if (created)
        {
            Log.KeyFileCreated(logger, keyFile);
        }

        var path = Path.GetFullPath(Path.Combine(options.DataDir, DatabaseFileName));
        SyncedFileStream? data = null, log = null;
        try
        {
            data = new SyncedFileStream(OpenFile(path), null);
            log = new SyncedFileStream(OpenFile(Path.Combine(Path.GetDirectoryName(path)!, LogFileName)), data);
            var engine = new LiteEngine(new EngineSettings { DataStream = data, LogStream = log, Password = keys.DatabasePassword });
            var database = new LiteDatabase(engine, disposeOnClose: true);
            var outbox = new Outbox(database, data, log, new RecordSealer(keys), logger);
            Log.Opened(logger, path, outbox.Count, keys.CurrentKeyId);
            return outbox;
        }
        catch (Exception ex) when (ex is LiteException or IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            log?.Dispose();
            data?.Dispose();
            throw new OutboxException($"cannot open the Outbox '{path}': {ex.Message}", ex);
        }
    }

    private static FileStream OpenFile(string path)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None, // one process, one writer
            BufferSize = 0,         // LiteDB writes whole 8 KB pages; no second buffer to flush
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }

    /// <summary>Stops accepting, commits what is queued, and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        _appends.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
        _database.Dispose();
        _logFile.Dispose();
        _dataFile.Dispose();
    }
}
