using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using EdgeGateway.DeviceDrivers.Astm;
using EdgeGateway.DeviceDrivers.Protocols;
using EdgeGateway.DeviceDrivers.Serial.AsciiLine;
using EdgeGateway.DeviceDrivers.Transports.I2c;
using EdgeGateway.DeviceDrivers.Transports.Links;
using EdgeGateway.DeviceDrivers.Transports.Ble;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Gateway.Devices;

/// <summary>Checks the device list before anything starts: each mistake named by its key.</summary>
internal sealed partial class DeviceOptionsValidator : IValidateOptions<DeviceListOptions>
{
    public ValidateOptionsResult Validate(string? name, DeviceListOptions options)
    {
        var failures = new List<string>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var addresses = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var ports = new HashSet<string>(StringComparer.Ordinal);
        var listens = new HashSet<int>();
        for (var i = 0; i < options.Devices.Count; i++)
        {
            var device = options.Devices[i];
            var key = string.Create(CultureInfo.InvariantCulture, $"Devices:{i}");
            if (!IdPattern().IsMatch(device.Id))
            {
                failures.Add($"{key}:Id must be 1–64 letters, digits, '.', '_' or '-' (got '{device.Id}').");
            }
            else if (!ids.Add(device.Id))
            {
                failures.Add($"{key}:Id '{device.Id}' is used by another device.");
            }

            if (!ProtocolCatalog.TryGet(device.Protocol, out _))
            {
                failures.Add($"{key}:Protocol '{device.Protocol}' is not known (see 'edgegateway decode --list').");
            }
            else if (BleTransport.Characteristics.ContainsKey(device.Protocol))
            {
                if (device.Address is null || !AddressPattern().IsMatch(device.Address))
                {
                    failures.Add($"{key}:Address must be the device's Bluetooth address, six hexadecimal pairs separated by ':' (got '{device.Address}').");
                }
                else if (!addresses.Add(device.Address))
                {
                    // One connection per device: two entries would take it from each other.
                    failures.Add($"{key}:Address {device.Address} is already another device's: list each Bluetooth device once.");
                }

                if (device.Passkey is > 999_999)
                {
                    failures.Add($"{key}:Passkey must be at most six digits.");
                }
            }
            else if (I2cProtocols.TryGet(device.Protocol, out var i2c))
            {
                if (device.Bus is null)
                {
                    failures.Add($"{key}:Bus must be the sensor's I2C bus number (1 for /dev/i2c-1).");
                }
                else if (DeviceI2c.Address(device.I2cAddress, i2c.DefaultAddress) is not { } address)
                {
                    failures.Add($"{key}:I2cAddress must be a 7-bit address such as 0x5A (got '{device.I2cAddress}').");
                }
                else
                {
                    var settings = new I2cSensorSettings(device.Bus.Value, address, device.Period ?? i2c.DefaultPeriod);
                    failures.AddRange(settings.Problems().Select(problem => $"{key}:{problem}"));
                    if (!ports.Add(settings.ToString()))
                    {
                        failures.Add($"{key}: {settings} is already another device's.");
                    }
                }
            }
            else if (NetworkProtocols.TryGet(device.Protocol, out _) && (device.Listen is not null || !SerialProtocols.TryGet(device.Protocol, out _)))
            {
                ValidateListener(device, key, failures);
                if (device.Port is not null)
                {
                    failures.Add($"{key}: give either Listen (over the LAN) or Port (a serial line), not both.");
                }

                if (device.Listen is { } listen && IPEndPoint.TryParse(listen, out var endpoint) && !listens.Add(endpoint.Port))
                {
                    failures.Add($"{key}:Listen port {endpoint.Port} is already another device's.");
                }
            }
            else if (HidProtocols.TryGet(device.Protocol, out _))
            {
                if (string.IsNullOrWhiteSpace(device.Port) || !device.Port.StartsWith('/'))
                {
                    failures.Add($"{key}:Port must be the device's hidraw node, e.g. /dev/hidraw0 or a udev link such as /dev/omron-bp (got '{device.Port}').");
                }
                else if (!ports.Add(device.Port))
                {
                    failures.Add($"{key}:Port {device.Port} is already another device's: one device per node.");
                }
            }
            else if (SerialProtocols.TryGet(device.Protocol, out _))
            {
                ValidateSerial(device, key, failures);
                if (device.Port is { } port && !ports.Add(port))
                {
                    failures.Add($"{key}:Port {port} is already another device's: one device per serial port.");
                }
            }
            else
            {
                failures.Add($"{key}:Protocol '{device.Protocol}' is decoded (edgegateway decode) but has no transport to attach it in this build.");
            }

            if (device.DownloadRecordings && device.Protocol != "contec-cms50")
            {
                failures.Add($"{key}:DownloadRecordings applies to contec-cms50 only (other devices with a memory are always downloaded).");
            }

            if (device.Protocol == AstmDecoder.ProtocolName)
            {
                ValidateTests(device, key, failures);
            }
            else if (device.Protocol == AsciiLineDecoder.ProtocolName)
            {
                ValidateFields(device, key, failures);
            }

            if (device.StoreEvery is { } kept && kept > TimeSpan.Zero && NetworkProtocols.TryGet(device.Protocol, out _))
            {
                // The sender is told each message is stored: none may be thinned out.
                failures.Add($"{key}:StoreEvery does not apply to {device.Protocol}: every message acknowledged is stored.");
            }
            else if (device.StoreEvery is { } every2 && every2 > TimeSpan.Zero && DownloadsMemory(device.Protocol))
            {
                // A memory arrives in a second: thinning it by arrival would drop records, again at every download.
                failures.Add($"{key}:StoreEvery does not apply to {device.Protocol}: every record of its memory is stored.");
            }

            if (device.StoreEvery is { } every && (every < TimeSpan.Zero || every > TimeSpan.FromHours(1)))
            {
                failures.Add($"{key}:StoreEvery must be between 00:00:00 (every reading) and 01:00:00.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateSerial(DeviceOptions device, string key, List<string> failures)
    {
        if (string.IsNullOrWhiteSpace(device.Port) || !device.Port.StartsWith('/'))
        {
            failures.Add($"{key}:Port must be the serial port's path, e.g. /dev/serial/by-id/usb-FTDI_… (got '{device.Port}').");
        }

        if (device.BaudRate is < 50 or > 4_000_000)
        {
            failures.Add($"{key}:BaudRate must be between 50 and 4000000.");
        }

        if (device.DataBits is < 5 or > 8)
        {
            failures.Add($"{key}:DataBits must be 5, 6, 7 or 8.");
        }

        if (device.Parity is { } parity && !IsName<System.IO.Ports.Parity>(parity))
        {
            failures.Add($"{key}:Parity must be None, Odd, Even, Mark or Space (got '{parity}').");
        }

        if (device.StopBits is { } stop && (!IsName<System.IO.Ports.StopBits>(stop) || Enum.Parse<System.IO.Ports.StopBits>(stop, true) == System.IO.Ports.StopBits.None))
        {
            failures.Add($"{key}:StopBits must be One, OnePointFive or Two (got '{stop}').");
        }

        if (device.Handshake is { } handshake && !IsName<System.IO.Ports.Handshake>(handshake))
        {
            failures.Add($"{key}:Handshake must be None, XOnXOff, RequestToSend or RequestToSendXOnXOff (got '{handshake}').");
        }
    }

    /// <summary>A device whose protocol is a memory download and nothing else (not a stream that may download too).</summary>
    private static bool DownloadsMemory(string protocol) =>
        (SerialProtocols.TryGet(protocol, out var serial) && serial.StoreEvery == TimeSpan.Zero
            && serial.CreateSession?.Invoke(ProtocolSettings.None) is IDownloadSession)
        || (HidProtocols.TryGet(protocol, out var hid) && hid.CreateSession() is IDownloadSession);

    private static void ValidateListener(DeviceOptions device, string key, List<string> failures)
    {
        if (device.Listen is null || !IPEndPoint.TryParse(device.Listen, out var endpoint) || endpoint.Port == 0)
        {
            failures.Add($"{key}:Listen must be the address and port to listen on, e.g. 0.0.0.0:2575 (got '{device.Listen}').");
        }

        if (device.AllowFrom.Count == 0)
        {
            failures.Add($"{key}:AllowFrom must list the device's address or network (e.g. 192.168.1.20 or 192.168.1.0/24): results are taken from no one else.");
        }

        for (var j = 0; j < device.AllowFrom.Count; j++)
        {
            if (!IPNetwork.TryParse(device.AllowFrom[j], out var network) && !IPAddress.TryParse(device.AllowFrom[j], out _))
            {
                failures.Add($"{key}:AllowFrom:{j} must be an address or a network in CIDR form (got '{device.AllowFrom[j]}').");
            }
            else if (network.PrefixLength is > 0 and < 16 && network.BaseAddress.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
                || (device.AllowFrom[j].Contains('/', StringComparison.Ordinal) && network.PrefixLength == 0))
            {
                // A health centre's LAN is a /24 or so; the whole Internet is not a device.
                failures.Add($"{key}:AllowFrom:{j} '{device.AllowFrom[j]}' is wider than a local network: list the device's address or its LAN (e.g. 192.168.1.0/24).");
            }
        }
    }

    private static void ValidateTests(DeviceOptions device, string key, List<string> failures)
    {
        if (device.Tests.Count == 0)
        {
            failures.Add($"{key}:Tests must list the analyser's tests (Code, Loinc, Display, Unit, DeviceUnit): without them no result can be mapped.");
        }

        var codes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var j = 0; j < device.Tests.Count; j++)
        {
            var test = device.Tests[j];
            var at = string.Create(CultureInfo.InvariantCulture, $"{key}:Tests:{j}");
            if (string.IsNullOrWhiteSpace(test.Code) || !codes.Add(test.Code.Trim()))
            {
                failures.Add($"{at}:Code must be the analyser's test code, once per table (got '{test.Code}').");
            }

            ValidateCoding(at, test.Loinc, test.Display, test.Unit, failures);
        }
    }

    private static void ValidateFields(DeviceOptions device, string key, List<string> failures)
    {
        if (device.Fields.Count == 0)
        {
            failures.Add($"{key}:Fields must list what the device prints (Pattern, Loinc, Display, Unit).");
        }

        for (var j = 0; j < device.Fields.Count; j++)
        {
            var field = device.Fields[j];
            var at = string.Create(CultureInfo.InvariantCulture, $"{key}:Fields:{j}");
            try
            {
                AsciiLineDecoder.Compile(field.Pattern, j);
            }
            catch (ArgumentException ex)
            {
                failures.Add($"{key}:{ex.Message}.");
            }

            ValidateCoding(at, field.Loinc, field.Display, field.Unit, failures);
        }

        if (!string.IsNullOrEmpty(device.IgnoreLines))
        {
            try
            {
                AsciiLineDecoder.CompileIgnore(device.IgnoreLines);
            }
            catch (ArgumentException ex)
            {
                failures.Add($"{key}:{ex.Message}.");
            }
        }
    }

    private static void ValidateCoding(string at, string loinc, string display, string unit, List<string> failures)
    {
        if (!LoincPattern().IsMatch(loinc ?? ""))
        {
            failures.Add($"{at}:Loinc must be a LOINC code such as 29463-7 (got '{loinc}').");
        }

        if (string.IsNullOrWhiteSpace(display))
        {
            failures.Add($"{at}:Display must name the LOINC code (its display name).");
        }

        if (string.IsNullOrWhiteSpace(unit) || unit.Any(char.IsWhiteSpace))
        {
            failures.Add($"{at}:Unit must be a UCUM unit such as kg, mg/dL or % (got '{unit}').");
        }
    }

    [GeneratedRegex("^[0-9]{1,7}-[0-9]$")]
    private static partial Regex LoincPattern();

    /// <summary>One of the enum's names (not a number: "9" would parse and fail when the port opens).</summary>
    private static bool IsName<T>(string value) where T : struct, Enum =>
        Enum.GetNames<T>().Any(name => string.Equals(name, value, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$")]
    private static partial Regex AddressPattern();
}

/// <summary>Checks the <c>Bluetooth</c> section.</summary>
internal sealed class BluetoothOptionsValidator : IValidateOptions<BluetoothOptions>
{
    public ValidateOptionsResult Validate(string? name, BluetoothOptions options) =>
        options.ClockDriftBound < TimeSpan.Zero ? ValidateOptionsResult.Fail("Bluetooth:ClockDriftBound must not be negative.")
        : options.ConnectTimeout < TimeSpan.FromSeconds(1) || options.ConnectTimeout > TimeSpan.FromMinutes(5)
            ? ValidateOptionsResult.Fail("Bluetooth:ConnectTimeout must be between 1 second and 5 minutes.")
        : ValidateOptionsResult.Success;
}
