namespace EdgeGateway.SyncAgent.Uplink;

/// <summary>Checks shared by the uplinks' option validators.</summary>
internal static class OptionChecks
{
    /// <summary>Adds a failure naming <paramref name="key"/> when <paramref name="path"/> is given but no such file exists.</summary>
    public static void FileExists(List<string> failures, string key, string? path)
    {
        if (!string.IsNullOrWhiteSpace(path) && !File.Exists(path))
        {
            failures.Add($"{key} '{path}' does not exist.");
        }
    }
}
