namespace EdgeGateway.Gateway.Devices;

/// <summary>The <c>Devices</c> list: the exam room's devices, each read by the protocol <c>decode</c> takes.</summary>
public sealed class DeviceListOptions
{
    /// <summary>The configured devices.</summary>
    public List<DeviceOptions> Devices { get; set; } = [];
}

/// <summary>One device: its id, its protocol and where it is attached.</summary>
public sealed class DeviceOptions
{
    /// <summary>The device id readings carry (e.g. <c>bp-1</c>).</summary>
    public string Id { get; set; } = "";

    /// <summary>The protocol name (see <c>edgegateway decode --list</c>).</summary>
    public string Protocol { get; set; } = "";

    /// <summary>A Bluetooth device's address (<c>A0:9E:1A:12:34:56</c>).</summary>
    public string? Address { get; set; }

    /// <summary>Bond with the Bluetooth device before reading it (devices that require an encrypted link).</summary>
    public bool Pair { get; set; }

    /// <summary>The six-digit passkey of a Bluetooth device that asks for one when bonding.</summary>
    public uint? Passkey { get; set; }
}

/// <summary>The <c>Bluetooth</c> section.</summary>
public sealed class BluetoothOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Bluetooth";

    /// <summary>The D-Bus address of BlueZ; empty for the system bus (the usual case).</summary>
    public string? BusAddress { get; set; }

    /// <summary>Set each device's clock from the gateway's on connection, when the device lets us.</summary>
    public bool SetDeviceClocks { get; set; } = true;

    /// <summary>A device clock found further off than this is reported (logged, with the correction) when it is set.</summary>
    public TimeSpan ClockDriftBound { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long connecting a device and resolving its services may take.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
