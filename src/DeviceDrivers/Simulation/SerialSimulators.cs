using EdgeGateway.DeviceDrivers.Astm;
using EdgeGateway.DeviceDrivers.Serial.AsciiLine;
using EdgeGateway.DeviceDrivers.Serial.Contec;
using EdgeGateway.DeviceDrivers.Serial.Masimo;
using EdgeGateway.DeviceDrivers.Serial.Nonin;

namespace EdgeGateway.DeviceDrivers.Simulation;

/// <summary>The simulated devices that can be played on a serial port (<c>edgegateway simulate</c>), by protocol name.</summary>
public static class SerialSimulators
{
    private static readonly Dictionary<string, Func<Random, IDeviceSimulator>> All = new(StringComparer.Ordinal)
    {
        [AsciiLineDecoder.ProtocolName] = random => new AsciiLineSimulator(random),
        [Cms50Decoder.ProtocolName] = random => new Cms50Simulator(random),
        [Cms50LegacyDecoder.ProtocolName] = random => new Cms50LegacySimulator(random),
        [MasimoAsciiDecoder.ProtocolName] = random => new MasimoAsciiSimulator(random, TimeProvider.System),
        [NoninDf13Decoder.ProtocolName] = random => new NoninDf13Simulator(random, TimeProvider.System),
        [NoninDf2Decoder.ProtocolName] = random => new NoninDf2Simulator(random),
        [NoninDf8Decoder.ProtocolName] = random => new NoninDf8Simulator(random),
    };

    /// <summary>The names, sorted (with <c>astm</c>, an analyser holding a conversation, see <see cref="AstmSender"/>, and <c>beurer-bm58</c>, a cuff answering a download).</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Keys.Append(AstmDecoder.ProtocolName).Append(Serial.Beurer.Bm58Decoder.ProtocolName).Order(StringComparer.Ordinal)];

    /// <summary>A simulator for <paramref name="name"/> (its port settings are the protocol's, in <see cref="Protocols.SerialProtocols"/>).</summary>
    public static bool TryCreate(string name, Random random, out IDeviceSimulator simulator)
    {
        simulator = All.TryGetValue(name, out var create) ? create(random) : null!;
        return simulator is not null;
    }
}
