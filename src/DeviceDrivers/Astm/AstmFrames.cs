using System.Globalization;
using System.Text;

namespace EdgeGateway.DeviceDrivers.Astm;

/// <summary>The ASTM E1381 (CLSI LIS01-A2) low-level protocol's bytes: control characters, frames and their checksum.</summary>
public static class AstmFrames
{
    /// <summary>Start of text: begins a frame.</summary>
    public const byte Stx = 0x02;
    /// <summary>End of text: ends a message's last frame (or a record's).</summary>
    public const byte Etx = 0x03;
    /// <summary>End of transmission: the sender is done.</summary>
    public const byte Eot = 0x04;
    /// <summary>Enquiry: the sender asks to send.</summary>
    public const byte Enq = 0x05;
    /// <summary>Acknowledge.</summary>
    public const byte Ack = 0x06;
    /// <summary>Negative acknowledge: send that frame again.</summary>
    public const byte Nak = 0x15;
    /// <summary>End of transmission block: an intermediate frame, the record goes on in the next.</summary>
    public const byte Etb = 0x17;

    /// <summary>The most text a frame carries (E1381 §6.3.1: 247 characters between FN and ETB/ETX).</summary>
    public const int MaxFrameText = 240;

    /// <summary>The checksum: the sum of the bytes from the frame number through ETB/ETX, modulo 256.</summary>
    public static byte Checksum(ReadOnlySpan<byte> frameNumberThroughTerminator)
    {
        var sum = 0;
        foreach (var b in frameNumberThroughTerminator)
        {
            sum += b;
        }

        return (byte)sum;
    }

    /// <summary>One frame: <c>STX FN text ETB|ETX C1 C2 CR LF</c>.</summary>
    public static byte[] Frame(int frameNumber, ReadOnlySpan<byte> text, bool last)
    {
        var body = new byte[text.Length + 2];
        body[0] = (byte)('0' + (frameNumber & 7));
        text.CopyTo(body.AsSpan(1));
        body[^1] = last ? Etx : Etb;
        var checksum = Checksum(body).ToString("X2", CultureInfo.InvariantCulture);
        return [Stx, .. body, (byte)checksum[0], (byte)checksum[1], 0x0D, 0x0A];
    }

    /// <summary>
    /// A message's records as the frames a sender transmits: each record starts a frame and ends with
    /// CR; a record longer than a frame goes on in intermediate (ETB) frames. Frame numbers start at 1.
    /// </summary>
    public static List<byte[]> Frames(IEnumerable<string> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var frames = new List<byte[]>();
        var number = 1;
        foreach (var record in records)
        {
            var bytes = Encoding.Latin1.GetBytes(record + "\r");
            for (var offset = 0; offset < bytes.Length; offset += MaxFrameText)
            {
                var length = Math.Min(MaxFrameText, bytes.Length - offset);
                frames.Add(Frame(number++, bytes.AsSpan(offset, length), offset + length == bytes.Length));
            }
        }

        return frames;
    }
}
