using EdgeGateway.DeviceDrivers.Ble.Weight;
using EdgeGateway.DeviceDrivers.Readings;
using static EdgeGateway.Tests.Shared.Frames;

namespace EdgeGateway.DeviceDrivers.Tests.Ble.Weight;

// Layout: Weight Scale Service 1.0 and the GATT Specification Supplement (Weight Measurement
// 0x2A9D). The weight field has a fixed step, 0.005 kg (0.01 lb), whatever resolution the Weight
// Scale Feature (0x2A9E) advertises: openScale's standard weight profile
// (oliexdev/openScale, core/bluetooth/BluetoothStandardWeightProfile.java) multiplies every
// scale's raw value by 0.005 / 0.01 unconditionally; scaling by the feature's resolution instead
// (as StanfordSpezi/SpeziBluetooth's WeightScale does) would report 120 raw steps as 12 kg on a
// scale advertising 100 g resolution instead of 0.6 kg.
public sealed class WeightDecoderTests
{
    private readonly WeightDecoder _decoder = new();

    [Fact]
    public void Decode_SiWeight_IsRawStepsTimesFiveGrams()
    {
        // 0x3E1C = 15,900 steps → 79.500 kg, 2020-04-13 16:38:10.
        var measurement = Assert.Single(_decoder.Decode(Hex("02 1C3E E407040D10260A")).Measurements);

        Assert.Equal(Loinc.BodyWeight, measurement.Code);
        Assert.Equal(Quantity.Of(79.500m, Ucum.Kilogram), measurement.Value!.Quantity);
        Assert.Equal(new DateTime(2020, 4, 13, 16, 38, 10), measurement.DeviceLocalTime);
    }

    [Fact]
    public void Decode_ImperialWeight_StaysInPoundsAtOneHundredthPerStep()
    {
        // 17,500 steps of 0.01 lb.
        var measurement = Assert.Single(_decoder.Decode(Hex("01 5C44")).Measurements);

        Assert.Equal(Quantity.Of(175.00m, Ucum.Pound), measurement.Value!.Quantity);
    }

    [Fact]
    public void Decode_MeasurementUnsuccessful_IsAbsentNeverAWeight()
    {
        var measurement = Assert.Single(_decoder.Decode(Hex("00 FFFF")).Measurements);

        Assert.Null(measurement.Value!.Quantity.Value);
        Assert.Equal(AbsentReason.Error, measurement.Value.Quantity.Absent);
    }

    [Fact]
    public void Decode_UnsuccessfulWeighing_HasNoBmiButKeepsTheHeight()
    {
        var result = _decoder.Decode(Hex("08 FFFF 0401 D606"));

        Assert.Equal(AbsentReason.Error, result.Measurements[1].Value!.Quantity.Absent);
        Assert.Equal(175.0m, result.Measurements[2].Value!.Quantity.Value);
    }

    [Fact]
    public void Decode_BmiAndHeight_BecomeTheirOwnObservationsInProfileUnits()
    {
        var result = _decoder.Decode(Hex("0E 1C3E E407040D10260A 01 0401 D606"));

        Assert.Equal([Loinc.BodyWeight, Loinc.BodyMassIndex, Loinc.BodyHeight], result.Measurements.Select(m => m.Code));
        Assert.Equal(Quantity.Of(26.0m, Ucum.KilogramPerSquareMetre), result.Measurements[1].Value!.Quantity);
        // 1,750 mm is 175.0 cm: the height profile takes cm or [in_i].
        Assert.Equal(Quantity.Of(175.0m, Ucum.Centimetre), result.Measurements[2].Value!.Quantity);
        Assert.All(result.Measurements, m => Assert.Equal(1, m.DeviceUserIndex));
    }

    [Fact]
    public void Decode_ImperialHeight_IsInInchesAtATenthPerStep()
    {
        var result = _decoder.Decode(Hex("09 5C44 0401 B202"));

        Assert.Equal(Quantity.Of(69.0m, Ucum.Inch), result.Measurements[2].Value!.Quantity);
    }

    [Fact]
    public void Decode_UnknownUser_HasNoUserIndex()
    {
        var measurement = Assert.Single(_decoder.Decode(Hex("04 1C3E FF")).Measurements);

        Assert.Null(measurement.DeviceUserIndex);
    }

    [Fact]
    public void Encoder_SimulatorFrames_DecodeToTheirValues()
    {
        var frame = WeightEncoder.Encode(new WeightSample(14_010, false, new DateTime(2026, 11, 29, 7, 0, 0), 3, (237, 1720)));

        var result = _decoder.Decode(frame);

        Assert.Equal([70.050m, 23.7m, 172.0m], result.Measurements.Select(m => m.Value!.Quantity.Value!.Value));
        Assert.NotEmpty(new WeightSimulator(new Random(1), TimeProvider.System).NextFrame());
    }
}
