namespace EdgeGateway.DeviceDrivers.Transports.Links;

/// <summary>
/// One step of a conversation: its result, or that the session must stop (a failed download, the link
/// gone, the gateway stopping). Async iterators cannot yield inside try/catch, so steps catch and say.
/// </summary>
/// <param name="Value">The step's result.</param>
/// <param name="Failure">Why the download stopped, or null (also null when the gateway stops).</param>
/// <param name="Stopped">The session ends here.</param>
internal readonly record struct Step<T>(T? Value, DownloadFailure? Failure = null, bool Stopped = false)
{
    /// <summary>The gateway is stopping: no failure, but no more questions.</summary>
    public static Step<T> Cancelled => new(default, null, true);

    /// <summary>The download failed at <paramref name="step"/>.</summary>
    public static Step<T> Stop(DownloadFailureKind kind, string step, string message) => new(default, new DownloadFailure(kind, step, message), true);
}
