using EdgeGateway.SyncAgent.Crypto;
using LiteDB;
using LiteDB.Engine;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.SyncAgent.Outbox;

public sealed partial class Outbox
{
    private sealed record OutboxFiles(LiteDatabase Database, SyncedFileStream Data, SyncedFileStream Log);

    /// <summary>
    /// Opens (or creates) the Outbox in <paramref name="options"/>' data directory, creating the
    /// key file on first start. A database that cannot be read is moved aside (kept, renamed, for
    /// recovery) and a new one started, with an alert: never a crash loop. Throws
    /// <see cref="OutboxException"/> or <see cref="KeyFileException"/>, naming the file, when the
    /// directory itself cannot be used (disk error, another gateway holding the file, a bad key file).
    /// </summary>
    public static Outbox Open(StorageOptions options, ILogger<Outbox> logger, TimeProvider? time = null) =>
        Open(options, logger, time, beforeSync: null);

    /// <summary>As the public <c>Open</c>, with a hook called before every fsync (tests play a failing disk with it).</summary>
    internal static Outbox Open(StorageOptions options, ILogger<Outbox> logger, TimeProvider? time, Action<string>? beforeSync) =>
        Open(options, logger, time, beforeSync, BenchBaseline.None);

    /// <summary>
    /// As the public <c>Open</c>, with protections switched off for <c>edgegateway bench</c>'s
    /// baselines only: never used to store real readings.
    /// </summary>
    internal static Outbox Open(StorageOptions options, ILogger<Outbox> logger, TimeProvider? time, Action<string>? beforeSync, BenchBaseline baseline)
    {
        ArgumentNullException.ThrowIfNull(options);
        time ??= TimeProvider.System;
        PrivateDirectory.Create(options.DataDir);
        var path = Path.GetFullPath(Path.Combine(options.DataDir, DatabaseFileName));
        var keyFile = options.ResolvedKeyFile;
        if (!File.Exists(keyFile) && File.Exists(path) && new FileInfo(path).Length > 0)
        {
            // A new key cannot read what the old one sealed: making one would hide the stored readings.
            throw new KeyFileException(
                $"the Outbox '{path}' holds data but its key file '{keyFile}' is missing: restore the key file from backup " +
                "(to start afresh instead, move the Outbox files out of the data directory first)");
        }

        var keys = KeyRing.LoadOrCreate(keyFile, out var created);
        if (created)
        {
            Log.KeyFileCreated(logger, keyFile);
        }

        if (keys.PermissionsWereTightened)
        {
            Log.KeyFileWasExposed(logger, keyFile);
        }

        var logPath = Path.Combine(Path.GetDirectoryName(path)!, LogFileName);
        string? movedAsideTo = null;
        OutboxFiles files;
        try
        {
            files = OpenFiles(path, logPath, baseline.HasFlag(BenchBaseline.NoEncryption) ? null : keys.DatabasePassword, beforeSync);
        }
        catch (Exception ex) when (IsUnreadableDatabase(ex))
        {
            movedAsideTo = MoveAside(path, logPath, time);
            Log.MovedAside(logger, path, movedAsideTo, ex);
            files = OpenFiles(path, logPath, baseline.HasFlag(BenchBaseline.NoEncryption) ? null : keys.DatabasePassword, beforeSync);
        }

        // A file set aside for recovery still needs every key it was sealed with: retire none then.
        if (movedAsideTo is null && Directory.GetFiles(Path.GetDirectoryName(path)!, DatabaseFileName + ".unreadable-*").Length == 0)
        {
            PruneUnusedKeys(files, keys, keyFile, logger);
        }

        var outbox = new Outbox(files, options, new RecordSealer(keys, sealPayloads: !baseline.HasFlag(BenchBaseline.NoEncryption)), time, logger, movedAsideTo)
        {
            _skipFsync = baseline.HasFlag(BenchBaseline.NoFsync),
        };
        Log.Opened(logger, path, outbox.Count, keys.CurrentKeyId);
        return outbox;
    }

    /// <summary>After a rotation, an old key leaves the key file once no record, dead letter or quarantined record uses it.</summary>
    private static void PruneUnusedKeys(OutboxFiles files, KeyRing keys, string keyFile, ILogger logger)
    {
        if (keys.KeyIds.Count < 2)
        {
            return;
        }

        var collections = new[] { RecordsCollection, DeadLettersCollection, QuarantineCollection, LiveCollection }.Select(name => files.Database.GetCollection(name)).ToList();
        foreach (var collection in collections)
        {
            collection.EnsureIndex("k");
        }

        var removed = KeyRing.RemoveUnused(keyFile, id =>
            collections.Exists(c => c.Exists(Query.EQ("k", id))) || files.Database.GetCollection(DeadLettersCollection).Exists(Query.EQ("rk", id)));
        foreach (var id in removed)
        {
            Log.KeyRetired(logger, id, keyFile);
        }
    }

    private static OutboxFiles OpenFiles(string path, string logPath, string? password, Action<string>? beforeSync)
    {
        SyncedFileStream? data = null, log = null;
        try
        {
            data = new SyncedFileStream(OpenFile(path), null, beforeSync);
            log = new SyncedFileStream(OpenFile(logPath), data, beforeSync);
            var engine = new LiteEngine(new EngineSettings { DataStream = data, LogStream = log, Password = password });
            var database = new LiteDatabase(engine, disposeOnClose: true)
            {
                // Our own checkpoint schedule (after commits, by log size): LiteDB skips its automatic
                // one while a transaction is open and the log then grows without bound (#2814).
                CheckpointSize = 0,
            };
            return new OutboxFiles(database, data, log);
        }
        catch (IOException ex)
        {
            log?.Dispose();
            data?.Dispose();
            throw new OutboxException($"cannot open the Outbox '{path}': {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            log?.Dispose();
            data?.Dispose();
            throw new OutboxException($"cannot open the Outbox '{path}': {ex.Message}", ex);
        }
        catch
        {
            log?.Dispose();
            data?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Whatever LiteDB throws while reading a damaged or foreign file (a wrong password, a torn
    /// page, garbage) means "this file cannot be read"; a disk error or a file held by another
    /// process does not, and must not make us start over.
    /// </summary>
    private static bool IsUnreadableDatabase(Exception ex) =>
        ex is not (OutboxException or OutOfMemoryException or OperationCanceledException);

    private static string MoveAside(string path, string logPath, TimeProvider time)
    {
        var stamp = time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        var target = $"{path}.unreadable-{stamp}";
        for (var n = 1; File.Exists(target); n++)
        {
            target = $"{path}.unreadable-{stamp}-{n}";
        }

        File.Move(path, target);
        if (File.Exists(logPath))
        {
            File.Move(logPath, target + "-log");
        }

        return target;
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
}
