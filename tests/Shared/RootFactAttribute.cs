namespace EdgeGateway.Tests.Shared;

/// <summary>A fact that needs root (to mount a tmpfs, say); CI runs as root, a developer's shell may not.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Skip = "needs root: it mounts a small tmpfs to fill the disk for real";
        }
    }
}
