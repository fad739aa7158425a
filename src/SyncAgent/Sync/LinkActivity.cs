namespace EdgeGateway.SyncAgent.Sync;

/// <summary>
/// What else needs the clinic's thin link right now. The reverse proxy raises it while it relays a
/// video consultation; the sync worker reads it and holds the routine backlog back (the
/// consultation's own readings still go). A video session counts as active for a short linger
/// after its last request, so segmented video (one request per few seconds) does not flicker.
/// </summary>
public sealed class LinkActivity(TimeProvider time, TimeSpan linger)
{
    /// <summary>How long the link stays reserved after the last video request ended, by default.</summary>
    public static readonly TimeSpan DefaultLinger = TimeSpan.FromSeconds(10);

    /// <summary>Creates the signal with the default linger.</summary>
    public LinkActivity(TimeProvider time)
        : this(time, DefaultLinger)
    {
    }

    private int _videoSessions;
    private long _lastVideoEndTicks;

    /// <summary>True while a video consultation holds the link.</summary>
    public bool VideoActive =>
        Volatile.Read(ref _videoSessions) > 0
        || (Interlocked.Read(ref _lastVideoEndTicks) is var ended and > 0 && time.GetUtcNow().UtcTicks - ended < linger.Ticks);

    /// <summary>Video sessions (proxied requests or WebSockets) open now.</summary>
    public int VideoSessions => Volatile.Read(ref _videoSessions);

    /// <summary>Marks a video session open until the returned handle is disposed.</summary>
    public IDisposable BeginVideo()
    {
        Interlocked.Increment(ref _videoSessions);
        return new Session(this);
    }

    private void EndVideo()
    {
        Interlocked.Exchange(ref _lastVideoEndTicks, time.GetUtcNow().UtcTicks);
        Interlocked.Decrement(ref _videoSessions);
    }

    private sealed class Session(LinkActivity owner) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.EndVideo();
            }
        }
    }
}
