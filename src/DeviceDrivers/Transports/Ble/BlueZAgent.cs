using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Tmds.DBus.Protocol;

namespace EdgeGateway.DeviceDrivers.Transports.Ble;

/// <summary>
/// The gateway's BlueZ pairing agent (<c>org.bluez.Agent1</c>), registered as the default agent
/// with the "KeyboardOnly" capability: it can type a passkey (the configured one) but shows
/// nothing, so no numeric comparison is ever claimed — a bond BlueZ records as protected against a
/// man in the middle is one a passkey protected. It answers only for a device the configuration
/// asks to bond, and only while the gateway is bonding it; any other request is rejected.
/// </summary>
internal sealed partial class BlueZAgent(ILogger logger) : IPathMethodHandler
{
    /// <summary>The agent's object path on the gateway's bus connection.</summary>
    public const string ObjectPath = "/org/edgegateway/agent";

    private const string AgentInterface = "org.bluez.Agent1";
    private const string Rejected = "org.bluez.Error.Rejected";

    private readonly ConcurrentDictionary<string, (string Address, uint? Passkey)> _bonding = new(StringComparer.Ordinal);

    public string Path => ObjectPath;

    public bool HandlesChildPaths => false;

    /// <summary>Accepts the requests of <paramref name="devicePath"/> until the returned scope ends.</summary>
    public IDisposable Bonding(string devicePath, string address, uint? passkey)
    {
        _bonding[devicePath] = (address, passkey);
        return new Scope(() => _bonding.TryRemove(devicePath, out _));
    }

    public ValueTask HandleMethodAsync(MethodContext context)
    {
        var request = context.Request;
        if (request.InterfaceAsString != AgentInterface)
        {
            context.ReplyUnknownMethodError();
            return ValueTask.CompletedTask;
        }

        var member = request.MemberAsString;
        if (member is "Release" or "Cancel")
        {
            ReplyEmpty(context);
            return ValueTask.CompletedTask;
        }

        var devicePath = request.GetBodyReader().ReadObjectPathAsString();
        if (!_bonding.TryGetValue(devicePath, out var device))
        {
            Log.Refused(logger, devicePath, member ?? "?");
            context.ReplyError(Rejected, "this device is not one the gateway is bonding");
            return ValueTask.CompletedTask;
        }

        switch (member)
        {
            case "RequestPasskey" when device.Passkey is { } passkey:
            {
                using var writer = context.CreateReplyWriter("u");
                writer.WriteUInt32(passkey);
                context.Reply(writer.CreateMessage());
                break;
            }

            case "RequestPinCode" when device.Passkey is { } pin:
            {
                using var writer = context.CreateReplyWriter("s");
                writer.WriteString(pin.ToString("D6", CultureInfo.InvariantCulture));
                context.Reply(writer.CreateMessage());
                break;
            }

            case "RequestPasskey" or "RequestPinCode":
                Log.PasskeyMissing(logger, device.Address);
                context.ReplyError(Rejected, "no passkey configured for this device");
                break;
            case "RequestConfirmation":
                // Nobody can compare the number the device shows: refuse rather than pretend.
                context.ReplyError(Rejected, "the gateway cannot compare a number: configure the device's passkey");
                break;
            case "RequestAuthorization" or "AuthorizeService" or "DisplayPasskey" or "DisplayPinCode":
                ReplyEmpty(context);
                break;
            default:
                context.ReplyUnknownMethodError();
                break;
        }

        return ValueTask.CompletedTask;
    }

    private static void ReplyEmpty(MethodContext context)
    {
        using var writer = context.CreateReplyWriter(null!);
        context.Reply(writer.CreateMessage());
    }

    private sealed class Scope(Action end) : IDisposable
    {
        public void Dispose() => end();
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1140, Level = LogLevel.Warning, Message = "Bluetooth pairing request from {DevicePath} ({Method}) rejected: not a device the gateway is bonding")]
        public static partial void Refused(ILogger logger, string devicePath, string method);

        [LoggerMessage(EventId = 1141, Level = LogLevel.Warning, Message = "Bluetooth {Address} asks for a passkey to bond: set its Devices:N:Passkey (the six digits it shows or its manual gives)")]
        public static partial void PasskeyMissing(ILogger logger, string address);
    }
}
