using EdgeGateway.SyncAgent.Crypto;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.SyncAgent.Tests.Crypto;

public sealed class KeyRingTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string KeyPath => Path.Combine(_directory.Path, "keys", "outbox.key");

    [Fact]
    public void LoadOrCreate_FirstStart_CreatesAnOwnerOnlyFileInAnOwnerOnlyFolder()
    {
        var ring = KeyRing.LoadOrCreate(KeyPath, out var created);

        Assert.True(created);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(KeyPath)!));
        Assert.True(ring.TryGetKey(ring.CurrentKeyId, out var key));
        Assert.Equal(32, key.Length);
        Assert.False(File.Exists(KeyPath + ".new"));
    }

    [Fact]
    public void LoadOrCreate_SecondStart_LoadsTheSameKeys()
    {
        var first = KeyRing.LoadOrCreate(KeyPath, out _);

        var second = KeyRing.LoadOrCreate(KeyPath, out var created);

        Assert.False(created);
        first.TryGetKey(first.CurrentKeyId, out var a);
        second.TryGetKey(second.CurrentKeyId, out var b);
        Assert.Equal(a, b);
        Assert.Equal(first.DatabasePassword, second.DatabasePassword);
    }

    [Fact]
    public void LoadOrCreate_FileReadableByOthers_IsTightenedToOwnerOnly()
    {
        KeyRing.LoadOrCreate(KeyPath, out _);
        File.SetUnixFileMode(KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var ring = KeyRing.LoadOrCreate(KeyPath, out _);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
        Assert.True(ring.PermissionsWereTightened);
        Assert.False(KeyRing.LoadOrCreate(KeyPath, out _).PermissionsWereTightened);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"format\":1,\"current\":1,\"keys\":{},\"database\":\"x\"}")]
    [InlineData("{\"format\":1,\"current\":2,\"keys\":{\"1\":\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\"},\"database\":\"x\"}")]
    [InlineData("{\"format\":1,\"current\":1,\"keys\":{\"1\":\"AAAA\"},\"database\":\"x\"}")]
    [InlineData("{\"format\":1,\"current\":1,\"keys\":{\"1\":\"not base64!\"},\"database\":\"x\"}")]
    public void LoadOrCreate_DamagedFile_FailsWithAMessageNamingIt(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(KeyPath)!);
        File.WriteAllText(KeyPath, content);

        var error = Assert.Throws<KeyFileException>(() => KeyRing.LoadOrCreate(KeyPath, out _));

        Assert.Contains(KeyPath, error.Message, StringComparison.Ordinal);
    }
}
