using System.Net;
using EdgeGateway.DeviceDrivers.Astm;
using EdgeGateway.DeviceDrivers.Protocols;
using EdgeGateway.DeviceDrivers.Serial.AsciiLine;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Transports;
using EdgeGateway.DeviceDrivers.Transports.Ble;
using EdgeGateway.DeviceDrivers.Transports.Hid;
using EdgeGateway.DeviceDrivers.Transports.I2c;
using EdgeGateway.DeviceDrivers.Transports.Serial;
using EdgeGateway.DeviceDrivers.Transports.Tcp;
using EdgeGateway.Gateway.Hosting;
using EdgeGateway.Gateway.Ingest;
using EdgeGateway.SyncAgent.Outbox;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Gateway.Devices;

/// <summary>Wires the configured devices: each is read for the life of the gateway, whatever the others do.</summary>
public static class DeviceSetup
{
    /// <summary>Registers the device list, the Bluetooth central and the service that runs the devices.</summary>
    public static IHostApplicationBuilder AddDevices(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<DeviceListOptions>().Bind(builder.Configuration).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DeviceListOptions>, DeviceOptionsValidator>();
        builder.Services.AddOptions<BluetoothOptions>().Bind(builder.Configuration.GetSection(BluetoothOptions.SectionName)).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<BluetoothOptions>, BluetoothOptionsValidator>();
        builder.Services.AddSingleton<IBluetoothCentral>(sp => new BlueZCentral(
            sp.GetRequiredService<IOptions<BluetoothOptions>>().Value.BusAddress,
            sp.GetRequiredService<ILogger<BlueZCentral>>(), sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<DeviceStatuses>();
        builder.Services.AddSingleton(new DeviceDrivers.Sensors.Host.CpuTemperature());
        builder.Services.AddHostedService<DeviceService>();
        return builder;
    }
}

/// <summary>The link state of each configured device, for the health page.</summary>
public sealed class DeviceStatuses
{
    private readonly Dictionary<string, IFrameTransport> _transports = new(StringComparer.Ordinal);

    /// <summary>Each device id and its link state, in configuration order.</summary>
    public IReadOnlyList<(string DeviceId, TransportState State)> Snapshot()
    {
        lock (_transports)
        {
            return [.. _transports.Select(t => (t.Key, t.Value.State))];
        }
    }

    internal void Add(string deviceId, IFrameTransport transport)
    {
        lock (_transports)
        {
            _transports[deviceId] = transport;
        }
    }
}

/// <summary>Runs every configured device through the device runner (decode, store, show).</summary>
internal sealed class DeviceService(
    IOptions<DeviceListOptions> devices, IOptions<BluetoothOptions> bluetooth, IOptions<GatewayOptions> gateway,
    IServiceProvider services, DeviceStatuses statuses, TimeProvider time) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (devices.Value.Devices.Count == 0)
        {
            return Task.CompletedTask;
        }

        // Resolved when the devices run, not when the service is made: options are validated first.
        var runner = services.GetRequiredService<DeviceRunner>();
        var outbox = services.GetRequiredService<Outbox>();
        var zone = gateway.Value.ResolveTimeZone();
        var runs = new List<Task>();
        foreach (var device in devices.Value.Devices)
        {
            ProtocolCatalog.TryGet(device.Protocol, out var protocol);
            IFrameTransport transport;
            var storeEvery = device.StoreEvery ?? TimeSpan.Zero;
            if (I2cProtocols.TryGet(device.Protocol, out var i2c))
            {
                var settings = new I2cSensorSettings(device.Bus!.Value, DeviceI2c.Address(device.I2cAddress, i2c.DefaultAddress)!.Value, device.Period ?? i2c.DefaultPeriod);
                transport = new I2cSensorTransport(settings, i2c.CreateSensor(), time, services.GetRequiredService<ILogger<I2cSensorTransport>>());
                storeEvery = device.StoreEvery ?? i2c.StoreEvery;
            }
            else if (NetworkProtocols.TryGet(device.Protocol, out var session) && device.Listen is { } listen)
            {
                var allowed = device.AllowFrom.Select(a => IPNetwork.TryParse(a, out var network) ? network : new IPNetwork(IPAddress.Parse(a), IPAddress.Parse(a).GetAddressBytes().Length * 8)).ToList();
                transport = new TcpListenerTransport(IPEndPoint.Parse(listen), allowed, session, time, services.GetRequiredService<ILogger<TcpListenerTransport>>());
            }
            else if (HidProtocols.TryGet(device.Protocol, out var hid))
            {
                // A USB HID device: Port is its hidraw node.
                transport = new HidrawTransport(new HidrawSettings(device.Port!, hid.ReportId), hid.CreateSession, time, services.GetRequiredService<ILogger<HidrawTransport>>());
            }
            else if (SerialProtocols.TryGet(device.Protocol, out var serial))
            {
                var settings = new SerialSettings(device.Port!, device.BaudRate ?? serial.BaudRate,
                    device.Parity is { } parity ? Enum.Parse<System.IO.Ports.Parity>(parity, true) : serial.Parity,
                    device.DataBits ?? serial.DataBits,
                    device.StopBits is { } stop ? Enum.Parse<System.IO.Ports.StopBits>(stop, true) : serial.StopBits,
                    device.Handshake is { } handshake ? Enum.Parse<System.IO.Ports.Handshake>(handshake, true) : System.IO.Ports.Handshake.None);
                var configured = device.ProtocolSettings();
                transport = new SerialTransport(settings, () => serial.CreateLinkSession(configured), time, services.GetRequiredService<ILogger<SerialTransport>>());
                storeEvery = device.StoreEvery ?? serial.StoreEvery;
            }
            else
            {
                transport = new BleTransport(services.GetRequiredService<IBluetoothCentral>(),
                    new BleDevice(device.Id, device.Protocol, device.Address!,
                        new BleConnectOptions(device.Pair, device.Passkey, bluetooth.Value.ConnectTimeout), zone,
                        () => outbox.LastDeviceRecord(device.Id), bluetooth.Value.ClockDriftBound, bluetooth.Value.SetDeviceClocks),
                    time, services.GetRequiredService<ILogger<BleTransport>>());
                // Streams of a reading a second: kept every 30 s and at each change of status, unless configured.
                storeEvery = device.StoreEvery ?? (device.Protocol is "ble-plx-continuous" or "ble-heart-rate" ? SerialProtocols.StreamSampling : TimeSpan.Zero);
            }

            statuses.Add(device.Id, transport);
            runs.Add(runner.RunAsync(transport, protocol.Create(device.ProtocolSettings()), new FrameSource(device.Id, device.Protocol, zone, IsTest: device.Test, StoreEvery: storeEvery), stoppingToken));
        }

        return Task.WhenAll(runs);
    }
}

/// <summary>What a configurable protocol reads from a device's entry.</summary>
internal static class DeviceProtocolSettings
{
    public static ProtocolSettings ProtocolSettings(this DeviceOptions device) => new(
        [.. device.Tests.Select(t => new AstmTest(t.Code, t.Loinc, t.Display, t.Unit, t.DeviceUnit ?? ""))],
        [.. device.Fields.Select(f => new LineField(f.Pattern, f.Loinc, f.Display, f.Unit))], device.IgnoreLines, device.DownloadRecordings);
}

/// <summary>An I2C address as configuration writes it.</summary>
internal static class DeviceI2c
{
    /// <summary><c>0x5A</c>, <c>90</c>, or the sensor's default when unset; null when it is not a 7-bit address.</summary>
    public static int? Address(string? text, int defaultAddress)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultAddress;
        }

        var value = text.Trim();
        var parsed = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? int.TryParse(value.AsSpan(2), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var hex) ? hex : -1
            : int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number) ? number : -1;
        return parsed is >= 0x03 and <= 0x77 ? parsed : null;
    }
}
