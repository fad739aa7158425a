using EdgeGateway.DeviceDrivers.Ble.HeartRate;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;
using static EdgeGateway.Tests.Shared.Frames;

namespace EdgeGateway.DeviceDrivers.Tests.Ble.HeartRate;

// Layout: Heart Rate Service 1.0 and the GATT Specification Supplement (Heart Rate Measurement
// 0x2A37). Vectors: NordicSemiconductor/Android-BLE-Common-Library, ble-common/src/test/java/
// no/nordicsemi/android/ble/common/callback/hr/HeartRateMeasurementDataCallbackTest.java.
public sealed class HeartRateDecoderTests
{
    private readonly HeartRateDecoder _decoder = new();

    [Fact]
    public void Decode_NordicMinimal_Is85PerMinute()
    {
        var measurement = Assert.Single(_decoder.Decode(Hex("00 55")).Measurements);

        Assert.Equal(Quantity.Of(85, Ucum.PerMinute), measurement.Value!.Quantity);
        Assert.Equal(ReadingFlags.None, measurement.Flags);
        Assert.Empty(measurement.Notes);
    }

    [Fact]
    public void Decode_NordicContactSupportedButNotDetected_SaysPoorContact()
    {
        var measurement = Assert.Single(_decoder.Decode(Hex("04 FF")).Measurements);

        Assert.Equal(255m, measurement.Value!.Quantity.Value);
        Assert.Equal(ReadingFlags.SensorContactLost, measurement.Flags);
    }

    [Fact]
    public void Decode_NordicWithEnergyAndOneRrInterval_NotesThem()
    {
        var measurement = Assert.Single(_decoder.Decode(Hex("1E 55 3200 2100")).Measurements);

        Assert.Equal(85m, measurement.Value!.Quantity.Value);
        Assert.Equal(ReadingFlags.None, measurement.Flags); // contact supported and detected
        // 33/1024 s = 32.2 ms.
        Assert.Equal(["Energy expended since the sensor's last reset: 50 kJ", "RR intervals (ms): 32"], measurement.Notes);
    }

    [Fact]
    public void Decode_NordicSixteenBitWithThreeRrIntervals_ReadsEveryField()
    {
        var measurement = Assert.Single(_decoder.Decode(Hex("1F 0101 3201 0100 0201 FFFF")).Measurements);

        Assert.Equal(257m, measurement.Value!.Quantity.Value);
        // 1, 258 and 65,535 in 1/1024 s.
        Assert.Equal(["Energy expended since the sensor's last reset: 306 kJ", "RR intervals (ms): 1, 252, 63999"], measurement.Notes);
    }

    [Fact]
    public void Decode_NordicEnergyAnnouncedButMissing_IsAMissingField()
    {
        var result = _decoder.Decode(Hex("17 0101"));

        Assert.Equal(DecodeErrorKind.MissingField, result.Error?.Kind);
        Assert.Equal(3, result.Error!.Offset);
    }

    [Fact]
    public void Decode_RrIntervalsCutMidway_IsTrailingBytes()
    {
        var result = _decoder.Decode(Hex("10 48 2003 20"));

        Assert.Equal(DecodeErrorKind.TrailingBytes, result.Error?.Kind);
    }

    [Fact]
    public void Encoder_SimulatorFrames_DecodeToTheirValues()
    {
        var measurement = Assert.Single(_decoder.Decode(HeartRateEncoder.Encode(300, false, 12, [800, 810])).Measurements);

        Assert.Equal(300m, measurement.Value!.Quantity.Value);
        Assert.Equal(ReadingFlags.SensorContactLost, measurement.Flags);
        Assert.Equal(2, measurement.Notes.Count);
    }
}
