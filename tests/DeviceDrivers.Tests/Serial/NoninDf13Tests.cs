using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Serial.Nonin;
using static EdgeGateway.Tests.Shared.Frames;

namespace EdgeGateway.DeviceDrivers.Tests.Serial;

// Layout, byte by byte (0-based), and where each comes from:
//  0 NUL, 1 STX, 2–3 type 00 0D, 4–5 data length (14, or 23 with a 9-byte serial number), 6–13 time
//  (century, year, month, day, hour, minute, second, hundredths), 14–15 status, 16–17 pulse rate
//  (511 missing), 18 reserved, 19 SpO2 (127 missing), checksum = sum of the data bytes mod 256, ETX:
//  mattjlewis/NoninPulseOx src/main/java/com/diozero/pulseox/nonin/io/DataFormat13Serialiser.java
//  (status 0x0200 SmartPoint, 0x0100 no measurement, 0x0010 from memory, 0x0001 low battery) and
//  rprobinson/MediPi's N9560Measurement.java (org.medipi.devices.drivers.domain; header 00 02 00 0D,
//  lengths 14 and 23, the same status bits), which agree. Set-format command 02 70 02 02 0D 03:
//  mattjlewis/NoninPulseOx NoninSetDataFormatRequest.java.
// Not verified: whether the time is BCD (MediPi converts it as BCD) or binary (NoninPulseOx keeps the
// raw bytes); the Nonin WristOx2 3150 OEM specification (7970-000-05) lists "Serial Data Format #13
// Definition" in its contents (https://www.scribd.com/document/588899005/nonin-manual) but the section
// itself was not readable. The decoder takes the century byte as the witness (0x20 BCD, 0x14 binary) and refuses any
// other; both encodings are tested. No captured DF13 packet is published: the packets below are built
// from the layout, their checksums computed by hand.
public sealed class NoninDf13Tests
{
    /// <summary>29 Nov 2024 08:31:05.42 in BCD, SmartPoint, 72 /min, 97 %.</summary>
    private const string SpotCheck = "00 02 00 0D 00 0E 20 24 11 29 08 31 05 42 02 00 00 48 00 61 A9 03";

    private static readonly DateTime Taken = new(2024, 11, 29, 8, 31, 5, 420);

    private readonly NoninDf13Decoder _decoder = new();

    [Fact]
    public void Decode_SpotCheck_GivesSaturationPulseAndTheDeviceTime()
    {
        var result = _decoder.Decode(Hex(SpotCheck));

        Assert.Equal([Loinc.OxygenSaturationByPulseOximetry, Loinc.HeartRate], result.Measurements.Select(m => m.Code));
        Assert.Equal([Quantity.Of(97, Ucum.Percent), Quantity.Of(72, Ucum.PerMinute)], result.Measurements.Select(m => m.Value!.Quantity));
        Assert.All(result.Measurements, m =>
        {
            Assert.Equal(Taken, m.DeviceLocalTime);
            Assert.Equal(DateTimeKind.Unspecified, m.DeviceLocalTime!.Value.Kind);
            Assert.Equal(ReadingFlags.None, m.Flags);
        });
    }

    [Fact]
    public void Decode_TimeInBinary_IsRecognisedByItsCenturyByte_AndGivesTheSameTime()
    {
        var result = _decoder.Decode(Hex("00 02 00 0D 00 0E 14 18 0B 1D 08 1F 05 2A 02 00 00 48 00 61 55 03"));

        Assert.All(result.Measurements, m => Assert.Equal(Taken, m.DeviceLocalTime));
    }

    [Theory]
    [InlineData("19 99 12 31 23 59 59 00")]   // a century neither BCD 20 nor binary 20 (0x14)
    [InlineData("00 00 00 00 00 00 00 00")]
    [InlineData("20 24 13 01 00 00 00 00")]   // month 13
    [InlineData("20 24 02 30 00 00 00 00")]   // 30 February
    [InlineData("20 23 02 29 00 00 00 00")]   // 29 February of a common year
    [InlineData("20 24 11 29 24 00 00 00")]   // hour 24
    [InlineData("20 24 11 29 08 3A 00 00")]   // 0x3A is no BCD digit pair (it would be minute 58 in binary)
    [InlineData("14 18 0B 1D 08 3C 00 00")]   // binary minute 60
    [InlineData("14 64 0B 1D 08 1F 00 00")]   // binary year 100
    [InlineData("20 24 11 29 08 31 05 A0")]   // hundredths out of BCD
    public void Decode_TimeOutOfRange_IsAnInvalidField_NeverAGuessedTime(string time)
    {
        var result = _decoder.Decode(Packet(Hex(time), [0x02, 0x00, 0x00, 0x48, 0x00, 0x61]));

        Assert.Equal(DecodeErrorKind.InvalidField, result.Error?.Kind);
        Assert.Equal(6, result.Error!.Offset);
    }

