using EdgeGateway.DeviceDrivers.Ble.Glucose;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;
using static EdgeGateway.Tests.Shared.Frames;

namespace EdgeGateway.DeviceDrivers.Tests.Ble.Glucose;

// Layout: Glucose Service / Profile 1.0 and the GATT Specification Supplement (Glucose
// Measurement 0x2A18, Glucose Measurement Context 0x2A34).
public sealed class GlucoseDecoderTests
{
    private readonly GlucoseDecoder _decoder = new();

    [Fact]
    public void Decode_RealMeterCapture_Is120MgPerDecilitreOfCapillaryBlood()
    {
        // dotintent/react-native-ble-plx issue #652: a meter showing 120 mg/dL notified
        // base64 AwYA5AcEDRAmCgAAeLDx = 03 0600 E407040D10260A 0000 78B0 F1.
        var measurement = Assert.Single(_decoder.Decode(Hex("03 0600 E407040D10260A 0000 78B0 F1")).Measurements);

        Assert.Equal(("41653-7", MeasurementCategory.Laboratory), (measurement.Code, measurement.Category));
        Assert.Equal(Quantity.Of(120m, Ucum.MilligramPerDecilitre), measurement.Value!.Quantity);
        Assert.Equal("120", measurement.Value.Quantity.Value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(new DateTime(2020, 4, 13, 16, 38, 10), measurement.DeviceLocalTime);
        Assert.Equal(6, measurement.DeviceSequenceNumber);
        Assert.Null(measurement.BodySite); // location 0xF: not available
        Assert.Equal(ReadingFlags.None, measurement.Flags);
    }

    [Fact]
    public void Decode_NordicVector_AppliesTheNegativeTimeOffsetAndReadsEveryStatusBit()
    {
        // NordicSemiconductor/Android-BLE-Common-Library, ble-common/src/test/java/no/nordicsemi/android/
        // ble/common/callback/glucose/GlucoseMeasurementDataCallbackTest.java: base 2019-02-27 11:10:30,
        // offset −5 min, capillary plasma at the finger, status 0x0105 (battery low, sample size
        // insufficient, sensor too cold): with an insufficient sample the result is no result.
        var measurement = Assert.Single(_decoder.Decode(Hex("1B 0100 E307021B0B0A1E FBFF 1E00 12 0501")).Measurements);

        Assert.Equal(new DateTime(2019, 2, 27, 11, 5, 30), measurement.DeviceLocalTime);
        Assert.Equal("2345-7", measurement.Code); // no capillary-plasma system in LOINC: serum or plasma
        Assert.Equal("7569003", measurement.BodySite!.Code);
        Assert.Equal(ReadingFlags.DeviceBatteryLow | ReadingFlags.SampleSizeInsufficient | ReadingFlags.SensorTemperatureTooLow, measurement.Flags);
        Assert.Null(measurement.Value!.Quantity.Value);
        Assert.Equal(AbsentReason.Error, measurement.Value.Quantity.Absent);
    }

    [Theory]
    [InlineData("2000", AbsentReason.PositiveInfinity)]   // "HI": above what the meter can measure
    [InlineData("4000", AbsentReason.NegativeInfinity)]   // "LO"
    [InlineData("0002", AbsentReason.Error)]              // strip pulled too soon
    public void Decode_ResultTheMeterSaysIsOutOfRangeOrInvalid_IsNeverANumber(string status, AbsentReason reason)
    {
        var measurement = Assert.Single(_decoder.Decode(Hex("0A 0100 E407040D10260A 58F2 11 " + status)).Measurements);

        Assert.Null(measurement.Value!.Quantity.Value);
        Assert.Equal(reason, measurement.Value.Quantity.Absent);
    }

    [Fact]
    public void Decode_BatteryLowOnly_KeepsTheResult()
    {
        var measurement = Assert.Single(_decoder.Decode(Hex("0A 0100 E407040D10260A 7AB0 11 0100")).Measurements);

        Assert.Equal(122m, measurement.Value!.Quantity.Value);
        Assert.Equal(ReadingFlags.DeviceBatteryLow, measurement.Flags);
    }

    [Theory]
    [InlineData("01 0100 0F270C1F173B00 0100")]   // 9999-12-31 23:59 plus one minute
    public void Decode_TimeOffsetLeavingTheCalendar_IsAnInvalidFieldNotACrash(string hex)
    {
        Assert.Equal(DecodeErrorKind.InvalidField, _decoder.Decode(Hex(hex)).Error?.Kind);
    }

    [Fact]
    public void Decode_NordicVectorWithoutItsTimeOffset_IsAMissingField()
    {
        var result = _decoder.Decode(Hex("1B 0000 E207041A0B091E 1E00 12 0501"));

        Assert.Equal(DecodeErrorKind.MissingField, result.Error?.Kind);
    }

    [Fact]
    public void Decode_MolesPerLitre_BecomesMillimolesPerLitreKeepingTheResolution()
    {
        // 55 × 10^-4 mol/L = 5.5 mmol/L, capillary whole blood.
        var measurement = Assert.Single(_decoder.Decode(Hex("06 0100 E407040D10260A 37C0 F1")).Measurements);

        Assert.Equal(Quantity.Of(5.5m, Ucum.MillimolePerLitre), measurement.Value!.Quantity);
        Assert.Equal("5.5", measurement.Value.Quantity.Value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("14743-9", measurement.Code);
    }

    [Theory]
    [InlineData(0x13, "39480-9")] // venous whole blood
    [InlineData(0x15, "39481-7")] // arterial whole blood
    [InlineData(0x14, "14749-6")] // venous plasma
    [InlineData(0x17, "15074-8")] // undetermined whole blood
    [InlineData(0x19, "105272-9")] // interstitial fluid
    public void Decode_SampleType_ChoosesItsLoincCode(byte typeLocation, string loinc)
    {
        var frame = Hex("06 0100 E407040D10260A 37C0").Append(typeLocation).ToArray();

        Assert.Equal(loinc, Assert.Single(_decoder.Decode(frame).Measurements).Code);
    }

    [Theory]
    [InlineData(0x4A)] // control solution type
    [InlineData(0x41)] // control solution location
    public void Decode_ControlSolution_IsMarkedAsNotAPatientSample(byte typeLocation)
    {
        var frame = Hex("02 0100 E407040D10260A 78B0").Append(typeLocation).ToArray();

        var measurement = Assert.Single(_decoder.Decode(frame).Measurements);

        Assert.True((measurement.Flags & ReadingFlags.ControlSolution) != 0);
    }

    [Fact]
    public void Decode_ContextWithMealAndHbA1c_NotesTheMealAndAddsTheHbA1c()
    {
        // Measurement seq 7 (122 mg/dL, finger), then its context: meal "preprandial", HbA1c 6.5 %.
        var result = _decoder.Decode(Hex("13 0700 EA070B1D080F00 0000 7AB0 11 42 0700 01 41F0"));

        Assert.Equal(["41653-7", "4548-4"], result.Measurements.Select(m => m.Code));
        Assert.Equal(["Meal: before a meal"], result.Measurements[0].Notes);
        Assert.Equal(Quantity.Of(6.5m, Ucum.Percent), result.Measurements[1].Value!.Quantity);
        Assert.All(result.Measurements, m => Assert.Equal(7, m.DeviceSequenceNumber));
    }

    [Fact]
    public void Decode_ContextOfAnotherRecord_IsAnInvalidField()
    {
        var result = _decoder.Decode(Hex("13 0700 EA070B1D080F00 0000 7AB0 11 02 0800 01"));

        Assert.Equal(DecodeErrorKind.InvalidField, result.Error?.Kind);
        Assert.Equal(16, result.Error!.Offset);
    }

    [Fact]
    public void Decode_EveryContextField_IsRead()
    {
        // Carbohydrate (dinner, 0.1 kg = 100 g), meal, tester (professional) / health (minor issues),
        // exercise 60 s at 50 %, medication (long-acting insulin, 5 mg = 5e-6 kg), HbA1c, extended flags.
        var context = "DF 0100 00 03 01F0 04 12 3C00 32 04 05A0 41F0";
        var result = _decoder.Decode(Hex("12 0100 EA070B1D080F00 7AB0 11 " + context));

        Assert.True(result.IsSuccess, result.Error?.ToString());
        Assert.Equal(
        [
            "Carbohydrate intake (dinner): 100 g",
            "Meal: casual (no particular meal)",
            "Tested by a health care professional",
            "Health: minor health issues",
            "Exercise: 60 s at 50 % intensity",
            "Medication: long-acting insulin, 5 mg",
        ], result.Measurements[0].Notes);
    }

    [Fact]
    public void Encoder_SimulatorRecords_DecodeToTheirValues()
    {
        var record = new GlucoseRecord(42, new DateTime(2026, 11, 29, 8, 0, 0), 98, Meal: 2);

        var measurement = _decoder.Decode(GlucoseEncoder.EncodeFrame(record)).Measurements[0];

        Assert.Equal((98m, 42, "Meal: after a meal"), (measurement.Value!.Quantity.Value!.Value, measurement.DeviceSequenceNumber!.Value, measurement.Notes[0]));
    }
}
