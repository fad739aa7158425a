using System.Globalization;

namespace EdgeGateway.DeviceDrivers.Sensors.Host;

/// <summary>
/// The gateway's own CPU temperature, for the health page, from the Linux thermal sysfs
/// (<c>/sys/class/thermal/thermal_zone*/temp</c>, millidegrees Celsius; <c>type</c> names the zone).
/// The zone is the CPU's — <c>cpu-thermal</c> on a Raspberry Pi, <c>x86_pkg_temp</c> on an Intel PC —
/// else the first zone that reads. No zone (a container, another OS): null, never an exception.
/// </summary>
/// <param name="thermalRoot">The thermal class directory; tests point it at a fake tree.</param>
public sealed class CpuTemperature(string thermalRoot = CpuTemperature.SysfsRoot)
{
    /// <summary>Where Linux lists its thermal zones.</summary>
    public const string SysfsRoot = "/sys/class/thermal";

    // Zone types that are the CPU itself, best first: Raspberry Pi (and some other ARM boards), Intel's
    // package sensor. Armbian boards name theirs with an underscore.
    private static readonly string[] CpuZoneTypes = ["cpu-thermal", "cpu_thermal", "x86_pkg_temp"];

    /// <summary>The CPU temperature in °C to the millidegree the kernel gives, or null when none can be read.</summary>
    public decimal? ReadCelsius()
    {
        var zones = Zones();
        var ordered = zones
            .OrderBy(zone => Rank(zone.Type))
            .ThenBy(zone => zone.Number);
        foreach (var zone in ordered)
        {
            // A zone may exist and still fail to read (a sensor powered down answers EINVAL or ENODATA).
            if (ReadMillidegrees(zone.Path) is { } millidegrees)
            {
                return millidegrees / 1000m;
            }
        }

        return null;
    }

    private static int Rank(string? type)
    {
        var index = type is null ? -1 : Array.IndexOf(CpuZoneTypes, type);
        return index < 0 ? CpuZoneTypes.Length : index;
    }

    private List<(string Path, int Number, string? Type)> Zones()
    {
        var zones = new List<(string, int, string?)>();
        try
        {
            foreach (var path in Directory.EnumerateDirectories(thermalRoot, "thermal_zone*"))
            {
                // thermal_zone10 sorts after thermal_zone9: by number, not by name.
                if (int.TryParse(Path.GetFileName(path).AsSpan("thermal_zone".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
                {
                    zones.Add((path, number, ReadLine(Path.Combine(path, "type"))));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // No thermal class at all.
        }

        return zones;
    }

    private static long? ReadMillidegrees(string zone) =>
        ReadLine(Path.Combine(zone, "temp")) is { } text && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    private static string? ReadLine(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
