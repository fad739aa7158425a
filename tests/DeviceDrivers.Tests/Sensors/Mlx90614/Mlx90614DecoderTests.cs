using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Protocols;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Sensors.Mlx90614;
using static EdgeGateway.Tests.Shared.Frames;

namespace EdgeGateway.DeviceDrivers.Tests.Sensors.Mlx90614;

// Layout: Melexis MLX90614 datasheet (3901090614, rev 008): RAM 0x06 T_A and 0x07 T_OBJ1 (§8.3.4,
// Table 10); read word = SA_W, command, repeated start, SA_R, low, high, PEC, the PEC a CRC-8 with
// polynomial x^8+x^2+x+1 over every byte but the start/stop/ack bits (§8.4.3.1); RAM words 0.02 K
// per bit, the MSB an error flag, 0x27AD (−70.01 °C) to 0x7FFF (+382.19 °C) (§8.4.6).
// The datasheet's worked examples (later revisions, "SMBus communication examples"): reading RAM
// 0x07 at 0x5A gives D2 3A with PEC 0x30, and 0x3AF7 = 15095 → 301.90 K → 28.75 °C, as reproduced
// at https://wiki.lckfb.com/zh-hans/dwx-cw32f030c8t6/module/sensor/mlx90614-non-contact-temp-sensor.html
// and checked by computation here. Frames other than those are built with that layout.
public sealed class Mlx90614DecoderTests
{
    private const string DatasheetRead = "B4 07 B5 D2 3A 30  B4 06 B5 0A 3A 34";   // T_OBJ1 0x3AD2 (28.01 °C), T_A 24.01 °C
    private const string Forehead = "B4 07 B5 7B 3C 87  B4 06 B5 0A 3A 34";        // T_OBJ1 0x3C7B (36.51 °C), T_A 24.01 °C

    private readonly Mlx90614Decoder _decoder = new();

