using EdgeGateway.DeviceDrivers.Ble.BloodPressure;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.SyncAgent.Tests.Support;

/// <summary>Readings made the way the gateway makes them: real 0x2A35 bytes through the real decoder.</summary>
internal static class SampleReadings
{
    public static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static IReadOnlyList<Reading> BloodPressure(
        string deviceId = "bp-1", int systolic = 121, int diastolic = 76, int pulse = 72,
        BloodPressureStatus? status = null, PatientContext? patient = null, bool isTest = false, DateTimeOffset? receivedAt = null)
    {
        var frame = BloodPressureEncoder.Encode(new BloodPressureSample(
            systolic, diastolic, (systolic + (2 * diastolic)) / 3, pulse, new DateTime(2024, 11, 29, 9, 30, 0), 1, status));
        var result = new BloodPressureDecoder().Decode(frame);
        return ReadingFactory.Create(result, frame, receivedAt ?? new DateTimeOffset(2024, 11, 29, 8, 30, 5, TimeSpan.Zero),
            new FrameSource(deviceId, BloodPressureDecoder.ProtocolName, Paris, isTest, patient));
    }
}
