namespace EdgeGateway.DeviceDrivers.Ble.Common;

/// <summary>The local wall-clock time a device's clock shows, to the second (BLE Date Time has no fraction).</summary>
internal static class SimulatorClock
{
    public static DateTime Now(TimeProvider time)
    {
        var local = time.GetLocalNow().DateTime;
        return new DateTime(local.Year, local.Month, local.Day, local.Hour, local.Minute, local.Second, DateTimeKind.Unspecified);
    }
}
