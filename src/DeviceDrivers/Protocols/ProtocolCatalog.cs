using EdgeGateway.DeviceDrivers.Astm;
using EdgeGateway.DeviceDrivers.Ble.BloodPressure;
using EdgeGateway.DeviceDrivers.Ble.Glucose;
using EdgeGateway.DeviceDrivers.Ble.HeartRate;
using EdgeGateway.DeviceDrivers.Ble.PulseOximetry;
using EdgeGateway.DeviceDrivers.Ble.Temperature;
using EdgeGateway.DeviceDrivers.Ble.Weight;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Hid.Omron;
using EdgeGateway.DeviceDrivers.Hl7v2;
using EdgeGateway.DeviceDrivers.Serial.AsciiLine;
using EdgeGateway.DeviceDrivers.Serial.Beurer;
using EdgeGateway.DeviceDrivers.Sensors.Mlx90614;
using EdgeGateway.DeviceDrivers.Serial.Contec;
using EdgeGateway.DeviceDrivers.Serial.Masimo;
using EdgeGateway.DeviceDrivers.Serial.Nonin;

namespace EdgeGateway.DeviceDrivers.Protocols;

/// <summary>One protocol the gateway decodes: the name configuration and the CLI use, and what it is.</summary>
/// <param name="Name">The protocol name (e.g. <c>ble-blood-pressure</c>).</param>
/// <param name="Description">One line for <c>edgegateway decode --list</c>.</param>
/// <param name="CreateDecoder">Makes a decoder (decoders are cheap and stateless).</param>
/// <param name="CreateConfigured">
/// For a protocol whose meaning comes from the device's configuration (an analyser's test table, a
/// printed line's fields): makes a decoder from it. Null for protocols fixed by their specification.
/// </param>
public sealed record ProtocolInfo(string Name, string Description, Func<IFrameDecoder> CreateDecoder, Func<ProtocolSettings, IFrameDecoder>? CreateConfigured = null)
{
    /// <summary>The protocol reads its meaning from the device's configuration.</summary>
    public bool NeedsSettings => CreateConfigured is not null;

    /// <summary>A decoder for a device configured with <paramref name="settings"/>.</summary>
    public IFrameDecoder Create(ProtocolSettings settings) => CreateConfigured is { } configured ? configured(settings) : CreateDecoder();
}

/// <summary>What a configurable protocol takes from its device's configuration.</summary>
/// <param name="Tests">An ASTM analyser's test table.</param>
/// <param name="Fields">An <c>ascii-line</c> device's fields.</param>
/// <param name="IgnoreLines">An <c>ascii-line</c> device's lines that carry no reading (an unstable weight, a banner), or null.</param>
/// <param name="DownloadRecordings">Download the recordings an oximeter stored (<c>contec-cms50</c>), not only its live stream.</param>
public sealed record ProtocolSettings(IReadOnlyList<AstmTest> Tests, IReadOnlyList<LineField> Fields, string? IgnoreLines = null, bool DownloadRecordings = false)
{
    /// <summary>Nothing configured.</summary>
    public static ProtocolSettings None { get; } = new([], []);
}

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
        new(AsciiLineDecoder.ProtocolName, "Lines printed by a device, read with the technician's expressions (Fields)", () => new AsciiLineDecoder([]),
            settings => new AsciiLineDecoder(settings.Fields, settings.IgnoreLines)),
        new(AstmDecoder.ProtocolName, "ASTM E1394 message from a point-of-care analyser, mapped by its test table (Tests)", () => new AstmDecoder([]),
            settings => new AstmDecoder(settings.Tests)),
        new(Bm58Decoder.ProtocolName, "Beurer BM58 blood-pressure monitor, USB-serial memory download (9-byte records)", () => new Bm58Decoder()),
        new(Cms50Decoder.ProtocolName, "Contec CMS50D+ (current firmware, protocol V7.0), real-time 9-byte packets; stored recordings with a start time", () => new Cms50Decoder()),
        new(Cms50LegacyDecoder.ProtocolName, "Contec CMS50D+ (firmware 4.5 and earlier), live 5-byte packets", () => new Cms50LegacyDecoder()),
        new(Hl7v2Decoder.ProtocolName, "HL7 v2 ORU^R01 from a patient monitor (IHE PCD-01), MDC codes to LOINC", () => new Hl7v2Decoder()),
        new(Mlx90614Decoder.ProtocolName, "Melexis MLX90614 infrared thermometer on I2C (object and ambient read words with PEC)", () => new Mlx90614Decoder()),
        new(MasimoAsciiDecoder.ProtocolName, "Masimo Rad-series serial ASCII 1 line (SpO2, pulse, PI)", () => new MasimoAsciiDecoder()),
        new(NoninDf13Decoder.ProtocolName, "Nonin oximeter, serial data format #13 (time-stamped spot checks)", () => new NoninDf13Decoder()),
        new(NoninDf2Decoder.ProtocolName, "Nonin oximeter, serial data format #2 (25-frame packets)", () => new NoninDf2Decoder()),
        new(NoninDf8Decoder.ProtocolName, "Nonin oximeter, serial data format #8 (4-byte packets)", () => new NoninDf8Decoder()),
        new(OmronDecoder.ProtocolName, "Omron HEM-790IT-class blood-pressure monitor, USB HID memory download (GME records)", () => new OmronDecoder()),
    ];

    /// <summary>Finds a protocol by its exact name.</summary>
    public static bool TryGet(string name, out ProtocolInfo protocol)
    {
        protocol = All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal))!;
        return protocol is not null;
    }
}
