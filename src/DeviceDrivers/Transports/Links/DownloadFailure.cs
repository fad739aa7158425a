namespace EdgeGateway.DeviceDrivers.Transports.Links;

/// <summary>Why a memory download stopped. Stable names: they are metric labels.</summary>
public enum DownloadFailureKind : byte
{
    /// <summary>The device did not answer a question in time, every time it was asked.</summary>
    NoAnswer = 1,
    /// <summary>The device answered with bytes that are not an answer to the question (noise, lost sync, a bad checksum).</summary>
    Garbled,
    /// <summary>The device refused the question (Omron "NO") every time it was asked.</summary>
    Refused,
    /// <summary>A question could not be sent (the link is gone or the write timed out).</summary>
    WriteFailed,
    /// <summary>The link ended mid-download (unplugged).</summary>
    LinkLost,
}

/// <summary>
/// A download that stopped: at which step and why. The session ends with it, so its transport closes the
/// link and opens it again a little later; what was downloaded before it is kept.
/// </summary>
/// <param name="Kind">The class of failure.</param>
/// <param name="Step">The question that failed (e.g. "record 3").</param>
/// <param name="Message">One sentence a technician can read.</param>
public sealed record DownloadFailure(DownloadFailureKind Kind, string Step, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Kind} at {Step}: {Message}";
}

/// <summary>A session that downloads a device's memory: what stopped it, and the records it had to skip.</summary>
public interface IDownloadSession
{
    /// <summary>Why the session ended, when a download failed; null otherwise.</summary>
    DownloadFailure? Failure { get; }

    /// <summary>Records passed over on this link (asked again and again without a usable answer); the others were downloaded.</summary>
    IReadOnlyList<DownloadFailure> Skipped { get; }
}
