namespace EdgeGateway.Tests.Shared;

/// <summary>A real, small file system (tmpfs) mounted for one test: writing past it fails with ENOSPC as a full SD card does.</summary>
public sealed class SmallDisk : IDisposable
{
    public SmallDisk(string path, int megabytes)
    {
        Path = path;
        Directory.CreateDirectory(path);
        Programs.Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0700", "tmpfs", path);
    }

    public string Path { get; }

    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    public void Dispose() => Programs.Run("umount", "-l", Path);
}
