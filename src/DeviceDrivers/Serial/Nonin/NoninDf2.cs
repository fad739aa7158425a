using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Simulation;
using EdgeGateway.DeviceDrivers.Transports;

namespace EdgeGateway.DeviceDrivers.Serial.Nonin;

/// <summary>
/// Nonin serial Data Format #2: 5-byte frames <c>01 STATUS PLETH DATA CHK</c> (CHK = the sum of the first
/// four bytes, mod 256), 75 a second (9600 8N1), grouped in packets of 25 whose first frame has the
/// SYNC bit. A packet — 125 bytes — is the unit decoded: the data byte of frame 1 and 2 is the pulse
/// rate's high and low bits, of frame 3 the SpO2, of frame 8 the second status byte.
/// <code>
/// STATUS  1 | SNSD | ARTF | OOT | SNSA | perfusion (2 bits: 01 green, 10 red, 11 yellow) | SYNC
/// HR      (frame 1 DATA &amp; 0x03) &lt;&lt; 7 | (frame 2 DATA &amp; 0x7F); 511 = missing
/// SpO2    frame 3 DATA &amp; 0x7F; 127 = missing
/// STAT2   frame 8 DATA: 0x20 SmartPoint, 0x01 low battery
/// </code>
/// The status bits of the 25 frames are combined (the worst perfusion stands).
/// </summary>
public sealed class NoninDf2Decoder : IFrameDecoder
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "nonin-df2";

    /// <summary>One frame's length.</summary>
    public const int FrameLength = 5;

    /// <summary>Frames in a packet.</summary>
    public const int FramesPerPacket = 25;

    /// <summary>A packet's length.</summary>
    public const int PacketLength = FrameLength * FramesPerPacket;

    private const byte Sync = 0x01, SensorDisconnect = 0x40, Artifact = 0x20, OutOfTrack = 0x10, SensorAlarm = 0x08;

    /// <inheritdoc />
    public string Protocol => ProtocolName;

    /// <summary>True when the 5 bytes are a well-formed frame (start byte, status bit 7, checksum).</summary>
    public static bool IsFrame(ReadOnlySpan<byte> frame) =>
        frame.Length >= FrameLength && frame[0] == 0x01 && (frame[1] & 0x80) != 0
        && (byte)(frame[0] + frame[1] + frame[2] + frame[3]) == frame[4];

    /// <inheritdoc />
    public DecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        if (frame.Length != PacketLength)
        {
            return DecodeResult.Failure(frame.Length < PacketLength ? DecodeErrorKind.TooShort : DecodeErrorKind.TrailingBytes,
                $"a Nonin data format #2 packet is {FramesPerPacket} frames of {FrameLength} bytes ({PacketLength}), got {frame.Length}",
                Math.Min(frame.Length, PacketLength));
        }

        var flags = ReadingFlags.None;
        var perfusion = 0;
        for (var i = 0; i < FramesPerPacket; i++)
        {
            var at = i * FrameLength;
            var one = frame.Slice(at, FrameLength);
            if (one[0] != 0x01 || (one[1] & 0x80) == 0)
            {
                return DecodeResult.Failure(DecodeErrorKind.Malformed, $"frame {i + 1} does not start with 01 and a status byte: the packet is out of sync", at);
            }

            if ((byte)(one[0] + one[1] + one[2] + one[3]) != one[4])
            {
                return DecodeResult.Failure(DecodeErrorKind.BadChecksum, $"frame {i + 1}: checksum 0x{one[4]:X2}, expected 0x{(byte)(one[0] + one[1] + one[2] + one[3]):X2}", at + 4);
            }

            if (((one[1] & Sync) != 0) != (i == 0))
            {
                return DecodeResult.Failure(DecodeErrorKind.Malformed, $"frame {i + 1}: the SYNC bit marks frame 1 only", at + 1);
            }

            var status = one[1];
            if ((status & SensorDisconnect) != 0) flags |= ReadingFlags.SensorDisconnected;
            if ((status & Artifact) != 0) flags |= ReadingFlags.Artifact;
            if ((status & OutOfTrack) != 0) flags |= ReadingFlags.OutOfTrack;
            if ((status & SensorAlarm) != 0) flags |= ReadingFlags.SensorMalfunction;
            // 01 green (good), 10 red (low), 11 yellow (marginal): red is the worst.
            perfusion = ((status >> 1) & 0x03) switch
            {
                2 => 2,
                3 when perfusion != 2 => 3,
                _ => perfusion,
            };
        }

        flags |= perfusion switch { 2 => ReadingFlags.LowPerfusion, 3 => ReadingFlags.MarginalPerfusion, _ => ReadingFlags.None };
        if ((frame[(7 * FrameLength) + 3] & 0x01) != 0) flags |= ReadingFlags.DeviceBatteryLow;

        // The data byte (offset 3) of frames 1 and 2 (pulse) and 3 (SpO2).
        return DecodeResult.Success(NoninValues.Measurements(((frame[3] & 0x03) << 7) | (frame[FrameLength + 3] & 0x7F), frame[(2 * FrameLength) + 3] & 0x7F, flags));
    }
}

