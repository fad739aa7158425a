using System.ComponentModel.DataAnnotations;

namespace EdgeGateway.SyncAgent.Outbox;

/// <summary>The <c>Storage</c> configuration section: where the Outbox lives and how big it may grow.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Storage";

    /// <summary>The data directory: the Outbox database, its log and (by default) its key file. Must be writable.</summary>
    [Required(ErrorMessage = "Storage:DataDir is required.")]
    public string DataDir { get; set; } = "./data";

    /// <summary>
    /// The Outbox's quota in bytes (at least 1 MiB). Past it, non-clinical records (diagnostics, test
    /// data) are evicted oldest first; clinical readings are never dropped: the gateway raises an
    /// alert and keeps accepting them until the disk itself is full (see <see cref="ReserveBytes"/>).
    /// </summary>
    [Range(1L << 20, long.MaxValue, ErrorMessage = "Storage:MaxBytes must be at least 1048576 (1 MiB).")]
    public long MaxBytes { get; set; } = 2L << 30;

    /// <summary>
    /// Free space kept on the disk for acknowledgements, deletions and checkpoints: below it new
    /// readings are refused with a clear error, and everything already stored is kept.
    /// </summary>
    [Range(64L << 10, long.MaxValue, ErrorMessage = "Storage:ReserveBytes must be at least 65536 (64 KiB).")]
    public long ReserveBytes { get; set; } = 16L << 20;

    /// <summary>
    /// How long a non-clinical record (diagnostics, test data) may wait for the platform before it
    /// expires. Clinical readings never expire: they leave only when the platform has them or a
    /// technician deletes them.
    /// </summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00", ErrorMessage = "Storage:DiagnosticRetention must be between 1 hour and 3650 days.")]
    public TimeSpan DiagnosticRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The key file; by default <c>{DataDir}/keys/outbox.key</c>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>The key file path, with its default applied.</summary>
    public string ResolvedKeyFile => string.IsNullOrWhiteSpace(KeyFile) ? Path.Combine(DataDir, "keys", "outbox.key") : KeyFile;
}
