using System.Globalization;
using System.Text;
using EdgeGateway.DeviceDrivers.Simulation;

namespace EdgeGateway.DeviceDrivers.Serial.AsciiLine;

/// <summary>
/// A scale printing A&amp;D's standard format: a few unstable lines (<c>US,…</c>) while the patient
/// settles, then the stable weight (<c>ST,+00072.45  kg</c>) — what the README's example fields read.
/// </summary>
public sealed class AsciiLineSimulator(Random random) : IDeviceSimulator
{
    private int _settling;
    private decimal _weight;

    /// <inheritdoc />
    public string Protocol => AsciiLineDecoder.ProtocolName;

    /// <inheritdoc />
    public byte[] NextFrame()
    {
        if (_settling == 0)
        {
            _weight = 55m + (random.Next(0, 4000) / 100m);
            _settling = 3;
        }

        _settling--;
        var header = _settling == 0 ? "ST" : "US";
        var shown = _settling == 0 ? _weight : _weight + (random.Next(-40, 40) / 100m);
        return Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{header},+{shown:00000.00}  kg\r\n"));
    }
}
