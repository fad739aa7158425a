using EdgeGateway.DeviceDrivers.Ble.BloodPressure;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;
using static EdgeGateway.Tests.Shared.Frames;

namespace EdgeGateway.DeviceDrivers.Tests.Ble.BloodPressure;

// Frames written byte by byte from the GATT Specification Supplement §3.31 (Blood Pressure
// Measurement, 0x2A35) and the Blood Pressure Profile/Service 1.1; every multi-byte field is
// little-endian, pressures and pulse are SFLOAT (§2.2.2).
public class BloodPressureDecoderTests
{
    private readonly BloodPressureDecoder _decoder = new();

    /// <summary>Flags 0x00 (mmHg, nothing optional); 121 / 76 / MAP 91 with exponent 0.</summary>
    private const string MinimalMmHg = "00 7900 4C00 5B00";

    /// <summary>
    /// Flags 0x1E: mmHg, time stamp, pulse, user id, status. 121 / 76 / 91 mmHg; 2024-11-29 09:30:00;
    /// pulse 72; user 1; status 0x0004 (irregular pulse).
    /// </summary>
    private const string Full = "1E 7900 4C00 5B00 E8070B1D091E00 4800 01 0400";

    /// <summary>Flags 0x01 (kPa): 16.0 / 10.7 / 12.5 kPa as mantissa×10^−1 (0xF0A0, 0xF06B, 0xF07D).</summary>
    private const string MinimalKpa = "01 A0F0 6BF0 7DF0";

    public static TheoryData<string> ValidFrames => new()
    {
        MinimalMmHg,
        Full,
        MinimalKpa,
        "06 7900 4C00 5B00 E8070B1D091E00 4800",  // time stamp + pulse
        "08 7900 4C00 5B00 FF",                    // user id only: 0xFF = unknown user
        "10 7900 4C00 5B00 2000",                  // status only: improper position
    };

    [Fact]
    public void Decode_MinimalFrame_GivesThePanelInMmHg()
    {
        var result = _decoder.Decode(Hex(MinimalMmHg));

        Assert.True(result.IsSuccess);
        var panel = Assert.Single(result.Measurements);
        Assert.Equal(Loinc.BloodPressurePanel, panel.Code);
        Assert.Null(panel.Value);
        Assert.Equal([(Loinc.Systolic, 121m), (Loinc.Diastolic, 76m), (Loinc.MeanArterial, 91m)],
            panel.Components.Select(c => (c.Code, c.Quantity.Value!.Value)));
        Assert.All(panel.Components, c => Assert.Equal(Ucum.MillimetreOfMercury, c.Quantity.Unit));
        Assert.Null(panel.DeviceLocalTime);
        Assert.Equal(ReadingFlags.None, panel.Flags);
    }

    [Fact]
    public void Decode_FullFrame_GivesPanelAndHeartRateWithTimeUserAndStatus()
    {
        var result = _decoder.Decode(Hex(Full));

        Assert.True(result.IsSuccess);
        Assert.Equal(2, result.Measurements.Count);
        var panel = result.Measurements[0];
        var heartRate = result.Measurements[1];
        Assert.Equal(new DateTime(2024, 11, 29, 9, 30, 0), panel.DeviceLocalTime);
        Assert.Equal(1, panel.DeviceUserIndex);
        Assert.Equal(ReadingFlags.IrregularPulse, panel.Flags);

        Assert.Equal(Loinc.HeartRate, heartRate.Code);
        Assert.Empty(heartRate.Components);
        Assert.Equal(72m, heartRate.Value!.Quantity.Value);
        Assert.Equal(Ucum.PerMinute, heartRate.Value.Quantity.Unit);
        Assert.Equal(panel.DeviceLocalTime, heartRate.DeviceLocalTime);
        Assert.Equal(ReadingFlags.IrregularPulse, heartRate.Flags);
    }

    [Fact]
    public void Decode_CuffPressureInKpa_ConvertsToMmHg()
    {
        var panel = Assert.Single(_decoder.Decode(Hex(MinimalKpa)).Measurements);

        // 1 kPa = 760/101.325 mmHg: 16.0 → 120.0, 10.7 → 80.3, 12.5 → 93.8 (one decimal).
        Assert.Equal([120.0m, 80.3m, 93.8m], panel.Components.Select(c => c.Quantity.Value!.Value));
        Assert.All(panel.Components, c => Assert.Equal("mm[Hg]", c.Quantity.Unit));
    }

    [Fact]
    public void Decode_MeanArterialPressureNaN_IsAbsentNotANumber()
    {
        var panel = Assert.Single(_decoder.Decode(Hex("00 7900 4C00 FF07")).Measurements);

        var mean = panel.Components.Single(c => c.Code == Loinc.MeanArterial);
        Assert.Null(mean.Quantity.Value);
        Assert.Equal(AbsentReason.NotANumber, mean.Quantity.Absent);
    }

    [Fact]
    public void Decode_UnknownUser_HasNoUserIndex()
    {
        var panel = Assert.Single(_decoder.Decode(Hex("08 7900 4C00 5B00 FF")).Measurements);

        Assert.Null(panel.DeviceUserIndex);
    }

