using EdgeGateway.DeviceDrivers.Ble.PulseOximetry;
using EdgeGateway.DeviceDrivers.Readings;
using static EdgeGateway.Tests.Shared.Frames;

namespace EdgeGateway.DeviceDrivers.Tests.Ble.PulseOximetry;

// Layouts: Pulse Oximeter Service 1.0 and the GATT Specification Supplement (PLX Spot-check
// Measurement 0x2A5E, PLX Continuous Measurement 0x2A5F). The captures are the vectors of
// StanfordSpezi/SpeziBluetooth, Tests/SpeziBluetoothServicesTests/PLXTests.swift.
public sealed class PlxDecoderTests
{
    [Fact]
    public void Spot_SpeziVector_GivesSaturationPulseAndPerfusionWithEveryStatus()
    {
        var result = new PlxSpotDecoder().Decode(Hex("0F ACF3 BEF5 E8070B1D170839 2040 220000 66E3"));

        Assert.Equal([Loinc.OxygenSaturationByPulseOximetry, Loinc.HeartRate, Loinc.PerfusionIndex], result.Measurements.Select(m => m.Code));
        Assert.Equal([Quantity.Of(94.0m, Ucum.Percent), Quantity.Of(147.0m, Ucum.PerMinute), Quantity.Of(8.70m, Ucum.Percent)],
            result.Measurements.Select(m => m.Value!.Quantity));
        // Measurement status 0x4020: ongoing + questionable; device status 0x000022: malfunction + low perfusion.
        const ReadingFlags expected = ReadingFlags.MeasurementOngoing | ReadingFlags.QuestionableMeasurement
            | ReadingFlags.EquipmentMalfunction | ReadingFlags.LowPerfusion;
        Assert.All(result.Measurements, m =>
        {
            Assert.Equal(expected, m.Flags);
            Assert.Equal(new DateTime(2024, 11, 29, 23, 8, 57), m.DeviceLocalTime);
        });
    }

    [Fact]
    public void Spot_DeviceClockNotSet_IgnoresItsTimeStampAndSaysSo()
    {
        var result = new PlxSpotDecoder().Decode(Hex("11 6100 4800 E8070B1D170839"));

        Assert.All(result.Measurements, m =>
        {
            Assert.Null(m.DeviceLocalTime);
            Assert.Equal(ReadingFlags.DeviceClockUnknown, m.Flags);
        });
        Assert.Equal(97m, result.Measurements[0].Value!.Quantity.Value);
    }

    [Theory]
    [InlineData(9, ReadingFlags.MeasurementFromStorage)]
    [InlineData(6, ReadingFlags.EarlyEstimate)]
    [InlineData(10, ReadingFlags.DemonstrationData)]
    [InlineData(11, ReadingFlags.TestingData)]
    [InlineData(12, ReadingFlags.CalibrationOngoing)]
    [InlineData(13, ReadingFlags.MeasurementUnavailable)]
    [InlineData(14, ReadingFlags.QuestionableMeasurement)]
    [InlineData(15, ReadingFlags.InvalidMeasurement)]
    [InlineData(7, ReadingFlags.None)]                 // validated data: nothing to warn about
    [InlineData(8, ReadingFlags.None)]                 // fully qualified data
    [InlineData(0, ReadingFlags.ReservedStatusValue)]
    public void Spot_MeasurementStatusBit_BecomesItsFlag(int bit, ReadingFlags expected)
    {
        var status = (ushort)(1 << bit);
        var frame = Hex("02 6100 4800").Append((byte)status).Append((byte)(status >> 8)).ToArray();

        Assert.All(new PlxSpotDecoder().Decode(frame).Measurements, m => Assert.Equal(expected, m.Flags));
    }

    [Theory]
    [InlineData(0, ReadingFlags.None)]                 // extended display update: the screen only
    [InlineData(2, ReadingFlags.SignalProcessingIrregularity)]
    [InlineData(3, ReadingFlags.InadequateSignal)]
    [InlineData(4, ReadingFlags.PoorSignal)]
    [InlineData(6, ReadingFlags.ErraticSignal)]
    [InlineData(7, ReadingFlags.NonPulsatileSignal)]
    [InlineData(8, ReadingFlags.QuestionablePulse)]
    [InlineData(9, ReadingFlags.SignalAnalysisOngoing)]
    [InlineData(10, ReadingFlags.SensorInterference)]
    [InlineData(11, ReadingFlags.SensorUnconnected)]
    [InlineData(12, ReadingFlags.UnknownSensor)]
    [InlineData(13, ReadingFlags.SensorDisplaced)]
    [InlineData(14, ReadingFlags.SensorMalfunction)]
    [InlineData(15, ReadingFlags.SensorDisconnected)]
    [InlineData(16, ReadingFlags.ReservedStatusValue)]
    public void Continuous_DeviceStatusBit_BecomesItsFlag(int bit, ReadingFlags expected)
    {
        var status = 1u << bit;
        var frame = Hex("08 6100 4800").Concat([(byte)status, (byte)(status >> 8), (byte)(status >> 16)]).ToArray();

        Assert.All(new PlxContinuousDecoder().Decode(frame).Measurements, m => Assert.Equal(expected, m.Flags));
    }

