namespace EdgeGateway.DeviceDrivers.Transports.Hid;

/// <summary>
/// A link to a USB HID device that also carries feature reports (sent on the control endpoint, beside the
/// interrupt reports the byte link carries). A session asks for it with <c>link is IHidFeatures</c>.
/// </summary>
public interface IHidFeatures
{
    /// <summary>
    /// Sends a feature report: its report number first (0 for a device without numbered reports), then its
    /// data. False when the node takes no feature reports (not a hidraw node) or the device refused it.
    /// </summary>
    Task<bool> SetFeatureAsync(ReadOnlyMemory<byte> report, CancellationToken cancellationToken);
}
