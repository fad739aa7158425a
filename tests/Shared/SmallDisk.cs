using System.Diagnostics;

namespace EdgeGateway.Tests.Shared;

/// <summary>A real, small file system (tmpfs) mounted for one test: writing past it fails with ENOSPC as a full SD card does.</summary>
public sealed class SmallDisk : IDisposable
{
    public SmallDisk(string path, int megabytes)
    {
        Path = path;
        Directory.CreateDirectory(path);
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0700", "tmpfs", path);
    }

    public string Path { get; }

    public long FreeBytes => new DriveInfo(Path).AvailableFreeSpace;

    public void Dispose() => Run("umount", "-l", Path);

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {errors}");
        }
    }
}
