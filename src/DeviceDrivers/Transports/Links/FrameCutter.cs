using System.Buffers;

namespace EdgeGateway.DeviceDrivers.Transports.Links;

/// <summary>Cuts the whole frames a <see cref="IFramer"/> finds at the start of a byte sequence; what belongs to no frame is counted.</summary>
public static class FrameCutter
{
    /// <summary>Every whole frame at the start of <paramref name="buffer"/>, which is left at the first unframed byte.</summary>
    /// <param name="framer">The protocol's framer.</param>
    /// <param name="buffer">The bytes not framed yet; advanced past every frame and garbage byte.</param>
    /// <param name="garbage">Bytes dropped as garbage, added to.</param>
    public static List<ReadOnlyMemory<byte>> Cut(IFramer framer, ref ReadOnlySequence<byte> buffer, ref long garbage)
    {
        ArgumentNullException.ThrowIfNull(framer);
        var frames = new List<ReadOnlyMemory<byte>>();
        var window = Math.Max(1L, framer.MaxFrameLength * 2L);
        while (buffer.Length > 0)
        {
            var slice = buffer.Slice(0, Math.Min(buffer.Length, window));
            var data = slice.IsSingleSegment ? slice.FirstSpan : slice.ToArray();
            var match = framer.Find(data);
            var skip = Math.Clamp(match.Skip, 0, data.Length);
            garbage += skip;
            if (match.Length > 0 && skip + match.Length <= data.Length)
            {
                frames.Add(data.Slice(skip, match.Length).ToArray());
                buffer = buffer.Slice(skip + match.Length);
                continue;
            }

            buffer = buffer.Slice(skip);
            if (skip > 0)
            {
                // The window moves past the noise: what follows may be whole already.
                continue;
            }

            if (data.Length == window && buffer.Length > data.Length)
            {
                // Twice the longest frame seen and still no frame at its start: a byte of noise.
                garbage++;
                buffer = buffer.Slice(1);
                continue;
            }

            break;
        }

        return frames;
    }
}
