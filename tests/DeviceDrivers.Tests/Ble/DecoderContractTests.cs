using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Protocols;
using EdgeGateway.DeviceDrivers.Readings;
using static EdgeGateway.Tests.Shared.Frames;

namespace EdgeGateway.DeviceDrivers.Tests.Ble;

/// <summary>
/// What every Bluetooth decoder promises whatever the bytes: a typed error or measurements, never
/// an exception; a cut frame or one with a byte too many is never taken for the reading; every
/// flag combination announcing a field the frame lacks is a missing field. The valid frames are
/// the per-profile tests' cited examples.
/// </summary>
public sealed class DecoderContractTests
{
    public static TheoryData<string, string> ValidFrames => new()
    {
        { "ble-blood-pressure", "1E 7900 4C00 5B00 E8070B1D091E00 4800 01 0400" },
        { "ble-temperature", "06 B00E00FE DC070C050B321B 04" },
        { "ble-temperature-intermediate", "03 B00E00FE DC070C050B321B" },
        { "ble-plx-spot", "0F ACF3 BEF5 E8070B1D170839 2040 220000 66E3" },
        { "ble-plx-continuous", "1F DEF3 CAF3 CAF3 5AF5 D4F3 B2F2 2001 000000 7AE3" },
        { "ble-weight", "0E 1C3E E407040D10260A 01 0401 D606" },
        { "ble-glucose", "1B 0100 E307021B0B0A1E FBFF 1E00 12 0501" },
        { "ble-glucose", "13 0700 EA070B1D080F00 0000 7AB0 11 42 0700 01 41F0" },
        { "ble-heart-rate", "1F 0101 3201 0100 0201 FFFF" },
    };

    /// <summary>For each protocol: its fixed part (flags first) and the flag bits that announce a field.</summary>
    public static TheoryData<string, string, int> FixedParts => new()
    {
        { "ble-blood-pressure", "00 7900 4C00 5B00", 0x1E },
        { "ble-temperature", "00 7101 00FF", 0x06 },
        { "ble-temperature-intermediate", "00 7101 00FF", 0x06 },
        { "ble-plx-spot", "00 6100 4800", 0x0F },
        { "ble-plx-continuous", "00 6100 4800", 0x1F },
        { "ble-weight", "00 1C3E", 0x0E },
        // The context (bit 4) follows in the same frame only when the meter sent it: not required.
        { "ble-glucose", "00 0100 E407040D10260A", 0x0B },
        { "ble-heart-rate", "00 48", 0x19 },
    };

    [Theory]
    [MemberData(nameof(ValidFrames))]
    public void ValidFrame_Decodes(string protocol, string hex)
    {
        var result = Decoder(protocol).Decode(Hex(hex));

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.NotEmpty(result.Measurements);
        Assert.All(result.Measurements, m => Assert.True(m.Value is not null || m.Components.Count > 0));
    }

    [Theory]
    [MemberData(nameof(ValidFrames))]
    public void ValidFrame_NoPrefixPassesForTheWholeReading(string protocol, string hex)
    {
        var decoder = Decoder(protocol);
        var frame = Hex(hex);
        var whole = Describe(decoder.Decode(frame));
        for (var length = 0; length < frame.Length; length++)
        {
            var prefix = decoder.Decode(frame.AsSpan(0, length));
            Assert.True(!prefix.IsSuccess || Describe(prefix) != whole, $"a {length}-byte prefix decoded as the whole frame");
            if (!prefix.IsSuccess)
            {
                Assert.InRange(prefix.Error!.Offset, 0, length);
            }
        }
    }

    [Theory]
    [MemberData(nameof(ValidFrames))]
    public void ValidFrame_WithAnExtraByte_IsNotTheReading(string protocol, string hex)
    {
        var decoder = Decoder(protocol);
        var frame = Hex(hex);

        var longer = decoder.Decode([.. frame, 0x00]);

        Assert.True(!longer.IsSuccess || Describe(longer) != Describe(decoder.Decode(frame)));
    }

