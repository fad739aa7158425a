using EdgeGateway.DeviceDrivers.Serial.Masimo;
using EdgeGateway.DeviceDrivers.Serial.Nonin;

namespace EdgeGateway.DeviceDrivers.Simulation;

/// <summary>The simulated devices that can be played on a serial port (<c>edgegateway simulate</c>), by protocol name.</summary>
public static class SerialSimulators
{
    private static readonly Dictionary<string, (int BaudRate, Func<Random, IDeviceSimulator> Create)> All = new(StringComparer.Ordinal)
    {
        [MasimoAsciiDecoder.ProtocolName] = (9600, random => new MasimoAsciiSimulator(random, TimeProvider.System)),
        [NoninDf2Decoder.ProtocolName] = (9600, random => new NoninDf2Simulator(random)),
        [NoninDf8Decoder.ProtocolName] = (9600, random => new NoninDf8Simulator(random)),
    };

    /// <summary>The names, sorted.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Keys.Order(StringComparer.Ordinal)];

    /// <summary>A simulator for <paramref name="name"/> and the baud rate its device uses.</summary>
    public static bool TryCreate(string name, Random random, out IDeviceSimulator simulator, out int baudRate)
    {
        if (All.TryGetValue(name, out var entry))
        {
            (simulator, baudRate) = (entry.Create(random), entry.BaudRate);
            return true;
        }

        (simulator, baudRate) = (null!, 0);
        return false;
    }
}