/// <summary>
/// Finds DF2 packets: a frame with the SYNC bit, then 24 well-formed frames without it. 0x01 and
/// 0x81 also occur as pleth and data values, so every frame's checksum is checked.
/// </summary>
public sealed class NoninDf2Framer : IFramer
{
    /// <inheritdoc />
    public int MaxFrameLength => NoninDf2Decoder.PacketLength;

    /// <inheritdoc />
    public FrameMatch Find(ReadOnlySpan<byte> data)
    {
        for (var start = 0; start < data.Length; start++)
        {
            if (data[start] != 0x01)
            {
                continue;
            }

            var complete = true;
            var frames = 0;
            for (; frames < NoninDf2Decoder.FramesPerPacket; frames++)
            {
                var at = start + (frames * NoninDf2Decoder.FrameLength);
                if (data.Length - at < NoninDf2Decoder.FrameLength)
                {
                    complete = false;
                    break;
                }

                var frame = data.Slice(at, NoninDf2Decoder.FrameLength);
                if (!NoninDf2Decoder.IsFrame(frame) || ((frame[1] & 0x01) != 0) != (frames == 0))
                {
                    break;
                }
            }

            if (frames == NoninDf2Decoder.FramesPerPacket)
            {
                return new FrameMatch(start, NoninDf2Decoder.PacketLength);
            }

            if (!complete)
            {
                // Well-formed so far, cut by the end of what arrived: wait for the rest.
                return new FrameMatch(start, 0);
            }
        }

        return new FrameMatch(data.Length, 0);
    }
}

/// <summary>Writes DF2 packets (the inverse of <see cref="NoninDf2Decoder"/>), for simulators and tests.</summary>
public static class NoninDf2Encoder
{
    /// <summary>A packet of 25 frames with the pulse rate, SpO2, a status for every frame and STAT2; the pleth follows a simple wave.</summary>
    public static byte[] Encode(int heartRate, int spo2, byte status = 0x82, byte status2 = 0x20)
    {
        var packet = new byte[NoninDf2Decoder.PacketLength];
        for (var i = 0; i < NoninDf2Decoder.FramesPerPacket; i++)
        {
            var data = i switch
            {
                0 => (heartRate >> 7) & 0x03,
                1 => heartRate & 0x7F,
                2 or 8 or 9 or 10 => spo2 & 0x7F,
                3 => 0x30,
                7 => status2 & 0x7F,
                _ => 0,
            };
            var at = i * NoninDf2Decoder.FrameLength;
            packet[at] = 0x01;
            packet[at + 1] = (byte)((status | 0x80) & 0xFE | (i == 0 ? 0x01 : 0x00));
            packet[at + 2] = (byte)(0x40 + (i * 6));
            packet[at + 3] = (byte)data;
            packet[at + 4] = (byte)(packet[at] + packet[at + 1] + packet[at + 2] + packet[at + 3]);
        }

        return packet;
    }
}

/// <summary>A simulated Nonin oximeter in data format #2 (one 25-frame packet per call).</summary>
public sealed class NoninDf2Simulator(Random random) : IDeviceSimulator
{
    /// <inheritdoc />
    public string Protocol => NoninDf2Decoder.ProtocolName;

    /// <inheritdoc />
    public byte[] NextFrame() => NoninDf2Encoder.Encode(random.Next(58, 95), random.Next(94, 100));
}
