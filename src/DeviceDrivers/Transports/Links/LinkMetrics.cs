using System.Diagnostics.Metrics;

namespace EdgeGateway.DeviceDrivers.Transports.Links;

/// <summary>
/// What went wrong on the links, for the gateway's metrics: bytes that belonged to no frame, frames a
/// receiver refused (ASTM NAK), transfers that ended before their message did, connections refused.
/// </summary>
public static class LinkMetrics
{
    /// <summary>The meter's name, to export it.</summary>
    public const string MeterName = "EdgeGateway.Links";

    private static readonly Meter Meter = new(MeterName);

    /// <summary>Bytes dropped because they belonged to no frame (noise, lost sync, a wrong baud rate).</summary>
    public static Counter<long> GarbageBytes { get; } = Meter.CreateCounter<long>("edgegateway.link.garbage_bytes", "By", "Bytes on device links that belonged to no frame");

    /// <summary>Frames answered NAK (bad checksum, wrong number, broken, or not stored).</summary>
    public static Counter<long> FramesRejected { get; } = Meter.CreateCounter<long>("edgegateway.link.frames_rejected", description: "Frames refused on device links (NAK); the sender sends them again");

    /// <summary>Transfers that ended (a timer, a new start, the end) before their message did.</summary>
    public static Counter<long> TransfersUnfinished { get; } = Meter.CreateCounter<long>("edgegateway.link.transfers_unfinished", description: "Device transfers that stopped before their message was whole");

    /// <summary>Memory downloads that stopped (<c>stopped=true</c>) or passed over a record, by kind.</summary>
    public static Counter<long> DownloadFailures { get; } = Meter.CreateCounter<long>("edgegateway.link.download_failures", description: "Device memory downloads that stopped or passed over a record, by kind");

    /// <summary>Connections refused: a peer not allowed, too many at once.</summary>
    public static Counter<long> ConnectionsRefused { get; } = Meter.CreateCounter<long>("edgegateway.link.connections_refused", description: "Connections to device listeners refused (peer not allowed, too many)");
}
