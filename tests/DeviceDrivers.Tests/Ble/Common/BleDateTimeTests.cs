using EdgeGateway.DeviceDrivers.Ble.Common;

namespace EdgeGateway.DeviceDrivers.Tests.Ble.Common;

// Reference: GATT Specification Supplement §3.70 (Date Time): year uint16 LE, month, day, hours, minutes, seconds.
public class BleDateTimeTests
{
    [Fact]
    public void TryRead_ValidDate_IsDeviceLocalTimeWithoutZone()
    {
        var status = BleDateTime.TryRead(Convert.FromHexString("E8070B1D091E05"), out var value, out _);

        Assert.Equal(BleDateTime.Status.Valid, status);
        Assert.Equal(new DateTime(2024, 11, 29, 9, 30, 5), value);
        Assert.Equal(DateTimeKind.Unspecified, value.Kind);
    }

    [Theory]
    [InlineData("0000010100000000")] // year 0
    [InlineData("E807000100000000")] // month 0
    [InlineData("E8070B0000000000")] // day 0
    public void TryRead_ZeroYearMonthOrDay_MeansUnknown(string hex)
    {
        Assert.Equal(BleDateTime.Status.Unknown, BleDateTime.TryRead(Convert.FromHexString(hex), out _, out _));
    }

    [Theory]
    [InlineData("E8070D0100000000", "date")]   // month 13
    [InlineData("E807021E00000000", "date")]   // 30 February
    [InlineData("E8070B1D18000000", "time")]   // hour 24
    [InlineData("E8070B1D093C0000", "time")]   // minute 60
    [InlineData("2D06010100000000", "date")]   // year 1581
    public void TryRead_OutOfRangeField_IsInvalidAndSaysWhich(string hex, string what)
    {
        var status = BleDateTime.TryRead(Convert.FromHexString(hex), out _, out var problem);

        Assert.Equal(BleDateTime.Status.Invalid, status);
        Assert.StartsWith(what, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ThenRead_RoundTrips()
    {
        var bytes = new byte[BleDateTime.Length];
        BleDateTime.Write(bytes, new DateTime(2031, 2, 28, 23, 59, 58));

        BleDateTime.TryRead(bytes, out var value, out _);
        Assert.Equal(new DateTime(2031, 2, 28, 23, 59, 58), value);
    }
}
