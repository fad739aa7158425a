using System.Diagnostics;
using System.Text.Json;
using Tmds.DBus.Protocol;

namespace EdgeGateway.Tests.Shared;

/// <summary>
/// BlueZ on a private D-Bus: python-dbusmock's <c>bluez5</c> template (Debian's
/// <c>python3-dbusmock</c>, installed by scripts/test.sh) with GATT services and characteristics
/// added by <c>BlueZ/gattmock.py</c>, in a process of its own with its own <c>dbus-daemon</c>. The
/// test drives the devices over D-Bus: a notification is a characteristic's new <c>Value</c>
/// (exactly what BlueZ emits for a real one), a disconnection the device's <c>Connected</c> going false.
/// </summary>
public sealed class BlueZMock : IAsyncDisposable
{
    private const string Python = "/usr/bin/python3";
    private readonly Process _process;
    private readonly DBusConnection _bus;
    private readonly JsonElement _devices;

    private BlueZMock(Process process, DBusConnection bus, string address, JsonElement devices)
    {
        _process = process;
        _bus = bus;
        Address = address;
        _devices = devices;
    }

    /// <summary>The private bus's address (the gateway's <c>Bluetooth:BusAddress</c>).</summary>
    public string Address { get; }

    /// <summary>
    /// Starts the mock with <paramref name="devices"/> (<c>MAC,NAME,PROFILE[+PROFILE…]</c>; profiles bp,
    /// plx, glucose, thermo, scale, hr, cts), disconnected and unpaired like devices switched off,
    /// and <paramref name="records"/> glucose records (sequence 1…N) in each meter.
    /// </summary>
    public static async Task<BlueZMock> StartAsync(IReadOnlyList<string> devices, int records = 0)
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing: scripts/test.sh installs the Debian packages 'dbus' and 'python3-dbusmock'.");
        }

        var script = Path.Combine(AppContext.BaseDirectory, "Shared", "BlueZ", "gattmock.py");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[script, "--own-bus", "--disconnected", "--unpaired", "--records", records.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var device in devices)
        {
            start.ArgumentList.Add("--device");
            start.ArgumentList.Add(device);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the BlueZ mock did not start");
        _ = process.StandardError.ReadToEndAsync();
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        if (line is null || !line.StartsWith("READY ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"the BlueZ mock did not come up: '{line}'");
        }

        var ready = JsonDocument.Parse(line[6..]).RootElement;
        var address = ready.GetProperty("address").GetString()!;
        var bus = new DBusConnection(address);
        await bus.ConnectAsync().ConfigureAwait(false);
        return new BlueZMock(process, bus, address, ready.GetProperty("devices").Clone());
    }

    /// <summary>
    /// Notifies <paramref name="value"/> on the device's characteristic, as the device would; false
    /// when the gateway has not enabled notifications on it (nothing is sent then, like a real device).
    /// </summary>
    public Task<bool> NotifyAsync(string mac, ushort characteristic, byte[] value)
    {
        using var writer = _bus.GetMessageWriter();
        writer.WriteMethodCallHeader("org.bluez", CharacteristicPath(mac, characteristic), "org.bluez.Mock", "Notify", "ay");
        writer.WriteArray(value);
        return _bus.CallMethodAsync(writer.CreateMessage(), static (Message m, object? _) => m.GetBodyReader().ReadBool(), null);
    }

    /// <summary>Notifies <paramref name="value"/> once the gateway has enabled notifications (waits for it).</summary>
    public async Task NotifyWhenSubscribedAsync(string mac, ushort characteristic, byte[] value)
    {
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await NotifyAsync(mac, characteristic, value).ConfigureAwait(false))
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"the gateway never enabled notifications on {mac} 0x{characteristic:X4}");
            }

            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>bluetoothd restarts: the bus stays, the name <c>org.bluez</c> changes owner.</summary>
    public Task RestartDaemonAsync() => Call("/", "RestartDaemon");

    /// <summary>The device goes away (out of range, switched off): BlueZ reports it disconnected.</summary>
    public Task DisconnectAsync(string mac) => Call(DevicePath(mac), "SimulateDisconnect");

    /// <summary>Replaces a glucose meter's stored records (complete 0x2A18 values).</summary>
    public Task SetRecordsAsync(string mac, IEnumerable<byte[]> records)
    {
        using var writer = _bus.GetMessageWriter();
        writer.WriteMethodCallHeader("org.bluez", CharacteristicPath(mac, 0x2A52), "org.bluez.Mock", "SetRecords", "aay");
        var array = writer.WriteArrayStart(DBusType.Array);
        foreach (var record in records)
        {
            writer.WriteArray(record);
        }

        writer.WriteArrayEnd(array);
        return _bus.CallMethodAsync(writer.CreateMessage());
    }

    /// <summary>The last value the gateway wrote to the characteristic (empty when none).</summary>
    public Task<byte[]> LastWrittenAsync(string mac, ushort characteristic)
    {
        using var writer = _bus.GetMessageWriter();
        writer.WriteMethodCallHeader("org.bluez", CharacteristicPath(mac, characteristic), "org.bluez.Mock", "LastWritten");
        return _bus.CallMethodAsync(writer.CreateMessage(), static (Message m, object? _) => m.GetBodyReader().ReadArrayOfByte(), null);
    }

    /// <summary>Makes the device's <c>Connect</c> fail (out of range) until called with null.</summary>
    public Task RefuseConnectionsAsync(string mac, bool refuse)
    {
        using var writer = _bus.GetMessageWriter();
        writer.WriteMethodCallHeader("org.bluez", DevicePath(mac), "org.bluez.Mock", "SetConnectError", "ss");
        writer.WriteString(refuse ? "org.bluez.Error.Failed" : "");
        writer.WriteString(refuse ? "le-connection-abort-by-local" : "");
        return _bus.CallMethodAsync(writer.CreateMessage());
    }

    /// <summary>Makes the device ask for <paramref name="passkey"/> when bonding (through BlueZ's default agent).</summary>
    public Task RequirePasskeyAsync(string mac, uint passkey)
    {
        using var writer = _bus.GetMessageWriter();
        writer.WriteMethodCallHeader("org.bluez", DevicePath(mac), "org.bluez.Mock", "RequirePasskey", "u");
        writer.WriteUInt32(passkey);
        return _bus.CallMethodAsync(writer.CreateMessage());
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _bus.Dispose();
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private string DevicePath(string mac) => _devices.GetProperty(mac).GetProperty("path").GetString()!;

    private string CharacteristicPath(string mac, ushort characteristic) =>
        _devices.GetProperty(mac).GetProperty("chars").GetProperty(characteristic.ToString("x4", System.Globalization.CultureInfo.InvariantCulture)).GetString()!;

    private Task Call(string path, string member)
    {
        using var writer = _bus.GetMessageWriter();
        writer.WriteMethodCallHeader("org.bluez", path, "org.bluez.Mock", member);
        return _bus.CallMethodAsync(writer.CreateMessage());
    }
}
