using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Serial.Nonin;
using EdgeGateway.DeviceDrivers.Transports;

namespace EdgeGateway.DeviceDrivers.Tests.Serial;

// Layout: Nonin WristOx2 3150 OEM Specification (7970-000-05), "Data Format #8", and the DF8
// serialiser of mattjlewis/NoninPulseOx (src/main/java/com/diozero/pulseox/nonin/io/
// DataFormat8Serialiser.java): status (bit 7 set; SNSD 0x40, OOT 0x20, LPRF 0x10, MPRF 0x08,
// ARTF 0x04, HR bits 8–7), HR bits 6–0, SpO2, status 2 (SPA 0x20, SNSA 0x08, low battery 0x01).
public sealed class NoninDf8Tests
{
    private readonly NoninDf8Decoder _decoder = new();

    [Fact]
    public void Decode_RestingAdult_GivesSaturationAndPulse()
    {
        var result = _decoder.Decode([0x80, 0x48, 0x61, 0x20]);

        Assert.Equal([Loinc.OxygenSaturationByPulseOximetry, Loinc.HeartRate], result.Measurements.Select(m => m.Code));
        Assert.Equal([Quantity.Of(97, Ucum.Percent), Quantity.Of(72, Ucum.PerMinute)], result.Measurements.Select(m => m.Value!.Quantity));
        Assert.All(result.Measurements, m => Assert.Equal(ReadingFlags.None, m.Flags));
    }

    [Fact]
    public void Decode_PulseAbove127_TakesItsHighBitsFromTheStatusByte()
    {
        // 200 = 1 << 7 | 72. A decoder building MSB << 8 | LSB (a known public bug) would say 328.
        var result = _decoder.Decode([0x81, 0x48, 0x5F, 0x00]);

        Assert.Equal(200m, result.Measurements[1].Value!.Quantity.Value);
    }

    [Fact]
    public void Decode_MissingValues_AreAbsentNotNumbers()
    {
        // HR 511 (0x03 << 7 | 0x7F) and SpO2 127: the oximeter has no value, out of track.
        var result = _decoder.Decode([0xA3, 0x7F, 0x7F, 0x00]);

        Assert.All(result.Measurements, m => Assert.Equal(AbsentReason.Error, m.Value!.Quantity.Absent));
        Assert.All(result.Measurements, m => Assert.Equal(ReadingFlags.OutOfTrack, m.Flags));
    }

    [Theory]
    [InlineData(0x40, 0x00, ReadingFlags.SensorDisconnected)]
    [InlineData(0x10, 0x00, ReadingFlags.LowPerfusion)]
    [InlineData(0x08, 0x00, ReadingFlags.MarginalPerfusion)]
    [InlineData(0x04, 0x00, ReadingFlags.Artifact)]
    [InlineData(0x00, 0x08, ReadingFlags.SensorMalfunction)]
    [InlineData(0x00, 0x01, ReadingFlags.DeviceBatteryLow)]
    [InlineData(0x00, 0x20, ReadingFlags.None)]                 // SmartPoint: a good reading, nothing to warn
    [InlineData(0x00, 0x02, ReadingFlags.ReservedStatusValue)]
    public void Decode_StatusBits_BecomeFlags(byte status, byte status2, ReadingFlags expected)
    {
        var result = _decoder.Decode([(byte)(0x80 | status), 0x48, 0x61, status2]);

        Assert.All(result.Measurements, m => Assert.Equal(expected, m.Flags));
    }

    [Fact]
    public void Decode_SensorAlarmOrDisconnect_SendsNoNumber()
    {
        Assert.All(_decoder.Decode([0xC0, 0x48, 0x61, 0x00]).Measurements, m => Assert.False(m.Value!.Quantity.HasValue));
        Assert.All(_decoder.Decode([0x80, 0x48, 0x61, 0x08]).Measurements, m => Assert.False(m.Value!.Quantity.HasValue));
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x48, 0x61 }, DecodeErrorKind.TooShort)]
    [InlineData(new byte[] { 0x80, 0x48, 0x61, 0x20, 0x00 }, DecodeErrorKind.TrailingBytes)]
    [InlineData(new byte[] { 0x00, 0x48, 0x61, 0x20 }, DecodeErrorKind.Malformed)]   // no sync bit
    [InlineData(new byte[] { 0x80, 0xC8, 0x61, 0x20 }, DecodeErrorKind.Malformed)]   // a second sync bit
    public void Decode_BadPacket_IsATypedError(byte[] frame, DecodeErrorKind kind)
    {
        Assert.Equal(kind, _decoder.Decode(frame).Error?.Kind);
    }

    [Fact]
    public void Framer_GarbageBetweenPackets_IsSkippedAndEveryPacketFound()
    {
        var framer = new SyncBitFramer(NoninDf8Decoder.Length);
        byte[] stream = [0x13, 0x37, .. NoninDf8Encoder.Encode(72, 97), 0x85, 0x01, .. NoninDf8Encoder.Encode(75, 98), 0xFF];
        var found = new List<byte[]>();
        var data = stream.AsSpan();
        while (true)
        {
            var match = framer.Find(data);
            if (match.Length == 0)
            {
                data = data[match.Skip..];
                break;
            }

            found.Add(data.Slice(match.Skip, match.Length).ToArray());
            data = data[(match.Skip + match.Length)..];
        }

        Assert.Equal([72m, 75m], found.Select(f => _decoder.Decode(f).Measurements[1].Value!.Quantity.Value!.Value));
        Assert.Equal([0xFF], data.ToArray()); // a packet's start, kept for the next bytes
    }

    [Fact]
    public void FramerAndDecoder_RandomBytes_NeverThrow_AndFramesAlwaysDecode()
    {
        var framer = new SyncBitFramer(NoninDf8Decoder.Length);
        var random = new Random(20261129);
        var buffer = new byte[64];
        for (var i = 0; i < 100_000; i++)
        {
            var length = random.Next(buffer.Length + 1);
            random.NextBytes(buffer.AsSpan(0, length));
            var data = buffer.AsSpan(0, length);

            var match = framer.Find(data);
            Assert.InRange(match.Skip, 0, length);
            Assert.InRange(match.Skip + match.Length, 0, length);
            if (match.Length > 0)
            {
                Assert.True(_decoder.Decode(data.Slice(match.Skip, match.Length)).IsSuccess);
            }

            var result = _decoder.Decode(data);
            Assert.True(result.IsSuccess ? result.Measurements.Count == 2 : result.Error!.Offset <= length && result.Error.Message.Length > 0);
        }
    }

    [Fact]
    public void Simulator_WritesPacketsTheDecoderReads()
    {
        var simulator = new NoninDf8Simulator(new Random(3));

        for (var i = 0; i < 100; i++)
        {
            Assert.True(_decoder.Decode(simulator.NextFrame()).IsSuccess);
        }
    }
}
