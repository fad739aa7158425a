using EdgeGateway.DeviceDrivers.Ble.Temperature;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;
using static EdgeGateway.Tests.Shared.Frames;

namespace EdgeGateway.DeviceDrivers.Tests.Ble.Temperature;

// Layout: Health Thermometer Service 1.0 and the GATT Specification Supplement (Temperature
// Measurement 0x2A1C, Intermediate Temperature 0x2A1E, Temperature Type 0x2A1D); FLOAT is IEEE
// 11073-20601 32-bit (exponent byte not biased).
public sealed class TemperatureDecoderTests
{
    private readonly TemperatureDecoder _decoder = new();

    [Fact]
    public void Decode_NordicLibraryVector_Gives37Point60CelsiusAtTheFinger()
    {
        // NordicSemiconductor/Android-BLE-Common-Library, ble-common/src/test/java/no/nordicsemi/android/
        // ble/common/callback/ht/TemperatureMeasurementDataCallbackTest.java: 37.60 °C, 2012-12-05 11:50:27, finger.
        var measurement = Assert.Single(_decoder.Decode(Hex("06 B00E00FE DC070C050B321B 04")).Measurements);

        Assert.Equal(Loinc.BodyTemperature, measurement.Code);
        Assert.Equal(Quantity.Of(37.60m, Ucum.Celsius), measurement.Value!.Quantity);
        Assert.Equal("37.60", measurement.Value.Quantity.Value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new DateTime(2012, 12, 5, 11, 50, 27), measurement.DeviceLocalTime);
        Assert.Equal(new BodySite("7569003", "Finger structure"), measurement.BodySite);
        Assert.Equal(ReadingFlags.None, measurement.Flags);
    }

    [Fact]
    public void Decode_NordicLibraryVectorWithoutItsTypeByte_IsAMissingField()
    {
        // The same test file's negative case: the type flag is set, the byte is not there.
        var result = _decoder.Decode(Hex("06 B00E00FE DC070C050B321B"));

        Assert.Equal(DecodeErrorKind.MissingField, result.Error?.Kind);
        Assert.Equal(12, result.Error!.Offset);
    }

    [Fact]
    public void Decode_Fahrenheit_StaysInDegreesFahrenheit()
    {
        // 986 × 10^-1 °F: never converted, the device's own unit and resolution are kept.
        var measurement = Assert.Single(_decoder.Decode(Hex("01 DA0300FF")).Measurements);

        Assert.Equal(Quantity.Of(98.6m, Ucum.Fahrenheit), measurement.Value!.Quantity);
        Assert.Null(measurement.BodySite);
    }

    [Theory]
    [InlineData("FFFF7F00", AbsentReason.NotANumber)]
    [InlineData("00008000", AbsentReason.Error)]
    [InlineData("FEFF7F00", AbsentReason.PositiveInfinity)]
    [InlineData("02008000", AbsentReason.NegativeInfinity)]
    [InlineData("FFFF7FFE", AbsentReason.NotANumber)]   // specials at any exponent
    public void Decode_SpecialValue_IsAbsentNeverANumber(string value, AbsentReason reason)
    {
        var measurement = Assert.Single(_decoder.Decode(Hex("00" + value)).Measurements);

        Assert.Null(measurement.Value!.Quantity.Value);
        Assert.Equal(reason, measurement.Value.Quantity.Absent);
    }

    [Theory]
    [InlineData(1, "422543003")]
    [InlineData(3, "117590005")]
    [InlineData(4, "7569003")]
    [InlineData(5, "122865005")]
    [InlineData(6, "74262004")]
    [InlineData(7, "34402009")]
    [InlineData(8, "29707007")]
    [InlineData(9, "42859004")]
    public void Decode_TemperatureType_BecomesItsSnomedBodySite(byte type, string snomed)
    {
        var measurement = Assert.Single(_decoder.Decode([0x04, 0x71, 0x01, 0x00, 0xFF, type]).Measurements);

        Assert.Equal(snomed, measurement.BodySite!.Code);
        Assert.Equal(ReadingFlags.None, measurement.Flags);
    }

    [Fact]
    public void Decode_BodyGeneral_NamesNoSite()
    {
        var measurement = Assert.Single(_decoder.Decode(Hex("04 7101 00FF 02")).Measurements);

        Assert.Null(measurement.BodySite);
        Assert.Equal(ReadingFlags.None, measurement.Flags);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(255)]
    public void Decode_ReservedType_KeepsTheTemperatureAndSaysTheSiteIsUnknown(byte type)
    {
        var measurement = Assert.Single(_decoder.Decode([0x04, 0x71, 0x01, 0x00, 0xFF, type]).Measurements);

        Assert.Equal(36.9m, measurement.Value!.Quantity.Value);
        Assert.Null(measurement.BodySite);
        Assert.Equal(ReadingFlags.ReservedStatusValue, measurement.Flags);
    }

    [Fact]
    public void Decode_IntermediateTemperature_IsMarkedAsStillMeasuring()
    {
        var measurement = Assert.Single(new TemperatureDecoder(intermediate: true).Decode(Hex("00 7101 00FF")).Measurements);

        Assert.Equal(ReadingFlags.MeasurementOngoing, measurement.Flags);
        Assert.Equal(TemperatureDecoder.IntermediateProtocolName, new TemperatureDecoder(intermediate: true).Protocol);
    }

    [Fact]
    public void Encoder_SimulatorFrames_DecodeToTheirValues()
    {
        var time = new DateTime(2026, 11, 29, 9, 15, 0);
        var frame = TemperatureEncoder.Encode(new TemperatureSample(3712, -2, Fahrenheit: false, time, TemperatureType.Tympanum));

        var measurement = Assert.Single(_decoder.Decode(frame).Measurements);

        Assert.Equal(37.12m, measurement.Value!.Quantity.Value);
        Assert.Equal(time, measurement.DeviceLocalTime);
        Assert.Equal("42859004", measurement.BodySite!.Code);
    }
}
