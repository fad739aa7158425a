using System.Text;
using EdgeGateway.DeviceDrivers.Simulation;

namespace EdgeGateway.DeviceDrivers.Hid.Omron;

/// <summary>
/// A simulated HEM-790IT-class monitor answering as the capture in openyou/libomron shows: "OK" to the clear
/// block, its version, the record count and each record of bank 0 (user A) and bank 1 (user B), "NO" to what
/// it does not know or a bad checksum, and "OK" then "OFF\r\n" to <c>END</c>, after which it is off and
/// silent. Its input reports carry, past their count, the bytes its previous report left (as the real one's do).
/// </summary>
/// <param name="userA">Bank 0's records, each the 15 bytes after "OK" (<see cref="OmronEncoder.Payload"/>), the newest first.</param>
/// <param name="userB">Bank 1's records, or null for a device with one user (it answers "NO" for bank 1).</param>
/// <param name="reportNumbers">
/// The computer's writes carry the report number first (9 bytes a report): what a hidraw node is given, and
/// what the device end of a pty receives. False for a link that carries the 8-byte reports themselves.
/// </param>
public sealed class OmronSimulator(IEnumerable<byte[]> userA, IEnumerable<byte[]>? userB = null, bool reportNumbers = true) : IAnsweringSimulator
{
    /// <summary>The version it gives (11 characters, as the capture's "M7080IT 207").</summary>
    public const string VersionText = "M7080IT SIM";

    private readonly object _gate = new();
    private readonly List<byte[]>[] _banks = userB is null ? [[.. userA]] : [[.. userA], [.. userB]];
    private readonly List<byte> _received = [];
    private readonly List<byte> _message = [];
    private byte[] _lastReport = new byte[OmronWire.ReportLength];

    /// <summary>On and connected: it answers. <c>END</c> switches it off.</summary>
    public bool On { get; set; } = true;

    /// <summary>How many downloads ended with <c>END</c>.</summary>
    public int Ends { get; private set; }

    /// <summary>Each command it was sent (without the clear blocks), in order.</summary>
    public List<string> Commands { get; } = [];

    /// <inheritdoc />
    public string Protocol => OmronDecoder.ProtocolName;

    /// <summary>A measurement taken now, added to <paramref name="bank"/> as its newest record.</summary>
    public void Add(int bank, byte[] payload)
    {
        lock (_gate)
        {
            _banks[bank].Insert(0, payload);
        }
    }

    /// <inheritdoc />
    public byte[] Receive(ReadOnlySpan<byte> fromGateway)
    {
        var answer = new List<byte>();
        lock (_gate)
        {
            _received.AddRange(fromGateway);
            var size = OmronWire.ReportLength + (reportNumbers ? 1 : 0);
            while (_received.Count >= size)
            {
                var report = _received.GetRange(reportNumbers ? 1 : 0, OmronWire.ReportLength);
                _received.RemoveRange(0, size);
                var count = Math.Min(report[0], (byte)OmronWire.ReportData);
                _message.AddRange(report.GetRange(1, count));
                if (count < OmronWire.ReportData)
                {
                    answer.AddRange(Answer([.. _message]));
                    _message.Clear();
                }
            }
        }

        return [.. answer];
    }

    private byte[] Answer(byte[] message)
    {
        if (!On)
        {
            return [];
        }

        if (message.Length > 0 && message.All(b => b == 0))
        {
            return Reply("OK"u8);
        }

        var mnemonic = message.Length >= 3 ? Encoding.ASCII.GetString(message, 0, 3) : "";
        Commands.Add(mnemonic);
        if (message.Length < 5 || OmronWire.Xor(message.AsSpan(3)) != 0)
        {
            return Reply("NO"u8);
        }

        switch (mnemonic)
        {
            case "VER":
                return Reply([(byte)'O', (byte)'K', .. Checked([0x00, .. Encoding.ASCII.GetBytes(VersionText)])]);
            case "GDC" when message.Length == 8 && message[4] < _banks.Length:
                // Byte 4 of the payload is not explained anywhere (0x13 in the capture, 0x0A in libomron's notes).
                return Reply([(byte)'O', (byte)'K', .. Checked([0x00, 0x00, 0x13, 0x00, (byte)_banks[message[4]].Count])]);
            case "GME" when message.Length == 8 && message[4] < _banks.Length && message[6] < _banks[message[4]].Count:
                return Reply([(byte)'O', (byte)'K', .. _banks[message[4]][message[6]]]);
            case "END":
                On = false;
                Ends++;
                return [.. Reply("OK"u8), .. Reply("OFF\r\n"u8)];
            default:
                return Reply("NO"u8);
        }
    }

    private static byte[] Checked(byte[] payload) => [.. payload, OmronWire.Xor(payload)];

    private byte[] Reply(ReadOnlySpan<byte> message)
    {
        var reports = OmronWire.Reports(message, _lastReport);
        _lastReport = reports[^1];
        return [.. reports.SelectMany(r => r)];
    }
}
