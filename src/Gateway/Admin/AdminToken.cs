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
            _token = LoadOrCreate(PathFor(storage.Value));
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>The file name, in the key file's directory.</summary>
    public const string FileName = "admin.token";

    /// <summary>Where the token of a gateway with <paramref name="storage"/> lives.</summary>
    public static string PathFor(StorageOptions storage) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storage.ResolvedKeyFile))!, FileName);

    /// <summary>Reads the token, or creates it (0600) on the gateway's first start.</summary>
    public static string LoadOrCreate(string path)
    {
        if (Read(path) is { } existing)
        {
            return existing;
        }

        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var directory = Path.GetDirectoryName(path)!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        using (var file = new FileStream(path, options))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(token);
            writer.Flush();
            file.Flush(flushToDisk: true);
        }

        return token;
    }

    /// <summary>The token in <paramref name="path"/>, or null when there is none.</summary>
    public static string? Read(string path) =>
        File.Exists(path) && File.ReadAllText(path).Trim() is { Length: > 0 } token ? token : null;

    /// <summary>True when <paramref name="presented"/> is the token (compared in constant time).</summary>
    public static bool Matches(string token, string? presented) =>
        presented is not null
        && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(token), System.Text.Encoding.UTF8.GetBytes(presented));
}
