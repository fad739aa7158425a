namespace EdgeGateway.DeviceDrivers.Transports;

/// <summary>Text devices that print one line per reading: a frame is everything up to and including a line feed.</summary>
/// <param name="maxLineLength">The longest line the device prints; a longer run without a line feed is garbage.</param>
public sealed class LineFramer(int maxLineLength = 512) : IFramer
{
    /// <inheritdoc />
    public int MaxFrameLength => maxLineLength;

    /// <inheritdoc />
    public FrameMatch Find(ReadOnlySpan<byte> data)
    {
        var end = data.IndexOf((byte)'\n');
        if (end >= 0)
        {
            // A line longer than any the device prints is noise (a wrong baud rate reads like that).
            return end + 1 > maxLineLength ? new FrameMatch(end + 1, 0) : new FrameMatch(0, end + 1);
        }

        return data.Length >= maxLineLength ? new FrameMatch(data.Length, 0) : FrameMatch.NeedMore;
    }
}
