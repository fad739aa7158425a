using System.Threading.Channels;

namespace EdgeGateway.DeviceDrivers.Transports.Ble;

/// <summary>
/// The gateway's side of Bluetooth LE: finds and connects health devices. Our own narrow
/// interface; <see cref="BlueZCentral"/> implements it over BlueZ's D-Bus API.
/// </summary>
public interface IBluetoothCentral : IAsyncDisposable
{
    /// <summary>
    /// Connects the device at <paramref name="address"/> (discovering it first when the adapter does
    /// not know it yet, bonding when <see cref="BleConnectOptions.Pair"/> says so) and returns once its
    /// services are resolved. Throws <see cref="BleException"/> when the device cannot be reached.
    /// </summary>
    Task<IGattPeer> ConnectAsync(string address, BleConnectOptions options, CancellationToken cancellationToken);

    /// <summary>
    /// Scans for <paramref name="duration"/> and lists the devices that advertise a Bluetooth SIG
    /// health service (<see cref="GattUuids.HealthServices"/>), for a technician to configure.
    /// </summary>
    Task<IReadOnlyList<BleDeviceInfo>> DiscoverAsync(TimeSpan duration, CancellationToken cancellationToken);
}

/// <summary>A health device found by a scan.</summary>
/// <param name="Address">Its Bluetooth address (the configuration's <c>Address</c>).</param>
/// <param name="Name">The name it advertises, or null.</param>
/// <param name="Services">The health services it advertises (16-bit UUIDs).</param>
/// <param name="Paired">Already bonded with this gateway.</param>
/// <param name="Rssi">Signal strength in dBm, when known.</param>
public sealed record BleDeviceInfo(string Address, string? Name, IReadOnlyList<ushort> Services, bool Paired, short? Rssi);

/// <summary>How to connect one device.</summary>
/// <param name="Pair">Bond with the device (Just Works, or <paramref name="Passkey"/>) before using it.</param>
/// <param name="Passkey">The six-digit passkey the device shows or was given, for devices that ask for one.</param>
/// <param name="ServiceTimeout">How long to wait for the connection and its services.</param>
public sealed record BleConnectOptions(bool Pair = false, uint? Passkey = null, TimeSpan? ServiceTimeout = null);

/// <summary>A connected GATT peer, its characteristics named by their 16-bit Bluetooth SIG UUIDs.</summary>
public interface IGattPeer : IAsyncDisposable
{
    /// <summary>The device's Bluetooth address.</summary>
    string Address { get; }

    /// <summary>What the characteristic allows, or <see cref="GattAccess.None"/> when the device does not have it.</summary>
    GattAccess Access(ushort characteristic);

    /// <summary>Enables notifications or indications (whichever the characteristic offers).</summary>
    Task StartNotifyAsync(ushort characteristic, CancellationToken cancellationToken);

    /// <summary>Writes a value (with response).</summary>
    Task WriteAsync(ushort characteristic, ReadOnlyMemory<byte> value, CancellationToken cancellationToken);

    /// <summary>Reads a value.</summary>
    Task<byte[]> ReadAsync(ushort characteristic, CancellationToken cancellationToken);

    /// <summary>
    /// Every notified or indicated value, in order. Completes with <see cref="BleLinkLostException"/>
    /// when the device disconnects.
    /// </summary>
    ChannelReader<GattNotification> Notifications { get; }
}

/// <summary>One notified or indicated value and the gateway time it arrived.</summary>
/// <param name="Characteristic">The characteristic's 16-bit UUID.</param>
/// <param name="Value">The value, exactly as received.</param>
/// <param name="ReceivedAt">The gateway's clock on arrival.</param>
public readonly record struct GattNotification(ushort Characteristic, byte[] Value, DateTimeOffset ReceivedAt);

/// <summary>What a characteristic allows.</summary>
[Flags]
public enum GattAccess
{
    /// <summary>The device does not have the characteristic.</summary>
    None = 0,
    /// <summary>Readable.</summary>
    Read = 1,
    /// <summary>Writable (with or without response).</summary>
    Write = 2,
    /// <summary>Notifies.</summary>
    Notify = 4,
    /// <summary>Indicates.</summary>
    Indicate = 8,
}

/// <summary>The device could not be found, connected or used.</summary>
public class BleException : Exception
{
    /// <summary>Creates the exception.</summary>
    public BleException(string message) : base(message) { }

    /// <summary>Creates the exception with its cause.</summary>
    public BleException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>Creates the exception.</summary>
    public BleException() { }
}

/// <summary>The device disconnected (out of range, switched off, done sending).</summary>
public sealed class BleLinkLostException : BleException
{
    /// <summary>Creates the exception.</summary>
    public BleLinkLostException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public BleLinkLostException() { }

    /// <summary>Creates the exception with its cause.</summary>
    public BleLinkLostException(string message, Exception innerException) : base(message, innerException) { }
}
