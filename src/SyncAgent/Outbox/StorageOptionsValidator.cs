using Microsoft.Extensions.Options;

namespace EdgeGateway.SyncAgent.Outbox;

/// <summary>
/// Checks at start that <c>Storage:DataDir</c> can be created and written, so a wrong path stops
/// the start with the key's name instead of failing on the first reading.
/// </summary>
public sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.DataDir))
        {
            return ValidateOptionsResult.Fail("Storage:DataDir is empty: set it to a writable directory.");
        }

        var probe = Path.Combine(options.DataDir, $".write-probe-{Environment.ProcessId}");
        try
        {
            PrivateDirectory.Create(options.DataDir);
            File.WriteAllBytes(probe, []);
            File.Delete(probe);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return ValidateOptionsResult.Fail(
                $"Storage:DataDir '{options.DataDir}' is not a writable directory: {ex.Message}");
        }

        return ValidateOptionsResult.Success;
    }
}