    [Theory]
    [InlineData("0100", ReadingFlags.BodyMovement)]
    [InlineData("0200", ReadingFlags.CuffTooLoose)]
    [InlineData("0400", ReadingFlags.IrregularPulse)]
    [InlineData("0800", ReadingFlags.PulseRateAboveRange)]
    [InlineData("1000", ReadingFlags.PulseRateBelowRange)]
    [InlineData("1800", ReadingFlags.ReservedStatusValue)]
    [InlineData("2000", ReadingFlags.ImproperMeasurementPosition)]
    [InlineData("0040", ReadingFlags.ReservedStatusValue)]
    [InlineData("2300", ReadingFlags.BodyMovement | ReadingFlags.CuffTooLoose | ReadingFlags.ImproperMeasurementPosition)]
    public void Decode_MeasurementStatusBits_BecomeFlags(string status, ReadingFlags expected)
    {
        var panel = Assert.Single(_decoder.Decode(Hex("10 7900 4C00 5B00 " + status)).Measurements);

        Assert.Equal(expected, panel.Flags);
    }

    [Fact]
    public void Decode_TimeStampWithUnknownDate_FlagsTheClockAndKeepsNoDeviceTime()
    {
        var panel = Assert.Single(_decoder.Decode(Hex("02 7900 4C00 5B00 00000000000000")).Measurements);

        Assert.Null(panel.DeviceLocalTime);
        Assert.Equal(ReadingFlags.DeviceClockUnknown, panel.Flags);
    }

    [Theory]
    [InlineData("02 7900 4C00 5B00 E8070D01000000", DecodeErrorKind.InvalidField, 7)]   // month 13
    [InlineData("1E 7900 4C00 5B00", DecodeErrorKind.MissingField, 7)]                  // flags announce 12 bytes more
    [InlineData("04 7900 4C00 5B00 48", DecodeErrorKind.MissingField, 7)]               // half a pulse
    [InlineData("00 7900 4C00 5B00 00", DecodeErrorKind.TrailingBytes, 7)]              // one byte too many
    [InlineData("", DecodeErrorKind.TooShort, 0)]
    [InlineData("00 7900 4C00 5B", DecodeErrorKind.TooShort, 6)]
    public void Decode_BadFrame_IsATypedErrorAtTheRightOffset(string hex, DecodeErrorKind kind, int offset)
    {
        var result = _decoder.Decode(Hex(hex));

        Assert.False(result.IsSuccess);
        Assert.Empty(result.Measurements);
        Assert.Equal(kind, result.Error!.Kind);
        Assert.Equal(offset, result.Error.Offset);
        Assert.False(string.IsNullOrWhiteSpace(result.Error.Message));
    }

    [Theory]
    [MemberData(nameof(ValidFrames))]
    public void Decode_ValidFrameTruncatedAtEveryLength_IsAlwaysATypedError(string hex)
    {
        var frame = Hex(hex);
        for (var length = 0; length < frame.Length; length++)
        {
            var result = _decoder.Decode(frame.AsSpan(0, length));

            Assert.False(result.IsSuccess, $"a {length}-byte prefix of a {frame.Length}-byte frame decoded");
            Assert.Contains(result.Error!.Kind, new[] { DecodeErrorKind.TooShort, DecodeErrorKind.MissingField });
        }
    }

    [Theory]
    [MemberData(nameof(ValidFrames))]
    public void Decode_ValidFrameSplitAtEveryOffset_NeitherPartPassesForTheReading(string hex)
    {
        // GATT delivers an indication whole, but a value can reach us cut in two (a long read, a
        // serial bridge). Neither part alone may be taken for the measurement.
        var frame = Hex(hex);
        var whole = Describe(_decoder.Decode(frame));
        for (var split = 1; split < frame.Length; split++)
        {
            Assert.False(_decoder.Decode(frame.AsSpan(0, split)).IsSuccess, $"the first {split} byte(s) decoded");
            var tail = _decoder.Decode(frame.AsSpan(split));
            Assert.True(!tail.IsSuccess || Describe(tail) != whole, $"the bytes after {split} decoded as the whole frame");
        }
    }

    [Theory]
    [MemberData(nameof(ValidFrames))]
    public void Decode_ValidFrameWithAnExtraByte_IsTrailingBytesNotAReading(string hex)
    {
        var result = _decoder.Decode([.. Hex(hex), 0x00]);

        Assert.Equal(DecodeErrorKind.TrailingBytes, result.Error?.Kind);
    }

    [Fact]
    public void Encoder_FramesOfTheSimulator_DecodeToTheSameValues()
    {
        var sample = new BloodPressureSample(132, 84, 100, 67, new DateTime(2026, 3, 29, 2, 30, 0), 2, BloodPressureStatus.CuffTooLoose);

        var result = _decoder.Decode(BloodPressureEncoder.Encode(sample));

        var panel = result.Measurements[0];
        Assert.Equal([132m, 84m, 100m], panel.Components.Select(c => c.Quantity.Value!.Value));
        Assert.Equal(sample.Time, panel.DeviceLocalTime);
        Assert.Equal(2, panel.DeviceUserIndex);
        Assert.Equal(ReadingFlags.CuffTooLoose, panel.Flags);
        Assert.Equal(67m, result.Measurements[1].Value!.Quantity.Value);
    }
}
