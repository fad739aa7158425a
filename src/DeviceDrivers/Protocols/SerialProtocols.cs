using System.IO.Ports;
using EdgeGateway.DeviceDrivers.Astm;
using EdgeGateway.DeviceDrivers.Hl7v2;
using EdgeGateway.DeviceDrivers.Serial.AsciiLine;
using EdgeGateway.DeviceDrivers.Serial.Beurer;
using EdgeGateway.DeviceDrivers.Serial.Contec;
using EdgeGateway.DeviceDrivers.Serial.Masimo;
using EdgeGateway.DeviceDrivers.Serial.Nonin;
using EdgeGateway.DeviceDrivers.Transports;
using EdgeGateway.DeviceDrivers.Transports.Links;

namespace EdgeGateway.DeviceDrivers.Protocols;

/// <summary>A protocol read over a serial line: how to cut its frames (or hold its conversation), and its device's own port settings.</summary>
/// <param name="CreateFramer">Makes the framer of a device that streams (framers are cheap and stateless); null when <paramref name="CreateSession"/> is given.</param>
/// <param name="BaudRate">The device's baud rate.</param>
/// <param name="Parity">Its parity.</param>
/// <param name="DataBits">Its data bits.</param>
/// <param name="StopBits">Its stop bits.</param>
/// <param name="OnOpen">A command sent each time the port opens (e.g. selecting the output format), or null.</param>
/// <param name="StoreEvery">For a device that streams, how often a reading is kept by default (every reading whose status changes is kept too).</param>
/// <param name="CreateSession">For a device that must be answered or asked (ASTM, a memory download): makes its session for a device configured so.</param>
public sealed record SerialProtocol(Func<IFramer>? CreateFramer, int BaudRate, Parity Parity, int DataBits, StopBits StopBits, byte[]? OnOpen, TimeSpan StoreEvery,
    Func<ProtocolSettings, ILinkSession>? CreateSession = null)
{
    /// <summary>The session run each time the port opens, for a device configured with <paramref name="settings"/>.</summary>
    public ILinkSession CreateLinkSession(ProtocolSettings settings) => CreateSession?.Invoke(settings) ?? new FramedSession(CreateFramer!(), OnOpen);
}

/// <summary>The protocols attached to a serial port, by name.</summary>
public static class SerialProtocols
{
    /// <summary>How often a streaming device's reading is kept by default.</summary>
    public static readonly TimeSpan StreamSampling = TimeSpan.FromSeconds(30);

    private static readonly Dictionary<string, SerialProtocol> All = new(StringComparer.Ordinal)
    {
        // Whatever the device's manual says (BaudRate… in configuration); one reading per printed line.
        [AsciiLineDecoder.ProtocolName] = new(() => new LineFramer(), 9600, Parity.None, 8, StopBits.One, null, TimeSpan.Zero),
        // E1381: 9600 8N1 unless the analyser is set otherwise; the gateway answers, it never asks.
        [AstmDecoder.ProtocolName] = new(null, 9600, Parity.None, 8, StopBits.One, null, TimeSpan.Zero, _ => new AstmSession()),
        // 4800 8N1; the gateway asks: it downloads the memory each time the cuff starts answering. Every record is kept.
        [Bm58Decoder.ProtocolName] = new(null, 4800, Parity.None, 8, StopBits.One, null, TimeSpan.Zero, _ => new Bm58Session()),
        // 115200 8N1. On open, the stored recordings that have a start time (a device with a clock; the
        // CMS50D+ has none), each sample at its own time; then A1: about 60 packets a second. The device ends
        // the stream unless it hears the keep-alive (AF) at least every 5 s, so it is sent every 3 s.
        [Cms50Decoder.ProtocolName] = new(() => new Cms50Framer(), 115200, Parity.None, 8, StopBits.One, Cms50Commands.Build(Cms50Commands.StartRealTime), StreamSampling,
            settings => new Cms50Session(downloadRecordings: settings.DownloadRecordings)),
        // 19200 8O1, about 60 packets a second of live data.
        [Cms50LegacyDecoder.ProtocolName] = new(() => new SyncBitFramer(Cms50LegacyDecoder.Length), 19200, Parity.Odd, 8, StopBits.One, null, StreamSampling),
        // 9600 8N1, one line a second; the device is set to ASCII 1 on its own menu.
        [MasimoAsciiDecoder.ProtocolName] = new(() => new LineFramer(), 9600, Parity.None, 8, StopBits.One, null, StreamSampling),
        // 9600 8N1, a packet per spot check, the ones stored while unconnected sent first; on open,
        // select data format #13. Not a stream: every packet is kept (sampling would drop a stored series).
        [NoninDf13Decoder.ProtocolName] = new(() => new NoninDf13Framer(), 9600, Parity.None, 8, StopBits.One, NoninCommands.SetDataFormat(NoninDf13Decoder.FormatNumber), TimeSpan.Zero),
        // 9600 8N1, 75 frames (3 packets) a second; on open, select data format #2.
        [NoninDf2Decoder.ProtocolName] = new(() => new NoninDf2Framer(), 9600, Parity.None, 8, StopBits.One, [0x02, 0x70, 0x02, 0x02, 0x02, 0x03], StreamSampling),
        // 9600 8N1, one packet a second; on open, select data format #8 (ACK 06 / NAK 15 are not frames).
        [NoninDf8Decoder.ProtocolName] = new(() => new SyncBitFramer(NoninDf8Decoder.Length), 9600, Parity.None, 8, StopBits.One, [0x02, 0x70, 0x02, 0x02, 0x08, 0x03], StreamSampling),
    };

    /// <summary>Finds a serial protocol by name.</summary>
    public static bool TryGet(string name, out SerialProtocol protocol) => All.TryGetValue(name, out protocol!);
}

/// <summary>The protocols devices send over the LAN to a port the gateway listens on.</summary>
public static class NetworkProtocols
{
    private static readonly Dictionary<string, Func<ILinkSession>> All = new(StringComparer.Ordinal)
    {
        [Hl7v2Decoder.ProtocolName] = () => new MllpSession(),
        [AstmDecoder.ProtocolName] = () => new AstmSession(),
    };

    /// <summary>The session a connection of <paramref name="name"/> runs, or false when the protocol is not a network one.</summary>
    public static bool TryGet(string name, out Func<ILinkSession> session) => All.TryGetValue(name, out session!);
}
