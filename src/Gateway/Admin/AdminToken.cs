using System.Security.Cryptography;
using EdgeGateway.SyncAgent.Outbox;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Gateway.Admin;

/// <summary>
/// The secret that authenticates the local administration API: random, in a file beside the
/// Outbox's keys, readable by the gateway's own user only (0600). Whoever can read it can already
/// read the key file; nobody else can call the API, and a web page cannot forge the header.
/// </summary>
internal static class AdminToken
{
    /// <summary>Creates the token when the host starts (after the settings were validated) and holds it.</summary>
    internal sealed class Holder(IOptions<StorageOptions> storage) : IHostedService
    {
        private volatile string? _token;

        /// <summary>The token, or null before the host started.</summary>
        public string? Token => _token;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            var path = PathFor(storage.Value);
            try
            {
                _token = LoadOrCreate(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidOperationException($"the administration token '{path}' cannot be read or written ({ex.Message}): check the data directory's owner", ex);
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>The file name, in <c>{DataDir}/keys</c>.</summary>
    public const string FileName = "admin.token";

    /// <summary>
    /// Where the token of a gateway with <paramref name="storage"/> lives: in the data directory,
    /// whatever <c>Storage:KeyFile</c> says (a key given as a read-only systemd credential must not
    /// stop the gateway from keeping its token).
    /// </summary>
    public static string PathFor(StorageOptions storage) => Path.Combine(Path.GetFullPath(storage.DataDir), "keys", FileName);

    /// <summary>
    /// Reads the token, or creates it on the gateway's first start: written to a temporary 0600
    /// file, flushed, then renamed, so a power cut never leaves an empty token behind. A token file
    /// open to other users is closed to them (0600); a symbolic link is refused.
    /// </summary>
    public static string LoadOrCreate(string path)
    {
        if (File.Exists(path) || new FileInfo(path).LinkTarget is not null)
        {
            if (new FileInfo(path).LinkTarget is not null)
            {
                throw new InvalidOperationException($"the administration token '{path}' is a symbolic link: remove it, the gateway makes a new one");
            }

            if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite)) != 0)
            {
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            if (Read(path) is { } existing)
            {
                return existing;
            }
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var directory = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var temporary = $"{path}.{Environment.ProcessId}.new";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temporary, options))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes(token));
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        return token;
    }

    /// <summary>The token in <paramref name="path"/>, or null when there is none (or it is empty).</summary>
    public static string? Read(string path) =>
        File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } token ? token : null;

    /// <summary>True when <paramref name="presented"/> is the token (compared in constant time).</summary>
    public static bool Matches(string token, string? presented) =>
        presented is not null
        && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(token), System.Text.Encoding.UTF8.GetBytes(presented));
}
