namespace EdgeGateway.SyncAgent.Outbox;

/// <summary>Directories that hold patient data or keys are created for the service user only (0700).</summary>
internal static class PrivateDirectory
{
    /// <summary>Creates <paramref name="path"/> (and its parents) with mode 0700 when it does not exist; leaves an existing one as it is.</summary>
    public static void Create(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
