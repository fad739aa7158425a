using EdgeGateway.DeviceDrivers.Decoding;

namespace EdgeGateway.DeviceDrivers.Transports;

/// <summary>
/// What became of one received frame, for a protocol that answers its sender: whether it decoded,
/// what was left out, and whether its readings are durable. Filled in once, by the frame's handler.
/// </summary>
public sealed class FrameReceipt
{
    /// <summary>The frame was handled (decoded and stored, or refused); false when no one handled it.</summary>
    public bool Handled { get; private set; }

    /// <summary>Why the frame could not be decoded at all, or null.</summary>
    public DecodeError? Error { get; private set; }

    /// <summary>Parts of the frame that were left out, each with why.</summary>
    public IReadOnlyList<DecodeError> Skipped { get; private set; } = [];

    /// <summary>Readings made durable (a reading already stored before counts: it is not lost).</summary>
    public int Stored { get; private set; }

    /// <summary>The readings could not be stored (a full disk): the sender should send again later.</summary>
    public bool StoreFailed { get; private set; }

    /// <summary>The frame did not decode.</summary>
    public void Refused(DecodeError error)
    {
        Error = error;
        Handled = true;
    }

    /// <summary>The frame decoded; <paramref name="stored"/> readings are durable, <paramref name="skipped"/> were left out.</summary>
    public void Accepted(int stored, IReadOnlyList<DecodeError> skipped)
    {
        Stored = stored;
        Skipped = skipped;
        Handled = true;
    }

    /// <summary>The frame decoded but its readings could not be stored.</summary>
    public void NotStored(IReadOnlyList<DecodeError> skipped)
    {
        Skipped = skipped;
        StoreFailed = true;
        Handled = true;
    }
}