    [Theory]
    [InlineData("00 E8F3 84F3")]   // 1000 × 10^-1 and 900 × 10^-1
    [InlineData("00 6400 5A00")]   // 100 and 90, exponent 0: the same reading
    public void Continuous_SpeziMinimalVectors_Give100PercentAnd90PerMinute(string hex)
    {
        var result = new PlxContinuousDecoder().Decode(Hex(hex));

        Assert.Equal([100m, 90m], result.Measurements.Select(m => m.Value!.Quantity.Value!.Value));
        Assert.All(result.Measurements, m => Assert.Null(m.DeviceLocalTime));
    }

    [Fact]
    public void Continuous_SpeziFullVector_KeepsTheNormalPairAndNotesTheFastAndSlowAverages()
    {
        var result = new PlxContinuousDecoder().Decode(Hex("1F DEF3 CAF3 CAF3 5AF5 D4F3 B2F2 2001 000000 7AE3"));

        Assert.Equal([99.0m, 97.0m, 8.90m], result.Measurements.Select(m => m.Value!.Quantity.Value!.Value));
        var saturation = result.Measurements[0];
        Assert.Equal(["Fast-response average: SpO2 97.0 %, pulse rate 137.0 /min", "Slow-response average: SpO2 98.0 %, pulse rate 69.0 /min"],
            saturation.Notes);
        // 0x0120: measurement ongoing (bit 5) and fully qualified (bit 8, nothing to say).
        Assert.Equal(ReadingFlags.MeasurementOngoing, saturation.Flags);
    }

    [Theory]
    [InlineData("00 FF07 4800", AbsentReason.NotANumber)]
    [InlineData("00 0008 4800", AbsentReason.Error)]
    [InlineData("00 FE07 4800", AbsentReason.PositiveInfinity)]
    public void Spot_SpecialSaturation_IsAbsentAndThePulseStands(string hex, AbsentReason reason)
    {
        var result = new PlxSpotDecoder().Decode(Hex(hex));

        Assert.Equal(reason, result.Measurements[0].Value!.Quantity.Absent);
        Assert.Equal(72m, result.Measurements[1].Value!.Quantity.Value);
    }

    [Fact]
    public void Encoder_SimulatorFrames_DecodeToTheirValues()
    {
        var sample = new PlxSample(97, 64, new DateTime(2026, 11, 29, 9, 0, 5), 1 << 9, 1 << 5, 42);

        var spot = new PlxSpotDecoder().Decode(PlxEncoder.EncodeSpot(sample)).Measurements;
        var continuous = new PlxContinuousDecoder().Decode(PlxEncoder.EncodeContinuous(sample)).Measurements;

        Assert.Equal([97m, 64m, 4.2m], spot.Select(m => m.Value!.Quantity.Value!.Value));
        Assert.Equal(ReadingFlags.MeasurementFromStorage | ReadingFlags.LowPerfusion, spot[0].Flags);
        Assert.Equal(sample.Time, spot[0].DeviceLocalTime);
        Assert.Equal([97m, 64m, 4.2m], continuous.Select(m => m.Value!.Quantity.Value!.Value));
    }

    [Theory]
    [InlineData("0080")]   // invalid measurement detected
    [InlineData("0020")]   // measurement unavailable
    public void Spot_MeasurementTheDeviceSaysIsInvalid_SendsNoNumber(string status)
    {
        var result = new PlxSpotDecoder().Decode(Hex("0A 6100 4800 " + status + " 2A00"));

        Assert.All(result.Measurements, m => Assert.Equal(AbsentReason.Error, m.Value!.Quantity.Absent));
    }

    [Fact]
    public void Spot_QuestionableMeasurement_KeepsTheValueWithItsNote()
    {
        var result = new PlxSpotDecoder().Decode(Hex("02 6100 4800 0040"));

        Assert.Equal(97m, result.Measurements[0].Value!.Quantity.Value);
        Assert.Equal(ReadingFlags.QuestionableMeasurement, result.Measurements[0].Flags);
    }
}