    [Theory]
    [InlineData((ushort)0x3AF7, "28.75")]    // the datasheet's example
    [InlineData((ushort)0x3AD2, "28.01")]    // the datasheet's read example
    [InlineData((ushort)0x27AD, "-70.01")]   // the bottom of the RAM range (§8.4.6)
    [InlineData((ushort)0x7FFF, "382.19")]   // its top
    public void Celsius_IsTheWordTimes0Point02KelvinLess273Point15_ToTheHundredth(ushort word, string celsius)
    {
        Assert.Equal(celsius, Mlx90614Wire.Celsius(word).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Decode_Forehead_GivesABodyTemperatureInCelsiusWithTheSensorsResolution()
    {
        var result = _decoder.Decode(Hex(Forehead));

        var measurement = Assert.Single(result.Measurements);
        Assert.Equal(Loinc.BodyTemperature, measurement.Code);
        Assert.Equal(Quantity.Of(36.51m, Ucum.Celsius), measurement.Value!.Quantity);
        Assert.Equal("36.51", measurement.Value.Quantity.Value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ReadingFlags.None, measurement.Flags);
        Assert.Null(measurement.BodySite);
        Assert.Equal([Mlx90614Decoder.SurfaceNote], measurement.Notes);
    }

    [Fact]
    public void Decode_DatasheetReadExample_Gives28Point01_QuestionedAsNotSkin()
    {
        var measurement = Assert.Single(_decoder.Decode(Hex(DatasheetRead)).Measurements);

        Assert.Equal(28.01m, measurement.Value!.Quantity.Value);
        Assert.Equal(ReadingFlags.QuestionableMeasurement, measurement.Flags);
        Assert.Contains(measurement.Notes, note => note.StartsWith("Not a skin temperature", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("B4 07 B5 7B BC 0E  B4 06 B5 0A 3A 34")]   // T_OBJ1 error flag
    [InlineData("B4 07 B5 7B 3C 87  B4 06 B5 00 80 99")]   // T_A error flag: T_OBJ1 is computed from it
    public void Decode_ErrorFlag_GivesNoNumber_AndSaysTheSensorFailed(string hex)
    {
        var measurement = Assert.Single(_decoder.Decode(Hex(hex)).Measurements);

        Assert.Equal(Quantity.Missing(AbsentReason.Error, Ucum.Celsius), measurement.Value!.Quantity);
        Assert.Equal(ReadingFlags.SensorMalfunction, measurement.Flags);
    }

    [Fact]
    public void Decode_SensorAbove50Celsius_IsQuestionable()
    {
        var measurement = Assert.Single(_decoder.Decode(Mlx90614Wire.Encode(FakeMlx90614.Word(38.01m), FakeMlx90614.Word(55.01m))).Measurements);

        Assert.Equal(38.01m, measurement.Value!.Quantity.Value);
        Assert.Equal(ReadingFlags.QuestionableMeasurement, measurement.Flags);
        Assert.Contains(measurement.Notes, note => note.Contains("outside the 0 to 50 Cel", StringComparison.Ordinal));
    }

    [Fact]
    public void Decode_AnotherAddress_IsChecked()
    {
        var result = _decoder.Decode(Hex("B6 07 B7 7B 3C 95  B6 06 B7 0A 3A 26"));

        Assert.Equal(36.51m, Assert.Single(result.Measurements).Value!.Quantity.Value);
    }

    [Theory]
    [InlineData("B4 07 B5 7B 3C 86  B4 06 B5 0A 3A 34", 5)]    // object PEC off by one bit
    [InlineData("B4 07 B5 7B 3C 87  B4 06 B5 0A 3A 35", 11)]   // ambient PEC
    [InlineData("B4 07 B5 7B 3D 87  B4 06 B5 0A 3A 34", 5)]    // a data bit flipped on the bus
    public void Decode_BadPec_IsABadChecksumAtThePec(string hex, int offset)
    {
        var error = _decoder.Decode(Hex(hex)).Error;

        Assert.Equal(DecodeErrorKind.BadChecksum, error?.Kind);
        Assert.Equal(offset, error!.Offset);
    }

    [Theory]
    [InlineData("B5 07 B5 7B 3C 87  B4 06 B5 0A 3A 34", DecodeErrorKind.Malformed, 0)]     // read bit in SA_W
    [InlineData("B4 08 B5 7B 3C 87  B4 06 B5 0A 3A 34", DecodeErrorKind.Malformed, 1)]     // RAM 0x08, not T_OBJ1
    [InlineData("B4 07 B4 7B 3C 87  B4 06 B5 0A 3A 34", DecodeErrorKind.Malformed, 2)]     // SA_R without its read bit
    [InlineData("B4 07 B5 7B 3C 87  B6 06 B7 0A 3A 26", DecodeErrorKind.Malformed, 6)]     // two sensors in one frame
    [InlineData("B4 06 B5 0A 3A 34  B4 07 B5 7B 3C 87", DecodeErrorKind.Malformed, 1)]     // ambient first
    [InlineData("B4 07 B5 00 00 06  B4 06 B5 0A 3A 34", DecodeErrorKind.InvalidField, 3)]  // below −70.01 °C
    [InlineData("B4 07 B5 7B 3C 87  B4 06 B5 0A 3A", DecodeErrorKind.TooShort, 11)]
    [InlineData("B4 07 B5 7B 3C 87  B4 06 B5 0A 3A 34 00", DecodeErrorKind.TrailingBytes, 12)]
    [InlineData("", DecodeErrorKind.TooShort, 0)]
    public void Decode_BadFrame_IsATypedError(string hex, DecodeErrorKind kind, int offset)
    {
        var error = _decoder.Decode(Hex(hex)).Error;

        Assert.Equal(kind, error?.Kind);
        Assert.Equal(offset, error!.Offset);
    }

    [Fact]
    public void Decode_EveryPrefix_IsAnError()
    {
        var frame = Hex(Forehead);

        for (var length = 0; length < frame.Length; length++)
        {
            Assert.Equal(DecodeErrorKind.TooShort, _decoder.Decode(frame.AsSpan(0, length)).Error?.Kind);
        }
    }

    [Fact]
    public void Decode_RandomBytesAndDamagedFrames_NeverThrow_AndValidFramesAlwaysDecode()
    {
        var random = new Random(90614);
        var buffer = new byte[2 * Mlx90614Wire.FrameLength];
        for (var i = 0; i < 100_000; i++)
        {
            ReadOnlySpan<byte> data;
            var valid = false;
            switch (i % 4)
            {
                case 0:
                    // Any bytes, of any length around a frame's.
                    var length = random.Next(buffer.Length + 1);
                    random.NextBytes(buffer.AsSpan(0, length));
                    data = buffer.AsSpan(0, length);
                    break;
                case 1:
                    // A frame with one byte changed: never taken for the reading.
                    var damaged = Mlx90614Wire.Encode((ushort)random.Next(0x10000), (ushort)random.Next(0x10000), random.Next(1, 0x80));
                    damaged[random.Next(damaged.Length)] ^= (byte)random.Next(1, 256);
                    data = damaged;
                    break;
                default:
                    // Any words a sensor could send, at any address.
                    data = Mlx90614Wire.Encode((ushort)random.Next(Mlx90614Wire.MinimumWord, 0x10000), (ushort)random.Next(Mlx90614Wire.MinimumWord, 0x10000), random.Next(1, 0x80));
                    valid = true;
                    break;
            }

            var result = _decoder.Decode(data);

            Assert.True(result.IsSuccess ^ result.Error is not null);
            // A CRC-8 catches every error burst of up to 8 bits; an address byte must match its twin.
            Assert.False(i % 4 == 1 && result.IsSuccess, "a damaged frame decoded");
            if (result.IsSuccess)
            {
                var measurement = Assert.Single(result.Measurements);
                Assert.True(measurement.Value!.Quantity.HasValue ^ (measurement.Flags & ReadingFlags.SensorMalfunction) != 0);
            }
            else
            {
                Assert.False(valid, result.Error!.ToString());
                Assert.InRange(result.Error!.Offset, 0, data.Length);
                Assert.NotEmpty(result.Error.Message);
            }
        }
    }

    [Fact]
    public void Simulator_WritesForeheadsTheDecoderTakesAsSkin()
    {
        var simulator = new Mlx90614Simulator(new Random(5));

        for (var i = 0; i < 100; i++)
        {
            var measurement = Assert.Single(_decoder.Decode(simulator.NextFrame()).Measurements);
            Assert.Equal(ReadingFlags.None, measurement.Flags);
            Assert.InRange(measurement.Value!.Quantity.Value!.Value, 33.99m, 35.51m);
        }
    }

    [Fact]
    public void Catalog_DecodesTheProtocolByName()
    {
        Assert.True(ProtocolCatalog.TryGet("i2c-mlx90614", out var protocol));
        Assert.Equal(Mlx90614Decoder.ProtocolName, protocol.CreateDecoder().Protocol);
        Assert.True(I2cProtocols.TryGet("i2c-mlx90614", out var i2c));
        Assert.Equal(0x5A, i2c.DefaultAddress);
    }
}
