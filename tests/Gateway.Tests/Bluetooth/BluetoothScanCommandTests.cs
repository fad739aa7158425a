using EdgeGateway.Gateway.Cli;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.Gateway.Tests.Bluetooth;

/// <summary><c>edgegateway bluetooth scan</c> against BlueZ on a private bus: what a technician configures from.</summary>
public sealed class BluetoothScanCommandTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new();
    private BlueZMock _bluez = null!;

    public async Task InitializeAsync() =>
        _bluez = await BlueZMock.StartAsync(["C0:00:00:00:18:10,Cuff,bp", "C0:00:00:00:18:08,Meter,glucose", "C0:00:00:00:18:09,Thermometer,thermo+cts"]);

    public async Task DisposeAsync()
    {
        await _bluez.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task Scan_ListsEveryHealthDeviceWithItsServices()
    {
        var config = Path.Combine(_root.Path, "gateway.json");
        await File.WriteAllTextAsync(config, $$"""{ "Bluetooth": { "BusAddress": "{{_bluez.Address}}" } }""");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await GatewayCommandLine.InvokeAsync(["bluetooth", "scan", "--seconds", "1", "--config", config], stdout, stderr);

        Assert.True(exit == 0, stderr.ToString());
        var output = stdout.ToString();
        Assert.Contains("C0:00:00:00:18:10  Cuff  [blood pressure]", output, StringComparison.Ordinal);
        Assert.Contains("C0:00:00:00:18:08  Meter  [glucose]", output, StringComparison.Ordinal);
        Assert.Contains("C0:00:00:00:18:09  Thermometer  [thermometer]", output, StringComparison.Ordinal);
        Assert.Contains("3 health device(s) found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scan_WithoutBlueZ_SaysSoInOneLine()
    {
        var config = Path.Combine(_root.Path, "gateway.json");
        await File.WriteAllTextAsync(config, """{ "Bluetooth": { "BusAddress": "unix:path=/nonexistent/bus" } }""");
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();

        var exit = await GatewayCommandLine.InvokeAsync(["bluetooth", "scan", "--seconds", "1", "--config", config], stdout, stderr);

        Assert.Equal(1, exit);
        Assert.StartsWith("edgegateway bluetooth scan: cannot reach BlueZ", stderr.ToString(), StringComparison.Ordinal);
    }
}