    [Theory]
    [MemberData(nameof(FixedParts))]
    public void EveryFlagCombination_WithOnlyTheFixedPart_FailsExactlyWhenAFieldIsAnnounced(string protocol, string fixedHex, int announcing)
    {
        var decoder = Decoder(protocol);
        var frame = Hex(fixedHex);
        for (var flags = 0; flags < 256; flags++)
        {
            frame[0] = (byte)flags;

            var result = decoder.Decode(frame);

            var announcesAField = (flags & announcing) != 0;
            Assert.True(announcesAField != result.IsSuccess, $"flags 0x{flags:X2}: {result.Error}");
            if (announcesAField)
            {
                Assert.Equal(DecodeErrorKind.MissingField, result.Error!.Kind);
            }
        }
    }

    [Theory]
    [MemberData(nameof(FixedParts))]
    public void RandomBytes_NeverThrowAndEitherDecodeOrErr(string protocol, string fixedHex, int announcing)
    {
        _ = announcing;
        var decoder = Decoder(protocol);
        var random = new Random(HashCode.Combine(protocol.Length, fixedHex.Length, 20261129));
        var buffer = new byte[48];
        for (var i = 0; i < 100_000; i++)
        {
            var length = random.Next(buffer.Length + 1);
            random.NextBytes(buffer.AsSpan(0, length));

            var result = decoder.Decode(buffer.AsSpan(0, length));

            Assert.True(result.IsSuccess ^ result.Error is not null);
            Assert.True(result.IsSuccess ? result.Measurements.Count > 0 : result.Error!.Offset <= length);
            foreach (var measurement in result.Measurements)
            {
                foreach (var value in measurement.Components.Append(measurement.Value).OfType<ObservedValue>())
                {
                    Assert.True(value.Quantity.HasValue ^ value.Quantity.Absent != AbsentReason.None);
                    Assert.False(string.IsNullOrEmpty(value.Quantity.Unit));
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(ValidFrames))]
    public void MutatedValidFrames_NeverThrow_InTheDecoderOrWhenMadeReadings(string protocol, string hex)
    {
        // Random bytes rarely make a valid Date Time, so the fields after it go untested: mutate real
        // frames instead — bytes changed, dates pushed to the calendar's edges, cuts, extra bytes —
        // and turn every success into readings in a zone behind UTC (where 9999-12-31 23:59 has no instant).
        var decoder = Decoder(protocol);
        var original = Hex(hex);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Pacific/Honolulu");
        var random = new Random(HashCode.Combine(protocol.Length, hex.Length, 29));
        byte[][] edges = [[0x0F, 0x27, 12, 31, 23, 59, 59], [0x2E, 0x06, 1, 1, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]];
        for (var i = 0; i < 20_000; i++)
        {
            var frame = original.ToList();
            for (var change = random.Next(1, 4); change > 0; change--)
            {
                switch (random.Next(5))
                {
                    case 0 when frame.Count > 0:
                        frame[random.Next(frame.Count)] = (byte)random.Next(256);
                        break;
                    case 1 when frame.Count >= 7:
                        var at = random.Next(frame.Count - 6);
                        var edge = edges[random.Next(edges.Length)];
                        for (var k = 0; k < 7; k++) frame[at + k] = edge[k];
                        break;
                    case 2 when frame.Count > 0:
                        frame.RemoveRange(random.Next(frame.Count), 1);
                        break;
                    case 3:
                        frame.Insert(random.Next(frame.Count + 1), (byte)random.Next(256));
                        break;
                    default:
                        frame[0] = (byte)random.Next(256); // any flags over the same fields
                        break;
                }
            }

            var bytes = frame.ToArray();
            var result = decoder.Decode(bytes);

            Assert.True(result.IsSuccess ^ result.Error is not null);
            _ = ReadingFactory.Create(result, bytes, DateTimeOffset.UtcNow, new FrameSource("dev-1", protocol, zone));
        }
    }

    [Fact]
    public void EveryBluetoothProfileOfTheIssue_IsInTheCatalog()
    {
        var names = ProtocolCatalog.All.Select(p => p.Name).ToHashSet();

        Assert.Superset(names.Where(n => n.StartsWith("ble-", StringComparison.Ordinal)).ToHashSet(),
            FixedParts.Select(row => (string)row[0]).ToHashSet());
        Assert.Equal(names.Count(n => n.StartsWith("ble-", StringComparison.Ordinal)), FixedParts.Select(row => (string)row[0]).Distinct().Count());
    }

    private static IFrameDecoder Decoder(string protocol)
    {
        Assert.True(ProtocolCatalog.TryGet(protocol, out var info), protocol);
        return info.CreateDecoder();
    }
}
