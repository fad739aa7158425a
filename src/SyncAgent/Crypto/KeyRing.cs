using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeGateway.SyncAgent.Crypto;

/// <summary>
/// The Outbox's secrets, kept in one key file readable by the service user only (mode 0600):
/// the AES-256 data keys that seal each record (by key id, so a rotation can add one while old
/// records still open) and the password LiteDB uses as its outer layer.
/// </summary>
public sealed class KeyRing
{
    private const int FormatVersion = 1;
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly Dictionary<int, byte[]> _keys;

    private KeyRing(int currentKeyId, Dictionary<int, byte[]> keys, string databasePassword)
    {
        CurrentKeyId = currentKeyId;
        _keys = keys;
        DatabasePassword = databasePassword;
    }

    /// <summary>The key id new records are sealed under.</summary>
    public int CurrentKeyId { get; }

    /// <summary>The password of LiteDB's own page encryption (the outer layer).</summary>
    public string DatabasePassword { get; }

    /// <summary>
    /// True when the key file was readable by others and has just been tightened to 0600: the key
    /// may already have been read, which the gateway reports.
    /// </summary>
    public bool PermissionsWereTightened { get; private init; }

    /// <summary>The data key with <paramref name="keyId"/>, if this ring has it.</summary>
    public bool TryGetKey(int keyId, out byte[] key) => _keys.TryGetValue(keyId, out key!);

    /// <summary>
    /// Loads the key file at <paramref name="path"/>, creating it (mode 0600, in a 0700 folder)
    /// on first start. Returns whether it was created. Throws <see cref="KeyFileException"/> with a
    /// technician-readable message when the file exists but cannot be used.
    /// </summary>
    public static KeyRing LoadOrCreate(string path, out bool created)
    {
        try
        {
            return LoadOrCreateCore(path, out created);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new KeyFileException($"the key file '{path}' cannot be read or created by this user: {ex.Message}", ex);
        }
        catch (IOException ex)
        {
            throw new KeyFileException($"the key file '{path}' cannot be read or created: {ex.Message}", ex);
        }
    }

    private static KeyRing LoadOrCreateCore(string path, out bool created)
    {
        created = false;
        if (!File.Exists(path))
        {
            Create(path);
            created = true;
        }

        var tightened = false;
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~OwnerOnly) != 0)
        {
            // Least privilege: a key readable by others is tightened, and reported.
            File.SetUnixFileMode(path, OwnerOnly);
            tightened = true;
        }

        KeyFileModel? model;
        try
        {
            model = JsonSerializer.Deserialize(File.ReadAllBytes(path), KeyFileJson.Default.KeyFileModel);
        }
        catch (JsonException ex)
        {
            throw new KeyFileException($"the key file '{path}' is not valid JSON ({ex.Message}); restore it from backup", ex);
        }

        if (model is null || model.Format != FormatVersion || model.Keys.Count == 0 || string.IsNullOrEmpty(model.Database))
        {
            throw new KeyFileException($"the key file '{path}' is not a format-{FormatVersion} Outbox key file");
        }

        var keys = new Dictionary<int, byte[]>();
        foreach (var (id, base64) in model.Keys)
        {
            byte[] key;
            try
            {
                key = Convert.FromBase64String(base64);
            }
            catch (FormatException ex)
            {
                throw new KeyFileException($"key {id} in '{path}' is not base64; restore the key file from backup", ex);
            }

            if (key.Length != 32)
            {
                throw new KeyFileException($"key {id} in '{path}' is {key.Length} bytes, an AES-256 key is 32");
            }

            keys[id] = key;
        }

        if (!keys.ContainsKey(model.Current))
        {
            throw new KeyFileException($"the key file '{path}' names current key {model.Current}, which it does not hold");
        }

        return new KeyRing(model.Current, keys, model.Database) { PermissionsWereTightened = tightened };
    }

    private static void Create(string path)
    {
        Outbox.PrivateDirectory.Create(Path.GetDirectoryName(Path.GetFullPath(path))!);

        var model = new KeyFileModel
        {
            Format = FormatVersion,
            Current = 1,
            Keys = new Dictionary<int, string> { [1] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) },
            Database = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        };
        WriteAtomically(path, model, overwrite: false);
    }

    /// <summary>
    /// Starts a new data key for new records and makes it current; the old keys stay in the file
    /// until no record uses them (<see cref="RemoveUnused"/>). Returns the new key's id. A running
    /// gateway keeps sealing with the key it loaded until it restarts.
    /// </summary>
    public static int Rotate(string path)
    {
        var model = Read(path);
        var id = model.Keys.Keys.Max() + 1;
        model.Keys[id] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        model.Current = id;
        WriteAtomically(path, model, overwrite: true);
        return id;
    }

    /// <summary>Removes from the key file every key that is not current and for which <paramref name="isInUse"/> is false; returns their ids.</summary>
    public static IReadOnlyList<int> RemoveUnused(string path, Func<int, bool> isInUse)
    {
        ArgumentNullException.ThrowIfNull(isInUse);
        var model = Read(path);
        var unused = model.Keys.Keys.Where(id => id != model.Current && !isInUse(id)).ToList();
        if (unused.Count > 0)
        {
            foreach (var id in unused)
            {
                model.Keys.Remove(id);
            }

            WriteAtomically(path, model, overwrite: true);
        }

        return unused;
    }

    /// <summary>The key ids the file holds.</summary>
    public IReadOnlyCollection<int> KeyIds => _keys.Keys;

    private static KeyFileModel Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), KeyFileJson.Default.KeyFileModel)
                ?? throw new KeyFileException($"the key file '{path}' is empty");
        }
        catch (JsonException ex)
        {
            throw new KeyFileException($"the key file '{path}' is not valid JSON ({ex.Message}); restore it from backup", ex);
        }
        catch (IOException ex)
        {
            throw new KeyFileException($"the key file '{path}' cannot be read: {ex.Message}", ex);
        }
    }

    private static void WriteAtomically(string path, KeyFileModel model, bool overwrite)
    {
        // Written to a temporary file created 0600 from the start, fsynced, then renamed: a crash
        // never leaves a half-written key, and the key is never readable by others, not even briefly.
        var temporary = path + ".new";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, model, KeyFileJson.Default.KeyFileModel);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite);
        DirectorySync.Sync(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }
}

/// <summary>The key file exists but cannot be used; the message says why and what to do.</summary>
public sealed class KeyFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KeyFileException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public KeyFileException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception.</summary>
    public KeyFileException() { }
}

internal sealed class KeyFileModel
{
    public int Format { get; set; }
    public int Current { get; set; }
    public Dictionary<int, string> Keys { get; set; } = [];
    public string Database { get; set; } = "";
}

[JsonSerializable(typeof(KeyFileModel))]
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class KeyFileJson : JsonSerializerContext;