    [Fact]
    public void Decode_NoMeasurementAndMissingMarkers_GiveNoNumber()
    {
        // Status MSB 0x01 "no measurement", pulse 01 FF (511), SpO2 7F (127).
        var result = _decoder.Decode(Hex("00 02 00 0D 00 0E 20 24 11 29 08 31 05 42 01 00 01 FF 00 7F 7E 03"));

        Assert.All(result.Measurements, m =>
        {
            Assert.Equal(AbsentReason.Error, m.Value!.Quantity.Absent);
            Assert.Equal(ReadingFlags.MeasurementUnavailable, m.Flags);
            Assert.Equal(Taken, m.DeviceLocalTime);
        });
    }

    [Theory]
    [InlineData(511, 97, false, true)]
    [InlineData(72, 127, true, false)]
    public void Decode_OneMissingMarker_LeavesTheOtherValue(int heartRate, int spo2, bool pulseGiven, bool saturationGiven)
    {
        var result = _decoder.Decode(NoninDf13Encoder.Encode(Taken, heartRate, spo2));

        Assert.Equal([saturationGiven, pulseGiven], result.Measurements.Select(m => m.Value!.Quantity.HasValue));
    }

    [Theory]
    [InlineData(0x02, 0x10, ReadingFlags.MeasurementFromStorage)]
    [InlineData(0x02, 0x01, ReadingFlags.DeviceBatteryLow)]
    [InlineData(0x00, 0x00, ReadingFlags.None)]                  // without SmartPoint: nothing to warn either
    [InlineData(0x06, 0x00, ReadingFlags.ReservedStatusValue)]
    [InlineData(0x02, 0x20, ReadingFlags.ReservedStatusValue)]
    public void Decode_StatusBits_BecomeFlags(byte statusHigh, byte statusLow, ReadingFlags expected)
    {
        var result = _decoder.Decode(NoninDf13Encoder.Encode(Taken, 72, 97, statusHigh, statusLow));

        Assert.All(result.Measurements, m => Assert.Equal(expected, m.Flags));
        Assert.All(result.Measurements, m => Assert.True(m.Value!.Quantity.HasValue));
    }

    [Fact]
    public void Decode_PulseAbove255_IsTheBigEndianPair()
    {
        // 01 2C = 300 /min (MSB first, as both public drivers read it).
        var result = _decoder.Decode(NoninDf13Encoder.Encode(Taken, 300, 95));

        Assert.Equal(300m, result.Measurements[1].Value!.Quantity.Value);
    }

    [Fact]
    public void Decode_LongerPacketWithASerialNumber_IsReadAndItsBytesChecksummed()
    {
        // Length 0x17: the 9 ASCII bytes of the serial number (MediPi) follow the SpO2; a stored record.
        var packet = Hex("00 02 00 0D 00 17 20 24 11 29 07 55 00 00 02 10 00 4A 00 60 35 30 31 39 30 30 30 38 33 60 03");

        var result = _decoder.Decode(packet);

        Assert.Equal([96m, 74m], result.Measurements.Select(m => m.Value!.Quantity.Value!.Value));
        Assert.All(result.Measurements, m => Assert.Equal(new DateTime(2024, 11, 29, 7, 55, 0), m.DeviceLocalTime));
        Assert.All(result.Measurements, m => Assert.Equal(ReadingFlags.MeasurementFromStorage, m.Flags));
        packet[22] ^= 0x01; // one serial number digit
        Assert.Equal(DecodeErrorKind.BadChecksum, _decoder.Decode(packet).Error?.Kind);
    }

    [Theory]
    [InlineData("00 02 00 0D 00 0E 20 24 11 29 08 31 05 42 02 00 00 48 00 61 A9", DecodeErrorKind.TooShort)]
    [InlineData("00 02 00 0D 00 0E 20 24 11 29 08 31 05 42 02 00 00 48 00 61 A9 03 00", DecodeErrorKind.TrailingBytes)]
    [InlineData("00 02 00 0D 00 0F 20 24 11 29 08 31 05 42 02 00 00 48 00 61 A9 03", DecodeErrorKind.TooShort)]     // announces 15 data bytes
    [InlineData("00 02 00 0D 00 0D 20 24 11 29 08 31 05 42 02 00 00 48 00 61 A9 03", DecodeErrorKind.InvalidField)] // fewer than 14
    [InlineData("00 02 00 08 00 0E 20 24 11 29 08 31 05 42 02 00 00 48 00 61 A9 03", DecodeErrorKind.Malformed)]    // type 8
    [InlineData("00 02 00 0D 00 0E 20 24 11 29 08 31 05 42 02 00 00 48 00 61 A8 03", DecodeErrorKind.BadChecksum)]
    [InlineData("00 02 00 0D 00 0E 20 24 11 29 08 31 05 42 02 00 00 48 00 61 A9 04", DecodeErrorKind.Malformed)]    // no ETX
    [InlineData("00 02 00 0D 00 0E 20 24 11 29 08 31 05 42 02 00 02 00 00 61 63 03", DecodeErrorKind.InvalidField)] // pulse 512
    [InlineData("00 02 00 0D 00 0E 20 24 11 29 08 31 05 42 02 00 00 48 00 65 AD 03", DecodeErrorKind.InvalidField)] // SpO2 101
    public void Decode_BadPacket_IsATypedError(string hex, DecodeErrorKind kind)
    {
        Assert.Equal(kind, _decoder.Decode(Hex(hex)).Error?.Kind);
    }

