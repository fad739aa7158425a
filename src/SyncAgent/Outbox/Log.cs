using Microsoft.Extensions.Logging;

namespace EdgeGateway.SyncAgent.Outbox;

internal static partial class Log
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Outbox opened at {Path}: {Count} record(s) waiting, key {KeyId}")]
    public static partial void Opened(ILogger logger, string path, long count, int keyId);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Created a new Outbox key file at {Path} (mode 0600): keep a backup, records cannot be read without it")]
    public static partial void KeyFileCreated(ILogger logger, string path);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Outbox commit of {Count} record(s) failed; none was acknowledged")]
    public static partial void CommitFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Error, Message = "Outbox record {RecordId} (key {KeyId}) failed its integrity check and is not read")]
    public static partial void RecordUnreadable(ILogger logger, long recordId, int keyId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Critical, Message = "The Outbox at {Path} could not be read and was moved aside to {MovedTo} (kept for recovery); a new Outbox was started")]
    public static partial void MovedAside(ILogger logger, string path, string movedTo, Exception exception);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Outbox rollback failed after a failed commit")]
    public static partial void RollbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Outbox checkpoint failed; the log keeps every commit and the next checkpoint retries")]
    public static partial void CheckpointFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Critical, Message = "The Outbox's storage failed to make a commit durable; it refuses every change until the gateway restarts")]
    public static partial void Faulted(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Warning, Message = "The key file {Path} was readable by other users; it is now 0600, but consider the key exposed and rotate it")]
    public static partial void KeyFileWasExposed(ILogger logger, string path);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Error, Message = "The disk holding the Outbox is full ({Free} bytes free, {Reserve} kept in reserve): new readings are refused, stored ones are kept")]
    public static partial void DiskFull(ILogger logger, long free, long reserve);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Outbox quota: evicted {Count} non-clinical record(s), oldest first; {Stored} of {Quota} bytes used")]
    public static partial void Evicted(ILogger logger, int count, long stored, long quota);

    [LoggerMessage(EventId = 2011, Level = LogLevel.Error, Message = "Outbox quota exceeded by clinical readings ({Stored} of {Quota} bytes): nothing is dropped, new readings are still accepted; the backlog must be sent or the quota raised")]
    public static partial void QuotaExceeded(ILogger logger, long stored, long quota);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Information, Message = "Outbox back under its quota ({Stored} of {Quota} bytes)")]
    public static partial void QuotaCleared(ILogger logger, long stored, long quota);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Information, Message = "Key {KeyId} no longer seals any record and was removed from {Path}")]
    public static partial void KeyRetired(ILogger logger, int keyId, string path);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Information, Message = "{Count} non-clinical record(s) expired after {Retention} without reaching the platform")]
    public static partial void Expired(ILogger logger, int count, TimeSpan retention);
}
