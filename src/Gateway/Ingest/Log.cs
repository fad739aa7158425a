using EdgeGateway.DeviceDrivers.Decoding;

namespace EdgeGateway.Gateway.Ingest;

internal static partial class Log
{
    // The frame's bytes are never logged: they may hold a measured value.
    [LoggerMessage(EventId = 1000, Level = LogLevel.Warning, Message = "Device {DeviceId} ({Protocol}): frame rejected, {Kind} at byte {Offset} of {Length}")]
    public static partial void DecodeFailed(ILogger logger, string deviceId, string protocol, DecodeErrorKind kind, int offset, int length);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Device {DeviceId} ({Protocol}): part of a message left out, {Kind}: {Reason}")]
    public static partial void PartSkipped(ILogger logger, string deviceId, string protocol, DecodeErrorKind kind, string reason);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Device {DeviceId}: {Count} more part(s) of the same message left out")]
    public static partial void MorePartsSkipped(ILogger logger, string deviceId, int count);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Device {DeviceId} ({Protocol}) started")]
    public static partial void DeviceStarted(ILogger logger, string deviceId, string protocol);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Device {DeviceId}: link lost, retrying in {Delay}")]
    public static partial void DeviceLinkLost(ILogger logger, string deviceId, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Error, Message = "Device {DeviceId}: readings could not be stored; the frame is not acknowledged")]
    public static partial void StoreFailed(ILogger logger, string deviceId, Exception exception);
}
