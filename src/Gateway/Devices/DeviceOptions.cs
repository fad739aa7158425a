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

    /// <summary>
    /// The device is being tested (a cable checked with <c>edgegateway simulate</c>, a demonstration
    /// unit): its readings are test data (HTEST), never a patient's, never sent to a real platform.
    /// </summary>
    public bool Test { get; set; }

    /// <summary>A Bluetooth device's address (<c>A0:9E:1A:12:34:56</c>).</summary>
    public string? Address { get; set; }

    /// <summary>Bond with the Bluetooth device before reading it (devices that require an encrypted link).</summary>
    public bool Pair { get; set; }

    /// <summary>The six-digit passkey of a Bluetooth device that asks for one when bonding.</summary>
    public uint? Passkey { get; set; }

    /// <summary>A serial device's port; prefer <c>/dev/serial/by-id/…</c>, which survives a replug.</summary>
    public string? Port { get; set; }

    /// <summary>Serial baud rate (default: the protocol's).</summary>
    public int? BaudRate { get; set; }

    /// <summary>Serial parity: None, Odd, Even, Mark, Space (default: the protocol's).</summary>
    public string? Parity { get; set; }

    /// <summary>Serial data bits, 5–8 (default: the protocol's).</summary>
    public int? DataBits { get; set; }

    /// <summary>Serial stop bits: One, OnePointFive, Two (default: the protocol's).</summary>
    public string? StopBits { get; set; }

    /// <summary>Serial flow control: None, XOnXOff, RequestToSend, RequestToSendXOnXOff (default None).</summary>
    public string? Handshake { get; set; }

    /// <summary>A sensor's I2C bus number (<c>1</c> for <c>/dev/i2c-1</c>, the Raspberry Pi's header).</summary>
    public int? Bus { get; set; }

    /// <summary>A sensor's 7-bit I2C address, e.g. <c>0x5A</c> (default: the sensor's factory address).</summary>
    public string? I2cAddress { get; set; }

    /// <summary>How often a sensor is read (default: the sensor's, 1 s for the MLX90614).</summary>
    public TimeSpan? Period { get; set; }

    /// <summary>
    /// For a device that connects to the gateway over the LAN (<c>hl7v2</c>, <c>astm</c> over TCP): the
    /// address and port the gateway listens on, e.g. <c>0.0.0.0:2575</c>.
    /// </summary>
    public string? Listen { get; set; }

    /// <summary>The addresses or networks allowed to connect to <see cref="Listen"/> (e.g. <c>192.168.1.20</c>, <c>192.168.1.0/24</c>); required.</summary>
    public List<string> AllowFrom { get; set; } = [];

    /// <summary>An ASTM analyser's test table: each code it sends, its LOINC code and its unit.</summary>
    public List<AstmTestOptions> Tests { get; set; } = [];

    /// <summary>An <c>ascii-line</c> device's fields: a regular expression per value, with its LOINC code and unit.</summary>
    public List<LineFieldOptions> Fields { get; set; } = [];

    /// <summary>
    /// Also download the recordings a <c>contec-cms50</c> oximeter stored, when it states when they started
    /// (a CMS50D+ does not): up to a day of samples a second, thinned as its stream is. Off by default.
    /// </summary>
    public bool DownloadRecordings { get; set; }

    /// <summary>An <c>ascii-line</c> device's lines that carry no reading (e.g. <c>^US,</c> for an unstable weight): passed over, not errors.</summary>
    public string? IgnoreLines { get; set; }

    /// <summary>
    /// For a device that streams: keep one reading per this interval, and every reading whose status
    /// changes (default: 30 s for streaming protocols, every reading otherwise; 00:00:00 keeps all).
    /// </summary>
    public TimeSpan? StoreEvery { get; set; }
}

/// <summary>One test of an analyser's table (from its manual).</summary>
public sealed class AstmTestOptions
{
    /// <summary>The code the analyser sends in R-3 (e.g. <c>GLU</c>).</summary>
    public string Code { get; set; } = "";

    /// <summary>Its LOINC code (e.g. <c>41653-7</c>).</summary>
    public string Loinc { get; set; } = "";

    /// <summary>The LOINC display name.</summary>
    public string Display { get; set; } = "";

    /// <summary>The UCUM unit of the value (e.g. <c>mg/dL</c>).</summary>
    public string Unit { get; set; } = "";

    /// <summary>The unit as the analyser writes it in R-5; empty for a unitless result.</summary>
    public string? DeviceUnit { get; set; }
}

/// <summary>One value printed by an <c>ascii-line</c> device.</summary>
public sealed class LineFieldOptions
{
    /// <summary>A .NET regular expression with a group named <c>value</c> around the number.</summary>
    public string Pattern { get; set; } = "";

    /// <summary>Its LOINC code.</summary>
    public string Loinc { get; set; } = "";

    /// <summary>The LOINC display name.</summary>
    public string Display { get; set; } = "";

    /// <summary>The UCUM unit the device prints it in.</summary>
    public string Unit { get; set; } = "";
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
