using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Serial.Contec;
using static EdgeGateway.Tests.Shared.Frames;

namespace EdgeGateway.DeviceDrivers.Tests.Serial;

// The V7.0 stored-record answers. Captures: François Revol ("mmu_man") dumping a Contec CMS50F 3.7 with
// the commands SleepyHead sends, https://pastebin.com/f1rN8SbB ("data dump from my CMS 50F 3.7 005": A5
// answered 07 80 80 80 94 8E 88 92 / 12 80 80 80 82 A6 92 80 and the dump says "timestamp: 2014-08-18
// 02:38:18"), https://pastebin.com/gPiz9JXp (12 … 92 A1 BB 80 with "18:33:59"), https://pastebin.com/8d4j0S1n
// (A4 → 08 80 80 80 D2 80 80 80; A6 → 0F 80 DD CD DD CD DE CE …) and https://pastebin.com/XGPUy561 (13
// A4 answers beside the number of 0F packets that followed each). Field layouts: OSCAR
// (james-coder/OSCAR-code oscar/SleepLib/loader_plugins/cms50f37_loader.cpp: 07 year = d2 and d3 as
// "%02i%02i", month d4, day d5; 12 hour d3, minute d4, second d5 of the packet; 08 length d2–d5; 0A d1 the
// count; 0F SpO2/pulse pairs; a year 0 is "cms50D+ detected", whose start time is not valid);
// kaivol/pulox contec-protocol/src/incoming_package.rs (the packet list and lengths); bmartin427/CMS50
// cms50.py (A4 user 0 segment 0 on a CMS50D+ 4.6: the length is bytes, two a sample).
public sealed class Cms50StorageTests
{
    private static readonly DateTime Captured = new(2014, 8, 18, 2, 38, 18);
    private readonly Cms50Decoder _decoder = new();

    private static byte[] Data(string hex)
    {
        var packet = Hex(hex);
        var data = new byte[packet.Length - 2];
        Cms50Packet.Unpack(packet, data);
        return data;
    }

    [Fact]
    public void CapturedStartTime_Is20140818_023818_AndTheEncoderWritesTheCapturedBytes()
    {
        Assert.Equal(Captured, Cms50Storage.StartOf(Data("07 80 80 80 94 8E 88 92"), Data("12 80 80 80 82 A6 92 80")));
        Assert.Equal(new DateTime(2014, 8, 18, 18, 33, 59), Cms50Storage.StartOf(Data("07 80 80 80 94 8E 88 92"), Data("12 80 80 80 92 A1 BB 80")));
        Assert.Equal(Hex("07 80 80 80 94 8E 88 92"), Cms50Storage.StartDate(0, 0, Captured));
        Assert.Equal(Hex("12 80 80 80 82 A6 92 80"), Cms50Storage.StartTime(0, 0, Captured));
    }

    [Fact]
    public void YearZero_OfADeviceWithoutAClock_IsNoStart_NorIsAnImpossibleDate()
    {
        // OSCAR: a year 0 is the CMS50D+ ("cms50D+ detected"); its start is "faked" and set by hand.
        Assert.Null(Cms50Storage.StartOf(Data("07 80 80 80 80 80 80 80"), Data("12 80 80 80 80 80 80 80")));
        Assert.Null(Cms50Storage.StartOf(Data("07 80 80 80 94 8E 8D 81"), Data("12 80 80 80 82 A6 92 80")));   // month 13
        Assert.Null(Cms50Storage.StartOf(Data("07 80 80 80 94 8E 82 9E"), Data("12 80 80 80 82 A6 92 80")));   // 30 February
        Assert.Null(Cms50Storage.StartOf(Data("07 80 80 80 94 8E 88 92"), Data("12 80 80 80 98 A6 92 80")));   // hour 24
    }

