using EdgeGateway.DeviceDrivers.Ble.Common;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.DeviceDrivers.Transports.Ble;

/// <summary>
/// Sets a device's clock from the gateway's on connection, through the Current Time Service
/// (Current Time 0x2A2B: Date Time, day of week, 1/256 s, adjust reason) or a writable Date Time
/// (0x2A08). The drift found is reported when it exceeds the bound; readings the device stored
/// before keep the time it stamped them with (that is what was measured), and the log and the
/// counter say which correction was applied.
/// </summary>
internal static partial class DeviceClock
{
    private const byte ManualTimeUpdate = 0x01;

    /// <summary>Sets the clock when the device lets us; returns the drift found (device − gateway), when it could be read.</summary>
    public static async Task<TimeSpan?> SetAsync(IGattPeer peer, DateTime gatewayLocal, TimeSpan bound, ILogger logger, CancellationToken cancellationToken)
    {
        var characteristic = (peer.Access(GattUuids.CurrentTime) & GattAccess.Write) != 0 ? GattUuids.CurrentTime
            : (peer.Access(GattUuids.DateTime) & GattAccess.Write) != 0 ? GattUuids.DateTime
            : (ushort)0;
        if (characteristic == 0)
        {
            return null;
        }

        TimeSpan? drift = null;
        try
        {
            if ((peer.Access(characteristic) & GattAccess.Read) != 0)
            {
                var current = await peer.ReadAsync(characteristic, cancellationToken).ConfigureAwait(false);
                if (current.Length >= BleDateTime.Length && BleDateTime.TryRead(current, out var deviceTime, out _) == BleDateTime.Status.Valid)
                {
                    drift = deviceTime - gatewayLocal;
                }
            }

            var value = new byte[characteristic == GattUuids.CurrentTime ? 10 : BleDateTime.Length];
            var now = gatewayLocal.AddTicks(-(gatewayLocal.Ticks % TimeSpan.TicksPerSecond));
            BleDateTime.Write(value, now);
            if (characteristic == GattUuids.CurrentTime)
            {
                value[7] = (byte)(now.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)now.DayOfWeek); // 1 Monday … 7 Sunday
                value[8] = 0;                                                                   // 1/256 s
                value[9] = ManualTimeUpdate;
            }

            await peer.WriteAsync(characteristic, value, cancellationToken).ConfigureAwait(false);
            if (drift is { } off && off.Duration() > bound)
            {
                Log.Corrected(logger, peer.Address, off.TotalSeconds);
            }
        }
        catch (BleException ex) when (ex is not BleLinkLostException)
        {
            // A device that will not take the time still measures: its readings keep its own clock.
            Log.NotSet(logger, peer.Address, ex.Message);
        }

        return drift;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1120, Level = LogLevel.Warning, Message = "Bluetooth {Address}: device clock was {Seconds:0} s off the gateway's; set. Readings it stored before keep the time it gave them")]
        public static partial void Corrected(ILogger logger, string address, double seconds);

        [LoggerMessage(EventId = 1121, Level = LogLevel.Information, Message = "Bluetooth {Address}: the device clock could not be set ({Reason})")]
        public static partial void NotSet(ILogger logger, string address, string reason);
    }
}
