namespace EdgeGateway.DeviceDrivers.Transports.Hid;

/// <summary>One USB HID device as the kernel's hidraw driver shows it.</summary>
/// <param name="Path">
/// The node: <c>/dev/hidrawN</c>, or better a stable link a udev rule makes for the device's vendor and
/// product (Debian makes no <c>by-id</c> links for hidraw nodes; the number changes on replug).
/// </param>
/// <param name="ReportId">
/// The report number written before each output report: hidraw's <c>write()</c> takes it first, 0 for a
/// device without numbered reports (Documentation/hid/hidraw.rst).
/// </param>
/// <param name="WriteTimeout">How long an output report may take to go out.</param>
public sealed record HidrawSettings(string Path, byte ReportId = 0, TimeSpan? WriteTimeout = null)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path} (hidraw, report id {ReportId})";
}
