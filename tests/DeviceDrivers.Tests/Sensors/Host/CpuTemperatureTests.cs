using EdgeGateway.DeviceDrivers.Sensors.Host;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.DeviceDrivers.Tests.Sensors.Host;

// The Linux thermal sysfs ABI (Documentation/ABI/testing/sysfs-class-thermal): thermal_zoneN/type
// names the zone, thermal_zoneN/temp is millidegrees Celsius. A fake tree in a temporary directory.
public sealed class CpuTemperatureTests : IDisposable
{
    private readonly TempDirectory _root = new();

    [Fact]
    public void ReadCelsius_RaspberryPi_ReadsCpuThermalInMillidegrees()
    {
        Zone(0, "cpu-thermal", "48312");

        Assert.Equal(48.312m, new CpuTemperature(_root.Path).ReadCelsius());
    }

    [Fact]
    public void ReadCelsius_SeveralZones_PrefersTheCpusOwn()
    {
        Zone(0, "acpitz", "27800");
        Zone(1, "pch_skylake", "41000");
        Zone(2, "x86_pkg_temp", "52000");

        Assert.Equal(52m, new CpuTemperature(_root.Path).ReadCelsius());
    }

    [Fact]
    public void ReadCelsius_NoCpuZone_TakesTheFirstByNumber()
    {
        Zone(10, "gpu-thermal", "61000");
        Zone(2, "soc-thermal", "45500");
        Zone(9, "battery", "30000");

        Assert.Equal(45.5m, new CpuTemperature(_root.Path).ReadCelsius());
    }

    [Fact]
    public void ReadCelsius_CpuZoneUnreadable_FallsBackToAnother()
    {
        Zone(0, "cpu-thermal", "");
        Zone(1, "soc-thermal", "-5000");

        Assert.Equal(-5m, new CpuTemperature(_root.Path).ReadCelsius());
    }

    [Fact]
    public void ReadCelsius_NoThermalClass_IsNull()
    {
        Assert.Null(new CpuTemperature(Path.Combine(_root.Path, "absent")).ReadCelsius());
        Assert.Null(new CpuTemperature(_root.Path).ReadCelsius());
    }

    [Fact]
    public void ReadCelsius_ZoneWithoutTemp_IsNull()
    {
        Directory.CreateDirectory(Path.Combine(_root.Path, "thermal_zone0"));
        Directory.CreateDirectory(Path.Combine(_root.Path, "cooling_device0"));

        Assert.Null(new CpuTemperature(_root.Path).ReadCelsius());
    }

    public void Dispose() => _root.Dispose();

    private void Zone(int number, string type, string temp)
    {
        var zone = Directory.CreateDirectory(Path.Combine(_root.Path, $"thermal_zone{number}")).FullName;
        File.WriteAllText(Path.Combine(zone, "type"), type + "\n");
        File.WriteAllText(Path.Combine(zone, "temp"), temp + "\n");
    }
}
