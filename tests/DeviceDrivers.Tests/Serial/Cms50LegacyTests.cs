using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Serial.Contec;
using EdgeGateway.DeviceDrivers.Transports;

namespace EdgeGateway.DeviceDrivers.Tests.Serial;

// Layout: Contec CMS50D+ firmware ≤ 4.5 live data as atbrask/CMS50Dplus reads and writes it
// (cms50dplus/cms50dplus.py, LiveDataPoint: sync bit in byte 1 only; finger out 0x10, SpO2 dropping
// 0x20, beep 0x40; byte 3 bar graph, probe error 0x10, searching 0x20, PR bit 7 at 0x40; byte 4 PR
// bits 6–0; byte 5 SpO2), 19200 8O1. The packets are built with its layout (no capture is published).
public sealed class Cms50LegacyTests
{
    private readonly Cms50LegacyDecoder _decoder = new();

    [Fact]
    public void LivePacket_GivesSaturationAndPulse()
    {
        var result = _decoder.Decode([0x88, 0x40, 0x05, 0x48, 0x61]);

        Assert.Equal([Quantity.Of(97, Ucum.Percent), Quantity.Of(72, Ucum.PerMinute)], result.Measurements.Select(m => m.Value!.Quantity));
        Assert.All(result.Measurements, m => Assert.Equal(ReadingFlags.None, m.Flags));
    }

    [Fact]
    public void PulseAbove127_TakesBit7FromTheThirdByte()
    {
        Assert.Equal(150m, _decoder.Decode(Cms50LegacyEncoder.Encode(150, 96)).Measurements[1].Value!.Quantity.Value);
    }

    [Theory]
    [InlineData(0x18, 0x05, ReadingFlags.SensorUnconnected)]   // finger out
    [InlineData(0x08, 0x25, ReadingFlags.OutOfTrack)]          // searching
    [InlineData(0x08, 0x15, ReadingFlags.SensorMalfunction)]   // probe error
    public void NotMeasuring_SendsNoNumber(byte status, byte bar, ReadingFlags flag)
    {
        var result = _decoder.Decode(Cms50LegacyEncoder.Encode(72, 97, status, bar));

        Assert.All(result.Measurements, m =>
        {
            Assert.False(m.Value!.Quantity.HasValue);
            Assert.Equal(flag, m.Flags);
        });
    }

    [Fact]
    public void SpO2Dropping_IsSaidNextToTheValues()
    {
        var saturation = _decoder.Decode(Cms50LegacyEncoder.Encode(72, 91, 0x28)).Measurements[0];

        Assert.Equal(91m, saturation.Value!.Quantity.Value);
        Assert.Equal(["The oximeter signals SpO2 dropping"], saturation.Notes);
    }

    [Theory]
    [InlineData(new byte[] { 0x88, 0x40, 0x05, 0x48 }, DecodeErrorKind.TooShort)]
    [InlineData(new byte[] { 0x08, 0x40, 0x05, 0x48, 0x61 }, DecodeErrorKind.Malformed)]
    [InlineData(new byte[] { 0x88, 0xC0, 0x05, 0x48, 0x61 }, DecodeErrorKind.Malformed)]
    public void BadPacket_IsATypedError(byte[] frame, DecodeErrorKind kind)
    {
        Assert.Equal(kind, _decoder.Decode(frame).Error?.Kind);
    }

    [Fact]
    public void FramerAndDecoder_RandomBytes_NeverThrow_AndFramesAlwaysDecode()
    {
        var framer = new SyncBitFramer(Cms50LegacyDecoder.Length);
        var random = new Random(6);
        var buffer = new byte[64];
        for (var i = 0; i < 100_000; i++)
        {
            var length = random.Next(buffer.Length + 1);
            random.NextBytes(buffer.AsSpan(0, length));
            var data = buffer.AsSpan(0, length);

            var match = framer.Find(data);
            Assert.InRange(match.Skip + match.Length, 0, length);
            if (match.Length > 0)
            {
                Assert.Equal(2, _decoder.Decode(data.Slice(match.Skip, match.Length)).Measurements.Count);
            }
        }
    }
}
