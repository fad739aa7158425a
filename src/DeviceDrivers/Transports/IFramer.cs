namespace EdgeGateway.DeviceDrivers.Transports;

/// <summary>
/// Finds whole frames in a byte stream (serial lines have no message boundaries): pure, like a
/// decoder, and safe on any bytes — lost sync, garbage between frames, a frame cut mid-way.
/// </summary>
public interface IFramer
{
    /// <summary>The longest frame this protocol sends: past that much unframed data, bytes are dropped as garbage.</summary>
    int MaxFrameLength { get; }

    /// <summary>
    /// Looks at <paramref name="data"/> (the bytes received and not framed yet): the first
    /// <see cref="FrameMatch.Skip"/> bytes are garbage to drop; a <see cref="FrameMatch.Length"/> above
    /// zero is a whole frame right after them; zero means more bytes are needed.
    /// </summary>
    FrameMatch Find(ReadOnlySpan<byte> data);
}

/// <summary>Where the next frame is.</summary>
/// <param name="Skip">Bytes to drop before it (not part of any frame).</param>
/// <param name="Length">The frame's length, or 0 when it is not complete yet.</param>
public readonly record struct FrameMatch(int Skip, int Length)
{
    /// <summary>Keep everything; wait for more bytes.</summary>
    public static FrameMatch NeedMore { get; } = new(0, 0);
}
