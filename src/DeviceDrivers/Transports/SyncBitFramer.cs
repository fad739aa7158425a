namespace EdgeGateway.DeviceDrivers.Transports;

/// <summary>
/// Fixed-length packets without a checksum whose only sync is bit 7: set in the first byte, clear in
/// every other (Nonin data format #8, Contec CMS50 live data).
/// </summary>
/// <param name="length">The packet's length.</param>
public sealed class SyncBitFramer(int length) : IFramer
{
    /// <inheritdoc />
    public int MaxFrameLength => length;

    /// <inheritdoc />
    public FrameMatch Find(ReadOnlySpan<byte> data)
    {
        for (var start = 0; start < data.Length; start++)
        {
            if ((data[start] & 0x80) == 0)
            {
                continue;
            }

            if (data.Length - start < length)
            {
                return new FrameMatch(start, 0);
            }

            var whole = true;
            for (var i = 1; i < length && whole; i++)
            {
                whole = (data[start + i] & 0x80) == 0;
            }

            if (whole)
            {
                return new FrameMatch(start, length);
            }
        }

        return new FrameMatch(data.Length, 0);
    }
}
