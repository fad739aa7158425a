using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Serial.Nonin;
using static EdgeGateway.Tests.Shared.Frames;

namespace EdgeGateway.DeviceDrivers.Tests.Serial;

// Layout: Nonin WristOx2 3150 OEM Specification (7970-000-05), "Data Format #2". Captures:
// a Nonin 9560 Onyx II capture quoted in mattjlewis/NoninPulseOx (DataFormat2FrameSerialiser.java),
// and the packet of pez-globo/pufferfish-software's packet receiver unit test; every checksum checked.
public sealed class NoninDf2Tests
{
    /// <summary>The 9560 capture: four frames of the previous packet's tail, the 25 frames of one packet, the next SYNC.</summary>
    private const string Capture9560 =
        "01804900CA 0180464A11 01804400C5 01804300C4 " +
        "01814300C5 0180434A0E 0180436024 0180439458 01804300C4 01804100C2 01803E17D6 01803C04C1 018039601A 0180366017 " +
        "0180356016 01803400B5 01803400B5 01803400B5 0180354A00 0180366017 0180376018 01803A00BB 01804000C1 01804A00CB " +
        "0180574A22 01806900EA 01807C4A47 0180900011 0180A10022 " +
        "0181AF0031";

    /// <summary>The pufferfish unit test's packet: HR 72, SpO2 97, firmware revision 48, pleth 1.</summary>
    private const string Pufferfish =
        "0181010083 01800148CA 01800161E3 01800130B2 0180010082 0180010082 0180010082 0180010082 01800161E3 01800161E3 " +
        "01800161E3 0180010082 0180010082 0180010082 01800148CA 01800161E3 01800161E3 0180010082 0180010082 0180010082 " +
        "01800148CA 0180010082 01800148CA 0180010082 0180010082";

    private readonly NoninDf2Decoder _decoder = new();

    [Fact]
    public void Capture9560_IsFoundAfterThePreviousPacketsTail_AndDecodesTo74PerMinuteAnd96Percent()
    {
        var stream = Hex(Capture9560);

        var match = new NoninDf2Framer().Find(stream);

        Assert.Equal((20, NoninDf2Decoder.PacketLength), (match.Skip, match.Length));
        var result = _decoder.Decode(stream.AsSpan(match.Skip, match.Length));
        Assert.Equal([Quantity.Of(96, Ucum.Percent), Quantity.Of(74, Ucum.PerMinute)], result.Measurements.Select(m => m.Value!.Quantity));
        Assert.All(result.Measurements, m => Assert.Equal(ReadingFlags.None, m.Flags));
    }

    [Fact]
    public void PufferfishPacket_Is72PerMinuteAnd97Percent()
    {
        var result = _decoder.Decode(Hex(Pufferfish));

        Assert.Equal([97m, 72m], result.Measurements.Select(m => m.Value!.Quantity.Value!.Value));
    }

    [Theory]
    [InlineData(0x84, ReadingFlags.LowPerfusion)]        // red
    [InlineData(0x86, ReadingFlags.MarginalPerfusion)]   // yellow
    [InlineData(0x82, ReadingFlags.None)]                // green
    [InlineData(0x90, ReadingFlags.OutOfTrack)]
    [InlineData(0xA0, ReadingFlags.Artifact)]
    public void StatusBits_BecomeFlags(byte status, ReadingFlags expected)
    {
        var result = _decoder.Decode(NoninDf2Encoder.Encode(72, 97, status));

        Assert.All(result.Measurements, m => Assert.Equal(expected, m.Flags));
    }

    [Fact]
    public void SensorAlarmOrMissingValues_SendNoNumber()
    {
        Assert.All(_decoder.Decode(NoninDf2Encoder.Encode(72, 97, 0x88)).Measurements, m => Assert.False(m.Value!.Quantity.HasValue));
        Assert.All(_decoder.Decode(NoninDf2Encoder.Encode(511, 127, 0x90)).Measurements, m => Assert.False(m.Value!.Quantity.HasValue));
    }

    [Fact]
    public void PulseAbove255_TakesTheHighFrameBits()
    {
        Assert.Equal(300m, _decoder.Decode(NoninDf2Encoder.Encode(300, 95)).Measurements[1].Value!.Quantity.Value);
    }

    [Fact]
    public void OneCorruptedFrame_IsABadChecksum_AndTheFramerSkipsThePacket()
    {
        var packet = NoninDf2Encoder.Encode(72, 97);
        packet[(10 * 5) + 2] ^= 0x01; // a pleth byte in frame 11

        Assert.Equal(DecodeErrorKind.BadChecksum, _decoder.Decode(packet).Error?.Kind);
        byte[] stream = [.. packet, .. NoninDf2Encoder.Encode(75, 98)];
        var match = new NoninDf2Framer().Find(stream);
        Assert.Equal(NoninDf2Decoder.PacketLength, match.Skip);
        Assert.Equal(75m, _decoder.Decode(stream.AsSpan(match.Skip, match.Length)).Measurements[1].Value!.Quantity.Value);
    }

    [Fact]
    public void FramerAndDecoder_RandomAndMutatedBytes_NeverThrow_AndFramesAlwaysDecode()
    {
        var framer = new NoninDf2Framer();
        var random = new Random(2);
        var good = NoninDf2Encoder.Encode(72, 97);
        for (var i = 0; i < 100_000; i++)
        {
            byte[] data;
            if (i % 2 == 0)
            {
                data = new byte[random.Next(300)];
                random.NextBytes(data);
            }
            else
            {
                data = [.. good.Take(random.Next(good.Length + 1)), .. good];
                data[random.Next(data.Length)] = (byte)random.Next(256);
            }

            var match = framer.Find(data);
            Assert.InRange(match.Skip + match.Length, 0, data.Length);
            if (match.Length > 0)
            {
                Assert.True(_decoder.Decode(data.AsSpan(match.Skip, match.Length)).IsSuccess);
            }

            var whole = _decoder.Decode(data);
            Assert.True(whole.IsSuccess ? whole.Measurements.Count == 2 : whole.Error!.Offset <= data.Length && whole.Error.Message.Length > 0);
        }
    }
}