    [Theory]
    [InlineData("08 80 80 80 A4 80 80 80", 6)]
    [InlineData("08 80 80 80 D2 80 80 80", 14)]
    [InlineData("08 80 80 80 C8 80 80 80", 12)]
    [InlineData("08 84 80 80 CA 80 80 80", 34)]
    [InlineData("08 80 80 80 A2 80 80 80", 6)]
    [InlineData("08 80 80 80 A4 81 80 80", 49)]
    [InlineData("08 84 80 80 98 80 80 80", 26)]
    [InlineData("08 84 80 80 C2 80 80 80", 33)]
    [InlineData("08 84 80 80 D2 84 80 80", 206)]
    [InlineData("08 84 80 80 AA 81 80 80", 71)]
    [InlineData("08 80 80 80 90 80 80 80", 3)]
    [InlineData("08 84 80 80 84 80 80 80", 22)]
    [InlineData("08 84 80 80 C0 93 80 80", 843)]
    public void CapturedLength_IsBytes_TwoASample_ThreeSamplesAPacket(string answer, int packetsThatFollowed)
    {
        // High byte 84: bit 7 of d2 (e.g. C0 93 → 0x13C0 = 5056 bytes, 2528 samples, 843 packets).
        var bytes = Cms50Storage.LengthOf(Data(answer));

        Assert.Equal(packetsThatFollowed, (bytes / Cms50Storage.BytesPerSample + Cms50Storage.SamplesPerPacket - 1) / Cms50Storage.SamplesPerPacket);
        Assert.Equal(Hex(answer), Cms50Storage.Length(0, 0, bytes));
    }

    [Fact]
    public void CapturedData_IsThreeSamplesOfSpO2AndPulse_AndTheEncoderWritesIt()
    {
        Assert.Equal([0x5D, 0x4D, 0x5D, 0x4D, 0x5E, 0x4E], Data("0F 80 DD CD DD CD DE CE"));   // 93/77, 93/77, 94/78
        Assert.Equal(Hex("0F 80 DD CD DD CD DE CE"), Cms50Storage.Data([(93, 77), (93, 77), (94, 78)]));
        Assert.Equal(Hex("0F 80 DE C2 DE C2 DE C2"), Cms50Storage.Data([(94, 66), (94, 66), (94, 66)])); // OSCAR's comment "f,80,de,c2,de,c2,de,c2"
        Assert.Equal(Hex("0F 80 DE C2 80 80 80 80"), Cms50Storage.Data([(94, 66)]));                    // the last packet, padded
    }

    [Fact]
    public void Commands_AreTheCapturedOnes_WithUserAndSegmentInD1AndD2()
    {
        Assert.Equal(Hex("7D 81 A5 80 80 80 80 80 80"), Cms50Commands.Build(Cms50Commands.AskStartTime, 0, 0));
        Assert.Equal(Hex("7D 81 A6 81 82 80 80 80 80"), Cms50Commands.Build(Cms50Commands.AskData, 1, 2));
        Assert.Equal(Hex("7D 81 AD 80 80 80 80 80 80"), Cms50Commands.Build(Cms50Commands.AskUserAmount));
    }

    [Fact]
    public void StoredSample_IsSpO2AndPulseAtStartPlusItsIndexInSeconds_FromMemory()
    {
        var frame = Cms50StoredSample.Encode(0, 0, Captured, 3_601, 93, 77);

        var result = _decoder.Decode(frame);

        Assert.Equal(Hex("8F 00 00 14 0E 08 12 02 26 12 00 00 0E 11 5D 4D"), frame);
        Assert.Equal([Quantity.Of(93, Ucum.Percent), Quantity.Of(77, Ucum.PerMinute)], result.Measurements.Select(m => m.Value!.Quantity));
        Assert.All(result.Measurements, m =>
        {
            Assert.Equal(Captured.AddSeconds(3_601), m.DeviceLocalTime);
            Assert.Equal(ReadingFlags.MeasurementFromStorage, m.Flags);
            Assert.Equal(0, m.DeviceUserIndex);
        });
    }

    [Theory]
    [InlineData(0, 0)]      // finger out while recording: zeros (headrotor/contec_data download_data.py)
    [InlineData(127, 255)]  // the invalid markers (timegrid/CMS50Dplus7 StorageDataPoint)
    public void StoredSecondWithNeitherValue_GivesNoReading(int spo2, int pulseRate)
    {
        var result = _decoder.Decode(Cms50StoredSample.Encode(0, 0, Captured, 5, spo2, pulseRate));

        Assert.True(result.IsSuccess);
        Assert.Empty(result.Measurements);
    }

    [Fact]
    public void StoredSampleWithOneValue_GivesItAndNoNumberForTheOther()
    {
        var result = _decoder.Decode(Cms50StoredSample.Encode(1, 0, Captured, 5, 127, 80));

        Assert.Equal([false, true], result.Measurements.Select(m => m.Value!.Quantity.HasValue));
        Assert.All(result.Measurements, m => Assert.Equal(1, m.DeviceUserIndex));
    }

