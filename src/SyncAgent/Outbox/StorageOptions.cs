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

    /// <summary>The Outbox's size quota in bytes (at least 1 MiB).</summary>
    [Range(1L << 20, long.MaxValue, ErrorMessage = "Storage:MaxBytes must be at least 1048576 (1 MiB).")]
    public long MaxBytes { get; set; } = 2L << 30;

    /// <summary>The key file; by default <c>{DataDir}/keys/outbox.key</c>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>The key file path, with its default applied.</summary>
    public string ResolvedKeyFile => string.IsNullOrWhiteSpace(KeyFile) ? Path.Combine(DataDir, "keys", "outbox.key") : KeyFile;
}
