using EdgeGateway.DeviceDrivers.Ble.BloodPressure;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Tests.Readings;

public class ReadingFactoryTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static readonly DateTimeOffset Received = new(2024, 11, 29, 8, 31, 0, TimeSpan.Zero);

    [Fact]
    public void Create_DeviceLocalTime_IsPlacedInTheClinicsZone()
    {
        var frame = Convert.FromHexString("067900" + "4C005B00" + "E8070B1D091E00" + "4800");
        var result = new BloodPressureDecoder().Decode(frame);

        var readings = ReadingFactory.Create(result, frame, Received, new FrameSource("bp-1", "ble-blood-pressure", Paris));

        Assert.Equal(2, readings.Count);
        // 09:30 on 29 November in Paris is winter time, UTC+1.
        Assert.All(readings, r => Assert.Equal(new DateTimeOffset(2024, 11, 29, 9, 30, 0, TimeSpan.FromHours(1)), r.DeviceTime));
        Assert.All(readings, r => Assert.Equal(Received, r.ReceivedAt));
        Assert.All(readings, r => Assert.Equal(frame, r.RawFrame));
        Assert.NotEqual(readings[0].ReadingId, readings[1].ReadingId);
    }

    [Fact]
    public void Create_WallClockTimeSkippedBySpringForward_IsReadAsStandardTime()
    {
        // 2026-03-29 02:30 does not exist in Paris (clocks go from 02:00 to 03:00).
        var frame = BloodPressureEncoder.Encode(new BloodPressureSample(120, 80, 93, null, new DateTime(2026, 3, 29, 2, 30, 0), null, null));
        var result = new BloodPressureDecoder().Decode(frame);

        var reading = Assert.Single(ReadingFactory.Create(result, frame, Received, new FrameSource("bp-1", "ble-blood-pressure", Paris)));

        Assert.Equal(TimeSpan.FromHours(1), reading.DeviceTime!.Value.Offset);
    }

    [Fact]
    public void Create_NoDeviceTime_UsesTheReceiveTimeAsEffectiveTime()
    {
        var frame = Convert.FromHexString("007900" + "4C005B00");
        var result = new BloodPressureDecoder().Decode(frame);

        var reading = Assert.Single(ReadingFactory.Create(result, frame, Received, new FrameSource("bp-1", "ble-blood-pressure", Paris, IsTest: true)));

        Assert.Null(reading.DeviceTime);
        Assert.Equal(Received, reading.EffectiveTime);
        Assert.True(reading.IsTest);
    }

    [Fact]
    public void Create_FailedDecode_GivesNoReadings()
    {
        var result = new BloodPressureDecoder().Decode([0x1E]);

        Assert.Empty(ReadingFactory.Create(result, [0x1E], Received, new FrameSource("bp-1", "ble-blood-pressure", Paris)));
    }

    [Theory]
    [InlineData("ble-glucose", "02 0100 E407040D10260A 78B0 4A")]   // control solution
    [InlineData("ble-plx-spot", "02 6100 4800 0004")]               // oximeter in demonstration mode
    [InlineData("ble-plx-spot", "02 6100 4800 0008")]               // oximeter in testing mode
    public void Create_NotPatientData_IsTestDataWithoutThePatient(string protocol, string hex)
    {
        var patient = new PatientContext("1234567890123", PatientContext.InsSystem);

        var readings = EdgeGateway.Tests.Shared.Frames.Readings(hex, Received, new FrameSource("dev-1", protocol, Paris, Patient: patient));

        Assert.NotEmpty(readings);
        Assert.All(readings, r => Assert.True(r.IsTest && r.Patient is null));
    }

    [Fact]
    public void Create_PatientMeasurement_KeepsThePatient()
    {
        var frame = Convert.FromHexString("020100E407040D10260A78B011");
        var patient = new PatientContext("1234567890123", PatientContext.InsSystem);

        var reading = Assert.Single(ReadingFactory.Create(new DeviceDrivers.Ble.Glucose.GlucoseDecoder().Decode(frame), frame, Received, new FrameSource("dev-1", "ble-glucose", Paris, Patient: patient)));

        Assert.Equal(patient, reading.Patient);
        Assert.False(reading.IsTest);
    }
}
