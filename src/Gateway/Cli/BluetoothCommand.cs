using System.CommandLine;
using System.Globalization;
using EdgeGateway.DeviceDrivers.Transports.Ble;
using EdgeGateway.Gateway.Devices;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeGateway.Gateway.Cli;

/// <summary>
/// <c>edgegateway bluetooth scan [--seconds N] [--config FILE]</c>: the Bluetooth health devices in
/// range, one per line (address, name, services, bonded), so a technician can configure them.
/// </summary>
internal static class BluetoothCommand
{
    private static readonly Dictionary<ushort, string> ServiceNames = new()
    {
        [GattUuids.BloodPressureService] = "blood pressure",
        [GattUuids.HealthThermometerService] = "thermometer",
        [GattUuids.PulseOximeterService] = "pulse oximeter",
        [GattUuids.WeightScaleService] = "weight scale",
        [GattUuids.GlucoseService] = "glucose",
        [GattUuids.HeartRateService] = "heart rate",
    };

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var seconds = new Option<int>("--seconds") { Description = "How long to scan (1–60, default 10)", DefaultValueFactory = _ => 10 };
        var config = new Option<string?>("--config") { Description = "Configuration file (as for run: Bluetooth:BusAddress)" };
        var scan = new Command("scan", "List the Bluetooth health devices in range (address, name, services).") { seconds, config };
        scan.SetAction((parse, cancellationToken) => ScanAsync(parse.GetValue(seconds), parse.GetValue(config), stdout, stderr, cancellationToken));
        return new Command("bluetooth", "Find Bluetooth LE health devices.") { scan };
    }

    private static async Task<int> ScanAsync(int seconds, string? configFile, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (seconds is < 1 or > 60)
        {
            await stderr.WriteLineAsync("edgegateway bluetooth scan: --seconds must be between 1 and 60").ConfigureAwait(false);
            return GatewayCommandLine.ExitBadInput;
        }

        using var configuration = ToolConfiguration.Load("edgegateway bluetooth scan", configFile, null, stderr);
        if (configuration is null)
        {
            return GatewayCommandLine.ExitBadConfiguration;
        }

        var bluetooth = new BluetoothOptions();
        configuration.GetSection(BluetoothOptions.SectionName).Bind(bluetooth);
        await using var central = new BlueZCentral(bluetooth.BusAddress, NullLogger<BlueZCentral>.Instance);
        try
        {
            await stdout.WriteLineAsync($"scanning for {seconds} s…").ConfigureAwait(false);
            var devices = await central.DiscoverAsync(TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false);
            foreach (var device in devices)
            {
                var services = string.Join(", ", device.Services.Select(s => ServiceNames.TryGetValue(s, out var name) ? name : $"0x{s:X4}"));
                var rssi = device.Rssi is { } dbm ? string.Create(CultureInfo.InvariantCulture, $"{dbm} dBm") : "";
                await stdout.WriteLineAsync($"{device.Address}  {device.Name ?? "(no name)"}  [{services}]{(device.Paired ? "  bonded" : "")}  {rssi}".TrimEnd()).ConfigureAwait(false);
            }

            await stdout.WriteLineAsync($"{devices.Count} health device(s) found").ConfigureAwait(false);
            return 0;
        }
        catch (BleException ex)
        {
            await stderr.WriteLineAsync($"edgegateway bluetooth scan: {ex.Message}").ConfigureAwait(false);
            return 1;
        }
    }
}
