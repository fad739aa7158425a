using EdgeGateway.DeviceDrivers.Ble.BloodPressure;
using EdgeGateway.DeviceDrivers.Ble.Glucose;
using EdgeGateway.DeviceDrivers.Ble.HeartRate;
using EdgeGateway.DeviceDrivers.Ble.PulseOximetry;
using EdgeGateway.DeviceDrivers.Ble.Temperature;
using EdgeGateway.DeviceDrivers.Ble.Weight;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Serial.Contec;
using EdgeGateway.DeviceDrivers.Serial.Masimo;
using EdgeGateway.DeviceDrivers.Serial.Nonin;

namespace EdgeGateway.DeviceDrivers.Protocols;

/// <summary>One protocol the gateway decodes: the name configuration and the CLI use, and what it is.</summary>
/// <param name="Name">The protocol name (e.g. <c>ble-blood-pressure</c>).</param>
/// <param name="Description">One line for <c>edgegateway decode --list</c>.</param>
/// <param name="CreateDecoder">Makes a decoder (decoders are cheap and stateless).</param>
public sealed record ProtocolInfo(string Name, string Description, Func<IFrameDecoder> CreateDecoder);

/// <summary>Every protocol this build decodes, by name.</summary>
public static class ProtocolCatalog
{
    /// <summary>All protocols, sorted by name.</summary>
    public static IReadOnlyList<ProtocolInfo> All { get; } =
    [
        new(BloodPressureDecoder.ProtocolName, "Bluetooth SIG Blood Pressure Measurement (0x2A35)", () => new BloodPressureDecoder()),
        new(GlucoseDecoder.ProtocolName, "Bluetooth SIG Glucose Measurement (0x2A18) [+ Context 0x2A34]", () => new GlucoseDecoder()),
        new(HeartRateDecoder.ProtocolName, "Bluetooth SIG Heart Rate Measurement (0x2A37)", () => new HeartRateDecoder()),
        new(PlxContinuousDecoder.ProtocolName, "Bluetooth SIG PLX Continuous Measurement (0x2A5F)", () => new PlxContinuousDecoder()),
        new(PlxSpotDecoder.ProtocolName, "Bluetooth SIG PLX Spot-check Measurement (0x2A5E)", () => new PlxSpotDecoder()),
        new(TemperatureDecoder.ProtocolName, "Bluetooth SIG Temperature Measurement (0x2A1C)", () => new TemperatureDecoder()),
        new(TemperatureDecoder.IntermediateProtocolName, "Bluetooth SIG Intermediate Temperature (0x2A1E)", () => new TemperatureDecoder(intermediate: true)),
        new(WeightDecoder.ProtocolName, "Bluetooth SIG Weight Measurement (0x2A9D)", () => new WeightDecoder()),
        new(Cms50Decoder.ProtocolName, "Contec CMS50D+ (current firmware, protocol V7.0), real-time 9-byte packets", () => new Cms50Decoder()),
        new(Cms50LegacyDecoder.ProtocolName, "Contec CMS50D+ (firmware 4.5 and earlier), live 5-byte packets", () => new Cms50LegacyDecoder()),
        new(MasimoAsciiDecoder.ProtocolName, "Masimo Rad-series serial ASCII 1 line (SpO2, pulse, PI)", () => new MasimoAsciiDecoder()),
        new(NoninDf13Decoder.ProtocolName, "Nonin oximeter, serial data format #13 (time-stamped spot checks)", () => new NoninDf13Decoder()),
        new(NoninDf2Decoder.ProtocolName, "Nonin oximeter, serial data format #2 (25-frame packets)", () => new NoninDf2Decoder()),
        new(NoninDf8Decoder.ProtocolName, "Nonin oximeter, serial data format #8 (4-byte packets)", () => new NoninDf8Decoder()),
    ];

    /// <summary>Finds a protocol by its exact name.</summary>
    public static bool TryGet(string name, out ProtocolInfo protocol)
    {
        protocol = All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal))!;
        return protocol is not null;
    }
}