    [Theory]
    [InlineData("8F 00 00 14 0E 08 12 02 26 12 00 00 00 05 5D", DecodeErrorKind.TooShort)]
    [InlineData("8F 00 00 14 0E 08 12 02 26 12 00 00 00 05 5D 4D 00", DecodeErrorKind.TrailingBytes)]
    [InlineData("8F 00 00 14 0E 0D 12 02 26 12 00 00 00 05 5D 4D", DecodeErrorKind.InvalidField)]  // month 13
    [InlineData("8F 00 00 00 00 00 00 00 00 00 00 00 00 05 5D 4D", DecodeErrorKind.InvalidField)]  // year 0: no start
    [InlineData("8F 00 00 14 0E 08 12 02 26 12 00 00 00 05 65 4D", DecodeErrorKind.InvalidField)]  // SpO2 101
    [InlineData("8F 00 00 63 63 0C 1F 17 3B 3B 00 00 00 05 5D 4D", DecodeErrorKind.InvalidField)]  // after 9999-12-31 23:59:59
    public void BadStoredSample_IsATypedError(string hex, DecodeErrorKind kind)
    {
        Assert.Equal(kind, _decoder.Decode(Hex(hex)).Error?.Kind);
    }

    [Fact]
    public void PacketFramer_FindsEveryCapturedAnswer_WhereverTheStreamIsCut_AndDropsAPacketCutShort()
    {
        string[] answers =
        [
            "0C 80", "10 80 81", "0A 80 80 81", "08 80 80 80 A4 81 80 80", "07 80 80 80 94 8E 88 92", "12 80 80 80 82 A6 92 80",
            "0F 80 DE C2 DE C2 DE C2", "01 E0 85 B3 96 C1 E1 FF FF", "06 80 80 87", "0B 81 A6 85",
        ];
        var framer = new Cms50PacketFramer();
        // A real-time packet cut by the next type byte (noise), then the answers, then the start of one more.
        byte[] stream = [0x01, 0xE0, 0x85, .. answers.SelectMany(Hex), 0x0F, 0x80, 0xDE];

        for (var cut = 0; cut <= stream.Length; cut++)
        {
            var (frames, left) = FrameAll(framer, stream, cut);

            Assert.Equal(answers.Select(Hex), frames);
            Assert.Equal([0x0F, 0x80, 0xDE], left);
        }
    }

    [Fact]
    public void PacketFramer_RandomAndMutatedBytes_NeverThrows_AndEveryPacketIsATypeAndSyncedBytes()
    {
        var framer = new Cms50PacketFramer();
        var random = new Random(7_0);
        var good = Hex("07 80 80 80 94 8E 88 92 12 80 80 80 82 A6 92 80 0F 80 DE C2 DE C2 DE C2 0C 80");
        for (var i = 0; i < 100_000; i++)
        {
            var data = RandomOrMutated(random, good, i);

            var match = framer.Find(data);
            Assert.InRange(match.Skip, 0, data.Length);
            Assert.InRange(match.Skip + match.Length, 0, data.Length);
            if (match.Length > 0)
            {
                var packet = data.AsSpan(match.Skip, match.Length);
                Assert.True((packet[0] & 0x80) == 0);
                Assert.True(packet[1..].ToArray().All(b => (b & 0x80) != 0));
                var known = Cms50PacketFramer.LengthOf(packet[0]);
                Assert.True(known == 0 ? packet.Length <= Cms50PacketFramer.MaxLength : packet.Length == known);
            }
        }
    }

    [Fact]
    public void Decoder_RandomAndMutatedStoredSamples_NeverThrows_AndASampleIsTwoReadingsAtItsTimeOrNone()
    {
        var random = new Random(8_0);
        var good = Cms50StoredSample.Encode(0, 0, Captured, 100, 96, 70);
        for (var i = 0; i < 100_000; i++)
        {
            byte[] data;
            if (i % 2 == 0)
            {
                data = new byte[random.Next(24)];
                random.NextBytes(data);
                if (data.Length > 0)
                {
                    data[0] = Cms50StoredSample.Kind;
                }
            }
            else
            {
                data = [.. good];
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    data[random.Next(data.Length)] = (byte)random.Next(256);
                }
            }

            var result = _decoder.Decode(data);
            if (result.IsSuccess)
            {
                Assert.True(result.Measurements.Count is 0 or 2);
                Assert.All(result.Measurements, m => Assert.NotNull(m.DeviceLocalTime));
            }
            else
            {
                Assert.InRange(result.Error!.Offset, 0, data.Length);
                Assert.NotEmpty(result.Error.Message);
            }
        }
    }
}
