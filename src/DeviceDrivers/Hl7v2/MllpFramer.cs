using EdgeGateway.DeviceDrivers.Transports;

namespace EdgeGateway.DeviceDrivers.Hl7v2;

/// <summary>
/// MLLP blocks: <c>0x0B</c>, the message, <c>0x1C 0x0D</c> (HL7 v2 Implementation Guide, Appendix C).
/// A frame is the whole block; bytes before a start byte are garbage.
/// </summary>
/// <param name="maxMessageLength">The longest message accepted; a longer block is dropped as garbage.</param>
public sealed class MllpFramer(int maxMessageLength = 1 << 20) : IFramer
{
    /// <summary>Start of block.</summary>
    public const byte StartBlock = 0x0B;

    /// <summary>End of block (followed by a carriage return).</summary>
    public const byte EndBlock = 0x1C;

    /// <inheritdoc />
    public int MaxFrameLength => maxMessageLength + 3;

    /// <inheritdoc />
    public FrameMatch Find(ReadOnlySpan<byte> data)
    {
        var start = data.IndexOf(StartBlock);
        if (start < 0)
        {
            return new FrameMatch(data.Length, 0);
        }

        var body = data[(start + 1)..];
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == StartBlock)
            {
                // A new block before this one ended: the first was cut off.
                return new FrameMatch(start + 1 + i, 0);
            }

            if (body[i] != EndBlock)
            {
                continue;
            }

            if (i + 1 >= body.Length)
            {
                return new FrameMatch(start, 0);
            }

            return body[i + 1] == 0x0D
                ? new FrameMatch(start, i + 3)
                : new FrameMatch(start + 1 + i + 1, 0); // 0x1C without its CR: the block is broken.
        }

        return body.Length > maxMessageLength ? new FrameMatch(data.Length, 0) : new FrameMatch(start, 0);
    }

    /// <summary>The message inside a block.</summary>
    public static ReadOnlyMemory<byte> Message(ReadOnlyMemory<byte> block) => block.Length >= 3 ? block[1..^2] : ReadOnlyMemory<byte>.Empty;

    /// <summary>A message wrapped in a block.</summary>
    public static byte[] Wrap(ReadOnlySpan<byte> message) => [StartBlock, .. message, EndBlock, 0x0D];
}
