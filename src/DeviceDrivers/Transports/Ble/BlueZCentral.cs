using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Tmds.DBus.Protocol;
using ManagedObjects = System.Collections.Generic.Dictionary<string, System.Collections.Generic.Dictionary<string, System.Collections.Generic.Dictionary<string, Tmds.DBus.Protocol.VariantValue>>>;

namespace EdgeGateway.DeviceDrivers.Transports.Ble;

/// <summary>
/// <see cref="IBluetoothCentral"/> over BlueZ (bluetoothd) on the system D-Bus, with
/// Tmds.DBus.Protocol: finds the device among BlueZ's objects (discovering when BlueZ does not
/// know it yet), connects it, bonds when asked, waits for its services and hands back a
/// <see cref="BlueZPeer"/>. One D-Bus connection serves every device; it is opened again if the
/// bus or bluetoothd restarts.
/// </summary>
public sealed partial class BlueZCentral : IBluetoothCentral
{
    internal const string Service = "org.bluez";
    internal const string DeviceInterface = "org.bluez.Device1";
    internal const string AdapterInterface = "org.bluez.Adapter1";
    internal const string CharacteristicInterface = "org.bluez.GattCharacteristic1";
    internal const string PropertiesInterface = "org.freedesktop.DBus.Properties";

    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DefaultServiceTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan DiscoveryTime = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    private readonly string _busAddress;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _connectionLock = new(1, 1);
    private readonly SemaphoreSlim _scanLock = new(1, 1);
    private int _scanners;
    private DBusConnection? _connection;
    private IDisposable? _signals;
    private IDisposable? _ownerWatch;
    private readonly BlueZAgent _agent;

    // One match rule for all of BlueZ, dispatched here by device path: a rule per device shares
    // the bus-side match with the others, and removing one device's rule silenced the rest.
    private readonly ConcurrentDictionary<string, BlueZPeer> _peers = new(StringComparer.Ordinal);

    /// <summary>BlueZ on the bus at <paramref name="busAddress"/> (null: the system bus).</summary>
    public BlueZCentral(string? busAddress, ILogger<BlueZCentral> logger, TimeProvider? time = null)
    {
        _busAddress = string.IsNullOrWhiteSpace(busAddress) ? DBusAddress.System ?? "unix:path=/run/dbus/system_bus_socket" : busAddress;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _agent = new BlueZAgent(logger);
    }

