using EdgeGateway.DeviceDrivers.Transports;

namespace EdgeGateway.DeviceDrivers.Serial.Nonin;

/// <summary>
/// Finds data format #13 packets: <c>00 02 00 0D</c>, a plausible length, then a matching checksum and
/// ETX. What lies between — the ACK 06 / NAK 15 answering the set-format command, noise, a packet
/// whose checksum fails — is skipped.
/// </summary>
public sealed class NoninDf13Framer : IFramer
{
    /// <inheritdoc />
    public int MaxFrameLength => NoninDf13Decoder.MaxPacketLength;

    /// <inheritdoc />
    public FrameMatch Find(ReadOnlySpan<byte> data)
    {
        var header = NoninDf13Decoder.Header;
        for (var start = 0; start < data.Length; start++)
        {
            var rest = data[start..];
            var known = Math.Min(rest.Length, header.Length);
            if (!rest[..known].SequenceEqual(header[..known]))
            {
                continue;
            }

            if (rest.Length < 6)
            {
                // A header cut by the end of what arrived: wait for the rest.
                return new FrameMatch(start, 0);
            }

            var length = NoninDf13Decoder.DataLength(rest);
            if (length is < NoninDf13Decoder.MinDataLength or > NoninDf13Decoder.MaxDataLength)
            {
                continue;
            }

            var total = NoninDf13Decoder.Overhead + length;
            if (rest.Length < total)
            {
                return new FrameMatch(start, 0);
            }

            if (NoninDf13Decoder.Checksum(rest.Slice(6, length)) == rest[6 + length] && rest[total - 1] == (byte)NoninControl.Etx)
            {
                return new FrameMatch(start, total);
            }
        }

        return new FrameMatch(data.Length, 0);
    }
}
