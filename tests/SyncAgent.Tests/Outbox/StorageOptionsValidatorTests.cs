using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.SyncAgent.Tests.Outbox;

public sealed class StorageOptionsValidatorTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Validate_WritableDirectory_Succeeds()
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { DataDir = Path.Combine(_directory.Path, "new", "data") });

        Assert.True(result.Succeeded);
        Assert.Empty(Directory.GetFiles(Path.Combine(_directory.Path, "new", "data")));
    }

    [Fact]
    public void Validate_PathUnderARegularFile_FailsNamingTheKey()
    {
        var file = Path.Combine(_directory.Path, "a-file");
        File.WriteAllText(file, "");

        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { DataDir = Path.Combine(file, "data") });

        Assert.True(result.Failed);
        Assert.Contains("Storage:DataDir", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ReadOnlyFileSystem_FailsNamingTheKey()
    {
        // /proc refuses new files even to root, like a read-only mount.
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { DataDir = "/proc/edgegateway-data" });

        Assert.True(result.Failed);
        Assert.Contains("Storage:DataDir", result.FailureMessage, StringComparison.Ordinal);
    }
}