    /// <inheritdoc />
    public async Task<IGattPeer> ConnectAsync(string address, BleConnectOptions options, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        ArgumentNullException.ThrowIfNull(options);
        var connection = await BusAsync(cancellationToken).ConfigureAwait(false);
        var devicePath = await FindDeviceAsync(connection, address, cancellationToken).ConfigureAwait(false);
        var deadline = _time.GetUtcNow() + (options.ServiceTimeout ?? DefaultServiceTimeout);

        // Listen before anything can change: a notification or a disconnection must not fall between.
        var peer = BlueZPeer.Create(connection, devicePath, address, _time, p => _peers.TryRemove(new KeyValuePair<string, BlueZPeer>(p.DevicePath, p)));
        _peers[devicePath] = peer;
        try
        {
            var device = (await GetManagedObjectsAsync(connection, cancellationToken).ConfigureAwait(false))[devicePath][DeviceInterface];
            if (options.Pair && !device["Paired"].GetBool())
            {
                Log.Pairing(_logger, address);
                using (_agent.Bonding(devicePath, address, options.Passkey))
                {
                    await CallAsync(connection, Call(connection, devicePath, DeviceInterface, "Pair"), cancellationToken).ConfigureAwait(false);
                }

                // Trusted: BlueZ lets the bonded device reconnect without asking again.
                await SetTrustedAsync(connection, devicePath, cancellationToken).ConfigureAwait(false);
            }

            if (!device["Connected"].GetBool())
            {
                await CallAsync(connection, Call(connection, devicePath, DeviceInterface, "Connect"), cancellationToken).ConfigureAwait(false);
            }

            var objects = await WaitForServicesAsync(connection, devicePath, address, deadline, cancellationToken).ConfigureAwait(false);
            peer.SetCharacteristics(objects);
            Log.Connected(_logger, address, peer.CharacteristicCount);
            return peer;
        }
        catch (Exception ex)
        {
            await peer.DisposeAsync().ConfigureAwait(false);
            if (ex is DBusErrorReplyException reply)
            {
                throw new BleException($"{address}: BlueZ refused ({reply.ErrorName}: {reply.ErrorMessage})", ex);
            }

            throw;
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<BleDeviceInfo>> DiscoverAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        var connection = await BusAsync(cancellationToken).ConfigureAwait(false);
        var adapter = (await GetManagedObjectsAsync(connection, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(o => o.Value.ContainsKey(AdapterInterface)).Key
            ?? throw new BleException("no Bluetooth adapter: is the controller present and bluetoothd running?");
        await StartScanAsync(connection, adapter, cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(duration, _time, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await StopScanAsync(connection, adapter).ConfigureAwait(false);
        }

        var found = new List<BleDeviceInfo>();
        foreach (var (_, interfaces) in await GetManagedObjectsAsync(connection, cancellationToken).ConfigureAwait(false))
        {
            if (!interfaces.TryGetValue(DeviceInterface, out var device) || !device.TryGetValue("Address", out var address))
            {
                continue;
            }

            var services = (device.TryGetValue("UUIDs", out var uuids) ? uuids.GetArray<string>() : [])
                .Select(u => GattUuids.TryGetShort(u, out var short16) ? short16 : (ushort)0)
                .Where(GattUuids.HealthServices.Contains).Distinct().Order().ToList();
            if (services.Count > 0)
            {
                found.Add(new BleDeviceInfo(address.GetString(), device.TryGetValue("Name", out var name) ? name.GetString() : null, services,
                    device.TryGetValue("Paired", out var paired) && paired.GetBool(), device.TryGetValue("RSSI", out var rssi) ? rssi.GetInt16() : null));
            }
        }

        return [.. found.OrderBy(d => d.Address, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _signals?.Dispose();
        _ownerWatch?.Dispose();
        _connection?.Dispose();
        _connection = null;
        _connectionLock.Dispose();
        _scanLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<DBusConnection> BusAsync(CancellationToken cancellationToken)
    {
        await _connectionLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_connection is { } open)
            {
                return open;
            }

            var connection = new DBusConnection(_busAddress);
            try
            {
                await connection.ConnectAsync().AsTask().WaitAsync(CallTimeout, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is DBusConnectionException or TimeoutException or IOException or System.Net.Sockets.SocketException)
            {
                connection.Dispose();
                throw new BleException($"cannot reach BlueZ on the D-Bus at {_busAddress}: {ex.Message}", ex);
            }

            _signals?.Dispose();
            _signals = await connection.AddMatchAsync(new MatchRule
                {
                    Type = MessageType.Signal,
                    Sender = Service,
                    Interface = PropertiesInterface,
                    Member = "PropertiesChanged",
                },
                static (Message message, object? _) =>
                {
                    var reader = message.GetBodyReader();
                    var @interface = reader.ReadString();
                    var changed = reader.ReadDictionaryOfStringToVariantValue();
                    return (Path: message.PathAsString ?? "", Interface: @interface, Changed: changed);
                },
                (Notification<(string Path, string Interface, Dictionary<string, VariantValue> Changed)> notification) => Dispatch(connection, notification),
                emitOnCapturedContext: false).ConfigureAwait(false);
            // bluetoothd restarting keeps the bus up but forgets every connection, notification and
            // agent: the gateway's side starts over on a new bus connection, its devices reconnect.
            _ownerWatch?.Dispose();
            _ownerWatch = await connection.AddMatchAsync(new MatchRule
                {
                    Type = MessageType.Signal,
                    Sender = "org.freedesktop.DBus",
                    Interface = "org.freedesktop.DBus",
                    Member = "NameOwnerChanged",
                    Arg0 = Service,
                },
                static (Message message, object? _) => message.GetBodyReader().ReadString(),
                (Notification<string> notification) =>
                {
                    if (notification.HasValue && Interlocked.CompareExchange(ref _connection, null, connection) == connection)
                    {
                        Log.BlueZRestarted(_logger);
                        foreach (var peer in _peers.Values)
                        {
                            peer.LinkLost("bluetoothd restarted");
                        }

                        _ = Task.Run(connection.Dispose);
                    }
                },
                emitOnCapturedContext: false).ConfigureAwait(false);
            await RegisterAgentAsync(connection, cancellationToken).ConfigureAwait(false);
            _connection = connection;
            // A bus that goes away (bluetoothd or dbus restarting) is opened again on next use.
            _ = connection.DisconnectedAsync().ContinueWith(_ =>
                {
                    Interlocked.CompareExchange(ref _connection, null, connection);
                    connection.Dispose();
                }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            return connection;
        }
        finally
        {
            _connectionLock.Release();
        }
    }

    private async Task RegisterAgentAsync(DBusConnection connection, CancellationToken cancellationToken)
    {
        connection.AddMethodHandler(_agent);
        try
        {
            await CallAsync(connection, AgentCall(connection, "RegisterAgent", "os", BlueZAgent.ObjectPath, "KeyboardOnly"), cancellationToken).ConfigureAwait(false);
            await CallAsync(connection, AgentCall(connection, "RequestDefaultAgent", "o", BlueZAgent.ObjectPath, null), cancellationToken).ConfigureAwait(false);
        }
        catch (DBusErrorReplyException ex)
        {
            // Devices that need no bonding work without it; one that does will say so when bonding fails.
            Log.NoAgent(_logger, ex.ErrorName, ex.ErrorMessage);
        }
    }

    private static MessageBuffer AgentCall(DBusConnection connection, string member, string signature, string path, string? capability)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(destination: Service, path: "/org/bluez", @interface: "org.bluez.AgentManager1", member: member, signature: signature);
        writer.WriteObjectPath(path);
        if (capability is not null)
        {
            writer.WriteString(capability);
        }

        return writer.CreateMessage();
    }

    private void Dispatch(DBusConnection connection, Notification<(string Path, string Interface, Dictionary<string, VariantValue> Changed)> notification)
    {
        if (notification.HasValue)
        {
            var (path, @interface, changed) = notification.Value;
            foreach (var peer in _peers.Values)
            {
                if (path == peer.DevicePath || path.StartsWith(peer.DevicePath + "/", StringComparison.Ordinal))
                {
                    peer.OnPropertiesChanged(path, @interface, changed);
                }
            }
        }
        else if (notification.IsCompletion)
        {
            // The bus connection itself ended: every device on it is as good as gone.
            foreach (var peer in _peers.Values)
            {
                peer.LinkLost($"the D-Bus connection to BlueZ ended: {notification.CompletionReason?.Message ?? "closed"}");
            }

            Interlocked.CompareExchange(ref _connection, null, connection);
        }
    }

    private async Task<string> FindDeviceAsync(DBusConnection connection, string address, CancellationToken cancellationToken)
    {
        if (DevicePath(await GetManagedObjectsAsync(connection, cancellationToken).ConfigureAwait(false), address) is { } known)
        {
            return known;
        }

        // Not known to BlueZ yet: scan for LE devices a while.
        var adapter = (await GetManagedObjectsAsync(connection, cancellationToken).ConfigureAwait(false))
            .FirstOrDefault(o => o.Value.ContainsKey(AdapterInterface)).Key
            ?? throw new BleException("no Bluetooth adapter: is the controller present and bluetoothd running?");
        Log.Discovering(_logger, address, adapter);
        await StartScanAsync(connection, adapter, cancellationToken).ConfigureAwait(false);
        try
        {
            var until = _time.GetUtcNow() + DiscoveryTime;
            while (_time.GetUtcNow() < until)
            {
                await Task.Delay(PollInterval, _time, cancellationToken).ConfigureAwait(false);
                if (DevicePath(await GetManagedObjectsAsync(connection, cancellationToken).ConfigureAwait(false), address) is { } found)
                {
                    return found;
                }
            }
        }
        finally
        {
            await StopScanAsync(connection, adapter).ConfigureAwait(false);
        }

        throw new BleException($"{address} not found: no advertisement in {DiscoveryTime.TotalSeconds:0} s (switched off, out of range, or asleep until a measurement)");
    }

    // One scan for every device looking at once: BlueZ keeps one discovery per client, so the first
    // device to finish must not stop another's, and a second start is not an error.
    private async Task StartScanAsync(DBusConnection connection, string adapter, CancellationToken cancellationToken)
    {
        await _scanLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_scanners++ == 0)
            {
                await CallAsync(connection, DiscoveryFilter(connection, adapter), cancellationToken).ConfigureAwait(false);
                await CallAsync(connection, Call(connection, adapter, AdapterInterface, "StartDiscovery"), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (DBusErrorReplyException ex) when (ex.ErrorName == "org.bluez.Error.InProgress")
        {
            // Already scanning.
        }
        catch
        {
            _scanners--;
            throw;
        }
        finally
        {
            _scanLock.Release();
        }
    }

    private async Task StopScanAsync(DBusConnection connection, string adapter)
    {
        await _scanLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (--_scanners == 0)
            {
                await CallAsync(connection, Call(connection, adapter, AdapterInterface, "StopDiscovery"), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is DBusExceptionBase or TimeoutException or ObjectDisposedException)
        {
            // Already stopped, or BlueZ (or the connection to it) went away: nothing to undo.
        }
        finally
        {
            _scanLock.Release();
        }
    }

    private async Task<ManagedObjects> WaitForServicesAsync(DBusConnection connection, string devicePath, string address, DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            var objects = await GetManagedObjectsAsync(connection, cancellationToken).ConfigureAwait(false);
            if (objects.TryGetValue(devicePath, out var device) && device.TryGetValue(DeviceInterface, out var properties)
                && properties["Connected"].GetBool() && properties["ServicesResolved"].GetBool())
            {
                return objects;
            }

            if (_time.GetUtcNow() >= deadline)
            {
                throw new BleException($"{address}: connected but its services were not resolved in time");
            }

            await Task.Delay(PollInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? DevicePath(ManagedObjects objects, string address)
    {
        foreach (var (path, interfaces) in objects)
        {
            if (interfaces.TryGetValue(DeviceInterface, out var device) && device.TryGetValue("Address", out var value)
                && string.Equals(value.GetString(), address, StringComparison.OrdinalIgnoreCase))
            {
                return path;
            }
        }

        return null;
    }

    internal static async Task<ManagedObjects> GetManagedObjectsAsync(DBusConnection connection, CancellationToken cancellationToken) =>
        await connection.CallMethodAsync(Call(connection, "/", "org.freedesktop.DBus.ObjectManager", "GetManagedObjects"),
            static (Message message, object? _) =>
            {
                var reader = message.GetBodyReader();
                var result = new ManagedObjects(StringComparer.Ordinal);
                var objectsEnd = reader.ReadDictionaryStart();
                while (reader.HasNext(objectsEnd))
                {
                    var path = reader.ReadObjectPathAsString();
                    var interfaces = new Dictionary<string, Dictionary<string, VariantValue>>(StringComparer.Ordinal);
                    var interfacesEnd = reader.ReadDictionaryStart();
                    while (reader.HasNext(interfacesEnd))
                    {
                        var name = reader.ReadString();
                        interfaces[name] = reader.ReadDictionaryOfStringToVariantValue();
                    }

                    result[path] = interfaces;
                }

                return result;
            }, null).WaitAsync(CallTimeout, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);

    /// <remarks>
    /// The continuation is forced off the connection's reading thread: whatever the caller does next
    /// (decode, store) must never hold up the signals of the other devices.
    /// </remarks>
    internal static async Task CallAsync(DBusConnection connection, MessageBuffer message, CancellationToken cancellationToken) =>
        await connection.CallMethodAsync(message).WaitAsync(CallTimeout, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);

    internal static MessageBuffer Call(DBusConnection connection, string path, string @interface, string member)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(destination: Service, path: path, @interface: @interface, member: member);
        return writer.CreateMessage();
    }

    private static MessageBuffer DiscoveryFilter(DBusConnection connection, string adapter)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(destination: Service, path: adapter, @interface: AdapterInterface, member: "SetDiscoveryFilter", signature: "a{sv}");
        writer.WriteDictionary(new Dictionary<string, VariantValue> { ["Transport"] = VariantValue.String("le") });
        return writer.CreateMessage();
    }

    private static Task SetTrustedAsync(DBusConnection connection, string devicePath, CancellationToken cancellationToken)
    {
        using var writer = connection.GetMessageWriter();
        writer.WriteMethodCallHeader(destination: Service, path: devicePath, @interface: PropertiesInterface, member: "Set", signature: "ssv");
        writer.WriteString(DeviceInterface);
        writer.WriteString("Trusted");
        writer.WriteVariant(VariantValue.Bool(true));
        return CallAsync(connection, writer.CreateMessage(), cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "Bluetooth {Address}: connected, {Count} characteristic(s)")]
        public static partial void Connected(ILogger logger, string address, int count);

        [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Bluetooth {Address}: not known to BlueZ yet, scanning on {Adapter}")]
        public static partial void Discovering(ILogger logger, string address, string adapter);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Bluetooth {Address}: bonding")]
        public static partial void Pairing(ILogger logger, string address);

        [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "BlueZ (bluetoothd) restarted: reconnecting every Bluetooth device")]
        public static partial void BlueZRestarted(ILogger logger);

        [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "BlueZ did not take the gateway's pairing agent ({Error}: {Message}); devices that need bonding cannot bond")]
        public static partial void NoAgent(ILogger logger, string error, string message);
    }
}
