namespace EdgeGateway.DeviceDrivers.Transports;

/// <summary>
/// Owns one physical link (serial port, GATT characteristic, socket…) and yields whole frames.
/// It reconnects by itself and reports its state; the caller owns the transport and disposes it.
/// </summary>
public interface IFrameTransport : IAsyncDisposable
{
    /// <summary>The link's state, for the health page.</summary>
    TransportState State { get; }

    /// <summary>Frames as they arrive, until <paramref name="cancellationToken"/> fires.</summary>
    IAsyncEnumerable<ReceivedFrame> ReadFramesAsync(CancellationToken cancellationToken);
}

/// <summary>One frame and the gateway time it arrived.</summary>
/// <param name="Bytes">The frame, exactly as received.</param>
/// <param name="ReceivedAt">The gateway clock when the last byte arrived.</param>
/// <param name="FromMemory">
/// The device sent it from its memory on the gateway's request (a stored-record download): taken
/// earlier, perhaps from someone else than the patient in the room now.
/// </param>
/// <param name="ClockCorrection">
/// How far the device's clock was off the gateway's (device − gateway) when the gateway set it on this
/// connection, when beyond the configured bound: readings it had stamped before keep their time.
/// </param>
/// <param name="Receipt">
/// Filled in by whoever handles the frame (decoded, stored, refused), for protocols that answer the
/// sender only once a message is durable (HL7 v2 ACK, ASTM frame ACK); null when no one asks.
/// </param>
public readonly record struct ReceivedFrame(ReadOnlyMemory<byte> Bytes, DateTimeOffset ReceivedAt, bool FromMemory = false, TimeSpan? ClockCorrection = null,
    FrameReceipt? Receipt = null);

/// <summary>The state of a transport's link.</summary>
public enum TransportState : byte
{
    /// <summary>Trying to open the link.</summary>
    Connecting,
    /// <summary>The link is up.</summary>
    Connected,
    /// <summary>The link is down; the transport retries by itself.</summary>
    Disconnected,
}
