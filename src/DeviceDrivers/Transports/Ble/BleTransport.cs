using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.DeviceDrivers.Transports.Ble;

/// <summary>One Bluetooth LE device as the gateway reads it.</summary>
/// <param name="DeviceId">The configured device id.</param>
/// <param name="Protocol">The protocol name (<c>ble-…</c>).</param>
/// <param name="Address">The device's Bluetooth address.</param>
/// <param name="Connect">How to connect it.</param>
/// <param name="DeviceTimeZone">The zone the device's clock keeps (its clock is set in it).</param>
/// <param name="LastStoredRecord">The device's last record the gateway stored (the stored-record download starts after it).</param>
/// <param name="ClockDriftBound">A device clock further off than this is reported when set.</param>
/// <param name="SetClock">Set the device's clock on connection when it lets us.</param>
public sealed record BleDevice(string DeviceId, string Protocol, string Address, BleConnectOptions Connect, TimeZoneInfo DeviceTimeZone,
    Func<Readings.DeviceRecord?> LastStoredRecord, TimeSpan ClockDriftBound, bool SetClock = true);

/// <summary>
/// A Bluetooth LE device as a frame transport: connects (discovering and bonding as needed), sets
/// the device clock, enables the protocol's notifications, turns values into frames, and when the
/// device goes away connects again with a short backoff — a cuff or meter advertises only briefly
/// after a measurement — for as long as the gateway runs.
/// </summary>
public sealed partial class BleTransport(IBluetoothCentral central, BleDevice device, TimeProvider time, ILogger<BleTransport> logger) : IFrameTransport
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    /// <summary>The 16-bit UUID of the characteristic each protocol reads (glucose has its own session).</summary>
    public static IReadOnlyDictionary<string, ushort> Characteristics { get; } = new Dictionary<string, ushort>(StringComparer.Ordinal)
    {
        ["ble-blood-pressure"] = 0x2A35,
        ["ble-temperature"] = 0x2A1C,
        ["ble-temperature-intermediate"] = 0x2A1E,
        ["ble-plx-spot"] = 0x2A5E,
        ["ble-plx-continuous"] = 0x2A5F,
        ["ble-weight"] = 0x2A9D,
        ["ble-heart-rate"] = 0x2A37,
        ["ble-glucose"] = GattUuids.GlucoseMeasurement,
    };

    private int _connections;

    /// <inheritdoc />
    public TransportState State { get; private set; } = TransportState.Connecting;

    /// <summary>How many times the device was connected (the first time and every reconnection).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <inheritdoc />
    public async IAsyncEnumerable<ReceivedFrame> ReadFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Characteristics.ContainsKey(device.Protocol))
        {
            throw new BleException($"'{device.Protocol}' is not a Bluetooth protocol");
        }

        var retry = new ReconnectDelay(FirstRetry, LastRetry);
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            State = TransportState.Connecting;
            IGattPeer? peer = null;
            try
            {
                peer = await central.ConnectAsync(device.Address, device.Connect, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsLinkFailure(ex))
            {
                State = TransportState.Disconnected;
                // The first failure of an outage is said; the retries every few seconds are not.
                if (failures++ == 0) Log.Unreachable(logger, device.DeviceId, device.Address, ex.Message);
                else Log.StillUnreachable(logger, device.DeviceId, device.Address, ex.Message);
            }

            if (peer is not null)
            {
                failures = 0;
                retry.Reset();
                Interlocked.Increment(ref _connections);
                await using (peer.ConfigureAwait(false))
                {
                    await foreach (var frame in ReadConnectedAsync(peer, cancellationToken).ConfigureAwait(false))
                    {
                        yield return frame;
                    }
                }
            }

            State = TransportState.Disconnected;
            await retry.WaitAsync(time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private async IAsyncEnumerable<ReceivedFrame> ReadConnectedAsync(IGattPeer peer, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IGattSession session = device.Protocol == "ble-glucose"
            ? new GlucoseSession(peer, device.LastStoredRecord, time, logger)
            : new MeasurementSession(peer, Characteristics[device.Protocol]);
        string? lost = null;
        TimeSpan? correction = null;
        try
        {
            if (device.SetClock)
            {
                var local = TimeZoneInfo.ConvertTime(time.GetUtcNow(), device.DeviceTimeZone).DateTime;
                if (await DeviceClock.SetAsync(peer, local, device.ClockDriftBound, logger, cancellationToken).ConfigureAwait(false) is { } drift
                    && drift.Duration() > device.ClockDriftBound)
                {
                    correction = drift;
                }
            }

            await session.StartAsync(cancellationToken).ConfigureAwait(false);
            State = TransportState.Connected;
            Log.Reading(logger, device.DeviceId, device.Address);
        }
        catch (Exception ex) when (IsLinkFailure(ex))
        {
            lost = ex.Message;
        }

        while (lost is null)
        {
            IReadOnlyList<ReceivedFrame> frames;
            try
            {
                frames = await NextAsync(peer, session, cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException ex)
            {
                lost = ex.InnerException?.Message ?? "the device disconnected";
                frames = session.Flush();
            }
            catch (Exception ex) when (IsLinkFailure(ex))
            {
                // Whatever failed on the link, what the device already sent is not lost.
                lost = ex.Message;
                frames = session.Flush();
            }

            foreach (var frame in frames)
            {
                yield return correction is null ? frame : frame with { ClockCorrection = correction };
            }
        }

        Log.Lost(logger, device.DeviceId, device.Address, lost);
    }

    /// <summary>A failure of the link or of BlueZ (not of the gateway's own shutdown): reconnect.</summary>
    private static bool IsLinkFailure(Exception ex) =>
        ex is BleException or TimeoutException or KeyNotFoundException or Tmds.DBus.Protocol.DBusExceptionBase or IOException
            or ObjectDisposedException; // the bus connection given up after bluetoothd restarted

    /// <summary>The frames of the next notification, or of the session's deadline when it comes first.</summary>
    private async Task<IReadOnlyList<ReceivedFrame>> NextAsync(IGattPeer peer, IGattSession session, CancellationToken cancellationToken)
    {
        if (session.Deadline is not { } deadline)
        {
            return await session.OnNotificationAsync(await peer.Notifications.ReadAsync(cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }

        var wait = deadline - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(wait);
            try
            {
                var notification = await peer.Notifications.ReadAsync(timeout.Token).ConfigureAwait(false);
                return await session.OnNotificationAsync(notification, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The deadline came first.
            }
        }

        return await session.OnDeadlineAsync(cancellationToken).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1130, Level = LogLevel.Information, Message = "Device {DeviceId} ({Address}): not reachable ({Reason}); trying again every few seconds")]
        public static partial void Unreachable(ILogger logger, string deviceId, string address, string reason);

        [LoggerMessage(EventId = 1131, Level = LogLevel.Debug, Message = "Device {DeviceId} ({Address}): still not reachable ({Reason})")]
        public static partial void StillUnreachable(ILogger logger, string deviceId, string address, string reason);

        [LoggerMessage(EventId = 1132, Level = LogLevel.Information, Message = "Device {DeviceId} ({Address}): connected, reading")]
        public static partial void Reading(ILogger logger, string deviceId, string address);

        [LoggerMessage(EventId = 1133, Level = LogLevel.Information, Message = "Device {DeviceId} ({Address}): link lost ({Reason}); reconnecting")]
        public static partial void Lost(ILogger logger, string deviceId, string address, string reason);
    }
}
