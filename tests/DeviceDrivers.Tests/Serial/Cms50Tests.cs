using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Serial.Contec;
using static EdgeGateway.Tests.Shared.Frames;

namespace EdgeGateway.DeviceDrivers.Tests.Serial;

// Packing (type byte with bit 7 clear; high byte whose bit i is bit 7 of data byte i; data bytes with
// bit 7 set) and 115200 8N1: Contec "Communication protocol of pulse oximeter V7.0", section 3.2
// (https://www.scribd.com/document/226223253/Communication-Protocol-of-Contec-Pulse-Oximeter-V7-0).
// The real-time packet's fields as timegrid/CMS50Dplus7 implements that document (cms50dplus7.py:
// decode_package, RealtimeDataPoint — d0 probe error 0x80, pulse beep 0x40, low SpO2 0x20, searching too
// long 0x10; d1 searching 0x80; d3 pulse rate, 0xFF invalid; d4 SpO2, 0x7F invalid; d5–d6 PI), and
// InfantLab/Contec-Pulse-Oximeter-in-Matlab (CMS60CRealTimeDataDecode.m, same bits). Commands 7D 81 xx
// 80…: A1 start, A2 stop, AF keep-alive (timegrid: every 5 s; InfantLab HeartRateUSB_serial.m: "at
// least once every 5 seconds"). The captures are headrotor/contec_data's (stream_data.py: a CMS50D+
// answering its host's commands, then streaming after 7D 81 A1 80 80 80 80 80 80); celiponcio's
// cms50Dplus_thread.py reads the high byte's bit 0 as finger out and bit 1 as searching.
public sealed class Cms50Tests
{
    /// <summary>headrotor/contec_data's captured real-time packets: 65 /min, 97 %, the pleth moving.</summary>
    private static readonly string[] CapturedPackets =
    [
        "01 E0 85 B3 96 C1 E1 FF FF",
        "01 E0 85 B0 96 C1 E1 FF FF",
        "01 E0 85 AE 95 C1 E1 FF FF",
        "01 E0 85 AC 95 C1 E1 FF FF",
        "01 E0 85 AB 95 C1 E1 FF FF",
        "01 E0 85 AA 95 C1 E1 FF FF",
    ];

    public static TheoryData<string> Captured => [.. CapturedPackets];

    /// <summary>The same capture's answers to the host's commands before A1 (A7, A2, A0, B0, AC, B3, A8, AA, A9): not readings.</summary>
    private const string CapturedAnswers =
        "0C 80 0C 80 06 80 80 87 11 80 81 81 80 80 80 80 80 0E 80 81 13 80 A0 A0 A0 A0 A0 A0 A0 14 80 A0 A0 A0 A0 A0 80 80 " +
        "02 80 80 A0 A0 A0 A0 A0 A0 02 81 FF A0 A0 A0 A0 A0 A0 04 80 F5 F3 E5 F2 A0 A0 A0 03 80 A0 A0 A0 A0 A0 A0 A0";

    private readonly Cms50Decoder _decoder = new();

    [Theory]
    [MemberData(nameof(Captured))]
    public void CapturedPacket_Is65PerMinuteAnd97Percent(string hex)
    {
        var result = _decoder.Decode(Hex(hex));

        Assert.Equal([Quantity.Of(97, Ucum.Percent), Quantity.Of(65, Ucum.PerMinute)], result.Measurements.Select(m => m.Value!.Quantity));
        Assert.All(result.Measurements, m => Assert.Equal(ReadingFlags.None, m.Flags));
        Assert.All(result.Measurements, m => Assert.Null(m.DeviceLocalTime));
    }

    [Fact]
    public void Encoder_WritesTheCapturedPacket_AndTheCommandsAreTheCapturedOnes()
    {
        // High byte E0: bit 7 of d5 and d6 (the PI FF FF the device could not give) travels there.
        Assert.Equal(Hex("01 E0 85 B3 96 C1 E1 FF FF"), Cms50Encoder.Encode(65, 97));
        Assert.Equal(Hex("7D 81 A1 80 80 80 80 80 80"), Cms50Commands.Build(Cms50Commands.StartRealTime));
        Assert.Equal(Hex("7D 81 AF 80 80 80 80 80 80"), Cms50Commands.Build(Cms50Commands.KeepAlive));
    }

    [Fact]
    public void PulseAbove127_TakesBit7FromTheHighByte()
    {
        // 150 = 0x96: its bit 7 is the high byte's bit 3 (E0 | 08 = E8); byte 5 alone says 0x16 = 22.
        var packet = Hex("01 E8 85 B3 96 96 E1 FF FF");

        Assert.Equal(packet, Cms50Encoder.Encode(150, 97));
        Assert.Equal(150m, _decoder.Decode(packet).Measurements[1].Value!.Quantity.Value);
    }

