using EdgeGateway.DeviceDrivers.Transports;

namespace EdgeGateway.DeviceDrivers.Serial.Contec;

/// <summary>
/// Finds CMS50 real-time packets: the type byte 01 and the 8 bytes after it with bit 7 set. A type
/// byte is the only byte with bit 7 clear, so 01 is always a packet's start; other packets (answers
/// to commands, the device's notices) are no readings and are dropped with the noise.
/// </summary>
public sealed class Cms50Framer : IFramer
{
    /// <inheritdoc />
    public int MaxFrameLength => Cms50Decoder.Length;

    /// <inheritdoc />
    public FrameMatch Find(ReadOnlySpan<byte> data)
    {
        for (var start = 0; start < data.Length; start++)
        {
            if (data[start] != (byte)Cms50PacketType.RealTime)
            {
                continue;
            }

            var end = Math.Min(data.Length, start + Cms50Decoder.Length);
            var synced = start + 1;
            while (synced < end && (data[synced] & 0x80) != 0)
            {
                synced++;
            }

            if (synced == start + Cms50Decoder.Length)
            {
                return new FrameMatch(start, Cms50Decoder.Length);
            }

            if (synced == data.Length)
            {
                // Well-formed so far, cut by the end of what arrived: wait for the rest.
                return new FrameMatch(start, 0);
            }

            // Another packet's type byte came first: this one was not real-time data. Go on from there.
            start = synced - 1;
        }

        return new FrameMatch(data.Length, 0);
    }
}