    [Fact]
    public void Framer_SkipsTheAckAndNoise_AndFindsEveryPacketWholeWhereverTheStreamIsCut()
    {
        var framer = new NoninDf13Framer();
        byte[] corrupted = [.. Hex(SpotCheck)];
        corrupted[17] ^= 0x40;
        byte[] stream = [0x06, 0x00, 0x02, 0x13, .. corrupted, .. Hex(SpotCheck), 0x15, 0x00, 0x02, .. NoninDf13Encoder.Encode(Taken, 75, 98, serialNumber: "501900083")];

        for (var cut = 0; cut <= stream.Length; cut++)
        {
            Assert.Equal([72m, 75m], FrameAll(framer, stream, cut).Frames.Select(f => _decoder.Decode(f).Measurements[1].Value!.Quantity.Value!.Value));
        }
    }

    [Fact]
    public void FramerAndDecoder_RandomAndMutatedBytes_NeverThrow_AndFramesAlwaysDecode()
    {
        var framer = new NoninDf13Framer();
        var random = new Random(13);
        var good = Hex(SpotCheck);
        var framed = 0;
        for (var i = 0; i < 100_000; i++)
        {
            byte[] data;
            if (i % 2 == 0)
            {
                data = new byte[random.Next(100)];
                random.NextBytes(data);
                if (data.Length > 4 && random.Next(4) == 0)
                {
                    // A header now and then, so the length and checksum checks are reached.
                    NoninDf13Decoder.Header.CopyTo(data.AsSpan(random.Next(data.Length - 4)));
                }
            }
            else
            {
                data = [.. good.Take(random.Next(good.Length + 1)), .. good];
                for (var k = random.Next(1, 3); k > 0; k--)
                {
                    data[random.Next(data.Length)] = (byte)random.Next(256);
                }
            }

            var match = framer.Find(data);
            Assert.InRange(match.Skip, 0, data.Length);
            Assert.InRange(match.Skip + match.Length, 0, data.Length);
            if (match.Length > 0)
            {
                framed++;
                // The framer checked length, checksum and ETX: only the fields' values can still be refused.
                var result = _decoder.Decode(data.AsSpan(match.Skip, match.Length));
                Assert.True(result.IsSuccess || result.Error!.Kind == DecodeErrorKind.InvalidField, result.Error?.ToString());
            }

            var whole = _decoder.Decode(data);
            Assert.True(whole.IsSuccess ? whole.Measurements.Count == 2 : whole.Error!.Offset <= data.Length && whole.Error.Message.Length > 0);
        }

        Assert.InRange(framed, 10_000, 100_000);
    }

    [Fact]
    public void Simulator_WritesPacketsTheDecoderReads_AndTheSetFormatCommandIsTheShortForm()
    {
        var simulator = new NoninDf13Simulator(new Random(3), TimeProvider.System);

        Assert.All(Enumerable.Range(0, 100), _ => Assert.True(_decoder.Decode(simulator.NextFrame()).IsSuccess));
        Assert.Equal(Hex("02 70 02 02 0D 03"), NoninCommands.SetDataFormat(NoninDf13Decoder.FormatNumber));
    }

    [Fact]
    public void Encoder_WritesTheGoldenPacket()
    {
        Assert.Equal(Hex(SpotCheck), NoninDf13Encoder.Encode(Taken, 72, 97));
        Assert.Equal(Hex("00 02 00 0D 00 0E 14 18 0B 1D 08 1F 05 2A 02 00 00 48 00 61 55 03"), NoninDf13Encoder.Encode(Taken, 72, 97, bcd: false));
    }

    /// <summary>A packet around <paramref name="time"/> and the six bytes after it (status, pulse, reserved, SpO2).</summary>
    private static byte[] Packet(byte[] time, byte[] rest)
    {
        byte[] data = [.. time, .. rest];
        return [0x00, 0x02, 0x00, 0x0D, 0x00, (byte)data.Length, .. data, NoninDf13Decoder.Checksum(data), 0x03];
    }
}
