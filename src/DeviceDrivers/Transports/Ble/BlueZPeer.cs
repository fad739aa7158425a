using System.Collections.Concurrent;
using System.Threading.Channels;
using Tmds.DBus.Protocol;
using ManagedObjects = System.Collections.Generic.Dictionary<string, System.Collections.Generic.Dictionary<string, System.Collections.Generic.Dictionary<string, Tmds.DBus.Protocol.VariantValue>>>;

namespace EdgeGateway.DeviceDrivers.Transports.Ble;

/// <summary>
/// One connected device under BlueZ: its GATT characteristics by 16-bit UUID, and every
/// <c>PropertiesChanged</c> BlueZ emits below the device's object path — a characteristic's new
/// <c>Value</c> is a notification or indication; the device's <c>Connected</c> going false is the end.
/// </summary>
internal sealed class BlueZPeer : IGattPeer
{
    private readonly DBusConnection _connection;
    private readonly string _devicePath;
    private readonly TimeProvider _time;
    private readonly Channel<GattNotification> _notifications = Channel.CreateUnbounded<GattNotification>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, ushort> _uuidByPath = new(StringComparer.Ordinal);
    private readonly Dictionary<ushort, (string Path, GattAccess Access)> _characteristics = [];
    private Action<BlueZPeer>? _detach;
    private int _disposed;

    private BlueZPeer(DBusConnection connection, string devicePath, string address, TimeProvider time)
    {
        _connection = connection;
        _devicePath = devicePath;
        Address = address;
        _time = time;
    }

    /// <inheritdoc />
    public string Address { get; }

    /// <inheritdoc />
    public ChannelReader<GattNotification> Notifications => _notifications.Reader;

    internal int CharacteristicCount => _characteristics.Count;

    /// <summary>A peer for <paramref name="devicePath"/>; <paramref name="detach"/> stops its signals when it is disposed.</summary>
    internal static BlueZPeer Create(DBusConnection connection, string devicePath, string address, TimeProvider time, Action<BlueZPeer> detach) =>
        new(connection, devicePath, address, time) { _detach = detach };

    /// <summary>The device's object path: signals below it are this peer's.</summary>
    internal string DevicePath => _devicePath;

    internal void SetCharacteristics(ManagedObjects objects)
    {
        foreach (var (path, interfaces) in objects)
        {
            if (!path.StartsWith(_devicePath + "/", StringComparison.Ordinal)
                || !interfaces.TryGetValue(BlueZCentral.CharacteristicInterface, out var properties)
                || !GattUuids.TryGetShort(properties["UUID"].GetString(), out var uuid))
            {
                continue;
            }

            var access = GattAccess.None;
            foreach (var flag in properties["Flags"].GetArray<string>())
            {
                access |= flag switch
                {
                    "read" => GattAccess.Read,
                    "write" or "write-without-response" or "authenticated-signed-writes" => GattAccess.Write,
                    "notify" => GattAccess.Notify,
                    "indicate" => GattAccess.Indicate,
                    _ => GattAccess.None,
                };
            }

            // A device with the same characteristic in two services: the first found is used.
            if (_characteristics.TryAdd(uuid, (path, access)))
            {
                _uuidByPath[path] = uuid;
            }
        }
    }

    /// <inheritdoc />
    public GattAccess Access(ushort characteristic) =>
        _characteristics.TryGetValue(characteristic, out var found) ? found.Access : GattAccess.None;

    /// <inheritdoc />
    public Task StartNotifyAsync(ushort characteristic, CancellationToken cancellationToken) =>
        Guard(characteristic, path => BlueZCentral.CallAsync(_connection,
            BlueZCentral.Call(_connection, path, BlueZCentral.CharacteristicInterface, "StartNotify"), cancellationToken));

    /// <inheritdoc />
    public Task WriteAsync(ushort characteristic, ReadOnlyMemory<byte> value, CancellationToken cancellationToken) =>
        Guard(characteristic, path =>
        {
            using var writer = _connection.GetMessageWriter();
            writer.WriteMethodCallHeader(destination: BlueZCentral.Service, path: path, @interface: BlueZCentral.CharacteristicInterface,
                member: "WriteValue", signature: "aya{sv}");
            writer.WriteArray(value.Span);
            writer.WriteDictionary(new Dictionary<string, VariantValue> { ["type"] = VariantValue.String("request") });
            return BlueZCentral.CallAsync(_connection, writer.CreateMessage(), cancellationToken);
        });

    /// <inheritdoc />
    public async Task<byte[]> ReadAsync(ushort characteristic, CancellationToken cancellationToken)
    {
        byte[] value = [];
        await Guard(characteristic, async path =>
        {
            value = await _connection.CallMethodAsync(ReadValueCall(path), static (Message m, object? _) => m.GetBodyReader().ReadArrayOfByte(), null)
                .WaitAsync(TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        }).ConfigureAwait(false);
        return value;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _detach?.Invoke(this);
        _notifications.Writer.TryComplete();
        try
        {
            // Let the device sleep: it keeps its records and comes back with the next measurement.
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await BlueZCentral.CallAsync(_connection, BlueZCentral.Call(_connection, _devicePath, BlueZCentral.DeviceInterface, "Disconnect"), timeout.Token)
                .ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is DBusExceptionBase or OperationCanceledException or TimeoutException or ObjectDisposedException)
        {
            // Already gone, or the bus is: nothing more to release.
        }
    }

    private MessageBuffer ReadValueCall(string path)
    {
        using var writer = _connection.GetMessageWriter();
        writer.WriteMethodCallHeader(destination: BlueZCentral.Service, path: path, @interface: BlueZCentral.CharacteristicInterface,
            member: "ReadValue", signature: "a{sv}");
        writer.WriteDictionaryEnd(writer.WriteDictionaryStart());
        return writer.CreateMessage();
    }

    internal void OnPropertiesChanged(string path, string @interface, Dictionary<string, VariantValue> changed)
    {
        if (@interface == BlueZCentral.CharacteristicInterface && changed.TryGetValue("Value", out var value) && _uuidByPath.TryGetValue(path, out var uuid))
        {
            _notifications.Writer.TryWrite(new GattNotification(uuid, value.GetArray<byte>(), _time.GetUtcNow()));
        }
        else if (@interface == BlueZCentral.DeviceInterface && path == _devicePath && changed.TryGetValue("Connected", out var connected) && !connected.GetBool())
        {
            LinkLost($"{Address} disconnected");
        }
    }

    internal void LinkLost(string why) => _notifications.Writer.TryComplete(new BleLinkLostException(why));

    private async Task Guard(ushort characteristic, Func<string, Task> call)
    {
        if (!_characteristics.TryGetValue(characteristic, out var found))
        {
            throw new BleException($"{Address} has no characteristic 0x{characteristic:X4}");
        }

        try
        {
            await call(found.Path).ConfigureAwait(false);
        }
        catch (DBusErrorReplyException ex)
        {
            throw new BleException($"{Address}, characteristic 0x{characteristic:X4}: {ex.ErrorName}: {ex.ErrorMessage}", ex);
        }
        catch (Exception ex) when (ex is DBusExceptionBase or ObjectDisposedException)
        {
            throw new BleLinkLostException($"{Address}: the D-Bus connection to BlueZ failed: {ex.Message}", ex);
        }
    }
}