    [Theory]
    [InlineData("01 E1 85 B3 96 C1 E1 FF FF", ReadingFlags.SensorUnconnected)] // high byte bit 0: d0 bit 7, probe error (finger out)
    [InlineData("01 E2 85 B3 96 C1 E1 FF FF", ReadingFlags.OutOfTrack)]        // high byte bit 1: d1 bit 7, searching for the pulse
    [InlineData("01 E0 95 B3 96 C1 E1 FF FF", ReadingFlags.OutOfTrack)]        // d0 0x10: searching too long
    public void NotMeasuring_SendsNoNumber(string hex, ReadingFlags flag)
    {
        var result = _decoder.Decode(Hex(hex));

        Assert.All(result.Measurements, m =>
        {
            Assert.Equal(AbsentReason.Error, m.Value!.Quantity.Absent);
            Assert.Equal(flag, m.Flags);
        });
    }

    [Theory]
    [InlineData(255, 97, false, true)]   // pulse rate FF: invalid
    [InlineData(65, 127, true, false)]   // SpO2 7F: invalid
    [InlineData(0, 0, false, false)]
    public void InvalidMarkers_GiveNoNumber(int pulseRate, int spo2, bool pulseGiven, bool saturationGiven)
    {
        var result = _decoder.Decode(Cms50Encoder.Encode(pulseRate, spo2));

        Assert.Equal([saturationGiven, pulseGiven], result.Measurements.Select(m => m.Value!.Quantity.HasValue));
    }

    [Fact]
    public void LowSpO2_IsSaidNextToTheValues_AndAReservedBitIsFlagged()
    {
        var low = _decoder.Decode(Cms50Encoder.Encode(88, 89, status: 0x25)).Measurements[0];
        var reserved = _decoder.Decode(Cms50Encoder.Encode(65, 97, bar: 0x36)).Measurements[0];

        Assert.Equal(89m, low.Value!.Quantity.Value);
        Assert.Equal(["The oximeter signals low SpO2"], low.Notes);
        Assert.Equal(ReadingFlags.ReservedStatusValue, reserved.Flags);
    }

    [Theory]
    [InlineData("01 E0 85 B3 96 C1 E1 FF", DecodeErrorKind.TooShort)]
    [InlineData("01 E0 85 B3 96 C1 E1 FF FF 80", DecodeErrorKind.TrailingBytes)]
    [InlineData("02 E0 85 B3 96 C1 E1 FF FF", DecodeErrorKind.Malformed)]   // another packet type
    [InlineData("01 E0 85 33 96 C1 E1 FF FF", DecodeErrorKind.Malformed)]   // a byte without its sync bit
    [InlineData("01 E0 85 B3 96 C1 E5 FF FF", DecodeErrorKind.InvalidField)] // SpO2 101
    public void BadPacket_IsATypedError(string hex, DecodeErrorKind kind)
    {
        Assert.Equal(kind, _decoder.Decode(Hex(hex)).Error?.Kind);
    }

    [Fact]
    public void Framer_DropsTheCapturedAnswersToCommands_AndFindsEveryRealTimePacketWhereverTheStreamIsCut()
    {
        var framer = new Cms50Framer();
        byte[] stream = [.. Hex(CapturedAnswers), .. CapturedPackets.SelectMany(Hex), 0x01, 0xE0, 0x85];

        for (var cut = 0; cut <= stream.Length; cut++)
        {
            var (frames, left) = FrameAll(framer, stream, cut);

            Assert.Equal(CapturedPackets.Length, frames.Count);
            Assert.All(frames, f => Assert.Equal(65m, _decoder.Decode(f).Measurements[1].Value!.Quantity.Value));
            Assert.Equal([0x01, 0xE0, 0x85], left); // the start of the next packet, kept for the bytes to come
        }
    }

    [Fact]
    public void FramerAndDecoder_RandomAndMutatedBytes_NeverThrow_AndFramesAlwaysDecode()
    {
        var framer = new Cms50Framer();
        var random = new Random(50);
        var good = Hex("01 E0 85 B3 96 C1 E1 FF FF");
        for (var i = 0; i < 100_000; i++)
        {
            var data = RandomOrMutated(random, good, i);

            var match = framer.Find(data);
            Assert.InRange(match.Skip, 0, data.Length);
            Assert.InRange(match.Skip + match.Length, 0, data.Length);
            if (match.Length > 0)
            {
                // Type and sync bits were checked by the framer: only an SpO2 no oximeter gives is refused.
                var result = _decoder.Decode(data.AsSpan(match.Skip, match.Length));
                Assert.True(result.IsSuccess ? result.Measurements.Count == 2 : result.Error!.Kind == DecodeErrorKind.InvalidField, result.Error?.ToString());
            }

            var whole = _decoder.Decode(data);
            Assert.True(whole.IsSuccess ? whole.Measurements.Count == 2 : whole.Error!.Offset <= data.Length && whole.Error.Message.Length > 0);
        }
    }

    [Fact]
    public void Simulator_WritesPacketsTheDecoderReads()
    {
        var simulator = new Cms50Simulator(new Random(7));

        Assert.All(Enumerable.Range(0, 100), _ => Assert.True(_decoder.Decode(simulator.NextFrame()).IsSuccess));
    }
}
