using System.IO.Pipelines;

namespace EdgeGateway.DeviceDrivers.Transports.Links;

/// <summary>
/// One open byte link (a serial port, a TCP connection, a HID device) as a protocol session sees it:
/// the bytes that arrive, a way to answer, and the clock its timeouts run on.
/// </summary>
public interface IByteLink
{
    /// <summary>What the link is, for logs (a port path, a peer's address).</summary>
    string Name { get; }

    /// <summary>The bytes received, in order; completed when the link ends.</summary>
    PipeReader Input { get; }

    /// <summary>The clock timeouts run on.</summary>
    TimeProvider Time { get; }

    /// <summary>Sends bytes to the device; false when the link is gone or the write timed out.</summary>
    Task<bool> WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>Counts bytes that belonged to no frame (noise, lost sync, a wrong baud rate).</summary>
    void CountGarbage(long bytes);
}

/// <summary>
/// A protocol that drives its link — acknowledges frames, asks a device for its memory, times out a
/// silent sender — and yields the frames to decode. When the enumeration resumes after a frame, the
/// consumer has handled it and filled in its <see cref="ReceivedFrame.Receipt"/>, so a session can
/// acknowledge only what is durable.
/// </summary>
public interface ILinkSession
{
    /// <summary>Runs over one open link until it ends (or <paramref name="cancellationToken"/> fires).</summary>
    IAsyncEnumerable<ReceivedFrame> RunAsync(IByteLink link, CancellationToken cancellationToken);
}
