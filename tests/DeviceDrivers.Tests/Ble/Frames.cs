using EdgeGateway.DeviceDrivers.Decoding;

namespace EdgeGateway.DeviceDrivers.Tests.Ble;

/// <summary>Test frames written as hexadecimal, and a decode result as one comparable line.</summary>
internal static class Frames
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    public static string Describe(DecodeResult result) => result.IsSuccess
        ? string.Join(" | ", result.Measurements.Select(m =>
            $"{m.Code} {m.Value?.Quantity} [{string.Join(",", m.Components.Select(c => $"{c.Code}={c.Quantity}"))}] " +
            $"{m.DeviceLocalTime:O} {m.DeviceUserIndex} {m.DeviceSequenceNumber} {m.BodySite} {m.Flags} {string.Join(";", m.Notes)}"))
        : result.Error!.ToString();
}
