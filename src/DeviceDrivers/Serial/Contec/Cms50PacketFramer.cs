using EdgeGateway.DeviceDrivers.Transports;

namespace EdgeGateway.DeviceDrivers.Serial.Contec;

/// <summary>
/// Finds every V7.0 packet a device sends (not only real-time data): a type byte (bit 7 clear) and as many
/// bytes with bit 7 set as its type has. The lengths are those of OSCAR's <c>cms50f37_loader.cpp</c> table,
/// kaivol/pulox's <c>incoming_package.rs</c> and bmartin427's <c>cms50.py</c>, and of the captures
/// (headrotor/contec_data, François Revol's CMS50F 3.7 dumps). A packet of a type none of them lists is
/// its type byte and the bytes with bit 7 set after it (at most 8). A packet cut by the next type byte is
/// dropped as noise; what the session does not ask for it drops itself.
/// </summary>
public sealed class Cms50PacketFramer : IFramer
{
    /// <summary>The longest packet: type, high byte, 7 data bytes.</summary>
    public const int MaxLength = 9;

    // Whole packet lengths by type (0 = not known): 01–05 9, 06 4, 07 8, 08 8, 09 6, 0A 4, 0B 4, 0C 2,
    // 0D 3, 0E 3, 0F 8, 10 3, 11 9, 12 8, 13 9, 14 9, 15 9.
    private static readonly byte[] Lengths = [0, 9, 9, 9, 9, 9, 4, 8, 8, 6, 4, 4, 2, 3, 3, 8, 3, 9, 8, 9, 9, 9];

    /// <inheritdoc />
    public int MaxFrameLength => MaxLength;

    /// <summary>The whole length of a packet of <paramref name="type"/>, or 0 when no source gives it.</summary>
    public static int LengthOf(byte type) => type < Lengths.Length ? Lengths[type] : 0;

    /// <inheritdoc />
    public FrameMatch Find(ReadOnlySpan<byte> data)
    {
        for (var start = 0; start < data.Length; start++)
        {
            if ((data[start] & 0x80) != 0)
            {
                continue;
            }

            var known = LengthOf(data[start]);
            var limit = start + (known > 0 ? known : MaxLength);
            var synced = start + 1;
            while (synced < Math.Min(limit, data.Length) && (data[synced] & 0x80) != 0)
            {
                synced++;
            }

            if (synced == limit || (known == 0 && synced < data.Length))
            {
                // Whole; or, of a type no source lists, ended by the next type byte.
                return new FrameMatch(start, synced - start);
            }

            if (synced == data.Length)
            {
                // Well-formed so far, cut by the end of what arrived: wait for the rest.
                return new FrameMatch(start, 0);
            }

            // Cut by the next type byte: noise. Go on from there.
            start = synced - 1;
        }

        return new FrameMatch(data.Length, 0);
    }
}
