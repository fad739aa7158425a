using EdgeGateway.DeviceDrivers.Hid.Omron;
using EdgeGateway.DeviceDrivers.Transports.Links;

namespace EdgeGateway.DeviceDrivers.Protocols;

/// <summary>A protocol spoken with a USB HID device through its hidraw node.</summary>
/// <param name="CreateSession">Makes the session run each time the node opens.</param>
/// <param name="ReportId">The report number written before each output report (0: the device does not number its reports).</param>
public sealed record HidProtocol(Func<ILinkSession> CreateSession, byte ReportId = 0);

/// <summary>The protocols attached to a hidraw node, by name.</summary>
public static class HidProtocols
{
    private static readonly Dictionary<string, HidProtocol> All = new(StringComparer.Ordinal)
    {
        // Unnumbered 8-byte reports; the memory is downloaded each time the monitor is connected.
        [OmronDecoder.ProtocolName] = new(() => new OmronSession()),
    };

    /// <summary>Finds a HID protocol by name.</summary>
    public static bool TryGet(string name, out HidProtocol protocol) => All.TryGetValue(name, out protocol!);
}
