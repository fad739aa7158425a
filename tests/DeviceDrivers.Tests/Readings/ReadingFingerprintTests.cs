using EdgeGateway.DeviceDrivers.Ble.BloodPressure;
using EdgeGateway.DeviceDrivers.Ble.Glucose;
using EdgeGateway.DeviceDrivers.Ble.PulseOximetry;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Tests.Readings;

public sealed class ReadingFingerprintTests
{
    private static readonly DateTime Taken = new(2026, 11, 29, 9, 30, 0);

    [Fact]
    public void SameCuffResultSentAgain_HasTheSameFingerprint()
    {
        var sample = new BloodPressureSample(121, 76, 91, 72, Taken, 1, null);

        Assert.Equal(Of(new BloodPressureDecoder(), BloodPressureEncoder.Encode(sample)), Of(new BloodPressureDecoder(), BloodPressureEncoder.Encode(sample)));
    }

    [Theory]
    [InlineData(122, 76, 0)]   // another value
    [InlineData(121, 76, 1)]   // another second
    public void AnotherValueOrTime_HasAnotherFingerprint(int systolic, int diastolic, int seconds)
    {
        var original = BloodPressureEncoder.Encode(new BloodPressureSample(121, 76, 91, 72, Taken, 1, null));
        var other = BloodPressureEncoder.Encode(new BloodPressureSample(systolic, diastolic, 91, 72, Taken.AddSeconds(seconds), 1, null));

        Assert.NotEqual(Of(new BloodPressureDecoder(), original), Of(new BloodPressureDecoder(), other));
    }

    [Fact]
    public void GlucoseRecord_IsRecognisedByItsSequenceNumberAndTime()
    {
        var record = new GlucoseRecord(31, Taken, 104);

        Assert.Equal(Of(new GlucoseDecoder(), GlucoseEncoder.EncodeFrame(record)), Of(new GlucoseDecoder(), GlucoseEncoder.EncodeFrame(record with { Meal = 1 })));
        // A meter whose memory was reset numbers from 1 again: same number, another time, another record.
        Assert.NotEqual(Of(new GlucoseDecoder(), GlucoseEncoder.EncodeFrame(record)), Of(new GlucoseDecoder(), GlucoseEncoder.EncodeFrame(record with { BaseTime = Taken.AddDays(3) })));
    }

    [Fact]
    public void ReadingWithoutDeviceTime_HasNoFingerprint()
    {
        Assert.Null(Of(new PlxContinuousDecoder(), PlxEncoder.EncodeContinuous(new PlxSample(97, 64, null, null, null, null))));
    }

    private static string? Of(IFrameDecoder decoder, byte[] frame) =>
        ReadingFingerprint.Of(ReadingFactory.Create(decoder.Decode(frame), frame, DateTimeOffset.UtcNow,
            new FrameSource("dev-1", decoder.Protocol, TimeZoneInfo.Utc))[0]);
}
