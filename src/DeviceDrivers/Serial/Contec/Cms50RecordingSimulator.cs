using EdgeGateway.DeviceDrivers.Simulation;

namespace EdgeGateway.DeviceDrivers.Serial.Contec;

/// <summary>
/// A simulated V7.0 oximeter holding one user's one recording (SpO2 and pulse rate a second, from
/// <see cref="Start"/>), answering as the captures of a CMS50F 3.7 show (François Revol's dumps) and
/// OSCAR and kaivol/pulox read: A7 and A2 → <c>0C 80</c>; AD → one user; A3 → one recording (none when
/// empty); A5 → <c>07</c> and <c>12</c> (year 0 and midnight when <see cref="Start"/> is null: a CMS50D+,
/// which has no clock); A4 → its length in bytes; A6 → its <c>0F</c> packets. A1 and each keep-alive (AF)
/// after it bring <see cref="LivePackets"/> real-time packets (the real device streams 60 a second; the
/// simulator can only answer). Other commands get no answer. While <see cref="On"/> is false it says nothing.
/// </summary>
public sealed class Cms50RecordingSimulator(DateTime? start, IEnumerable<(int Spo2, int PulseRate)> samples) : IAnsweringSimulator
{
    private readonly object _gate = new();
    private readonly List<byte> _pending = [];
    private readonly List<(int Spo2, int PulseRate)> _samples = [.. samples];
    private bool _streaming;

    /// <summary>When the recording started by the device's clock; null for a device without one.</summary>
    public DateTime? Start { get; set; } = start;

    /// <summary>Switched on: it answers.</summary>
    public bool On { get; set; } = true;

    /// <summary>Real-time packets sent for A1 and for each keep-alive after it.</summary>
    public int LivePackets { get; set; } = 3;

    /// <summary>The live values: SpO2 and pulse rate.</summary>
    public (int Spo2, int PulseRate) Live { get; set; } = (97, 65);

    /// <summary>How many times its recording's samples were asked for (A6).</summary>
    public int DataRequests { get; private set; }

    /// <summary>Commands received, in order (the command byte).</summary>
    public IReadOnlyList<byte> Commands
    {
        get
        {
            lock (_gate)
            {
                return [.. _commands];
            }
        }
    }

    private readonly List<byte> _commands = [];

    /// <inheritdoc />
    public string Protocol => Cms50Decoder.ProtocolName;

    /// <inheritdoc />
    public byte[] Receive(ReadOnlySpan<byte> fromGateway)
    {
        var answer = new List<byte>();
        lock (_gate)
        {
            _pending.AddRange(fromGateway.ToArray());
            while (true)
            {
                var start = _pending.IndexOf((byte)Cms50PacketType.Command);
                if (start < 0)
                {
                    _pending.Clear();
                    break;
                }

                if (_pending.Count - start < Cms50Decoder.Length)
                {
                    _pending.RemoveRange(0, start);
                    break;
                }

                var packet = _pending.GetRange(start, Cms50Decoder.Length).ToArray();
                _pending.RemoveRange(0, start + Cms50Decoder.Length);
                var data = new byte[7];
                Cms50Packet.Unpack(packet, data);
                _commands.Add(data[0]);
                if (On)
                {
                    answer.AddRange(Answer(data[0], data[1], data[2]));
                }
            }
        }

        return [.. answer];
    }

    private byte[] Answer(byte command, byte user, byte segment)
    {
        var recorded = _samples.Count > 0;
        switch (command)
        {
            case Cms50Commands.StopData:
                return Cms50Storage.Packet(Cms50PacketType.FreeFeedback);
            case Cms50Commands.StopRealTime:
                _streaming = false;
                return Cms50Storage.Packet(Cms50PacketType.FreeFeedback);
            case Cms50Commands.AskUserAmount:
                return Cms50Storage.Packet(Cms50PacketType.UserAmount, 1);
            case Cms50Commands.AskSegmentAmount:
                return Cms50Storage.Packet(Cms50PacketType.StorageSegmentAmount, user, (byte)(user == 0 && recorded ? 1 : 0));
            case Cms50Commands.AskStartTime when Start is { } started:
                return [.. Cms50Storage.StartDate(user, segment, started), .. Cms50Storage.StartTime(user, segment, started)];
            case Cms50Commands.AskStartTime:
                return
                [
                    .. Cms50Storage.Packet(Cms50PacketType.StorageStartDate, user, segment, 0, 0, 0, 0),
                    .. Cms50Storage.Packet(Cms50PacketType.StorageStartTime, user, segment, 0, 0, 0, 0),
                ];
            case Cms50Commands.AskDataLength:
                return Cms50Storage.Length(user, segment, user == 0 && segment == 0 ? (long)_samples.Count * Cms50Storage.BytesPerSample : 0);
            case Cms50Commands.AskData when user == 0 && segment == 0 && recorded:
                DataRequests++;
                return Cms50Storage.Data(_samples);
            case Cms50Commands.StartRealTime:
                _streaming = true;
                return LiveBurst();
            case Cms50Commands.KeepAlive when _streaming:
                return LiveBurst();
            default:
                return [];
        }
    }

    private byte[] LiveBurst() => [.. Enumerable.Range(0, LivePackets).SelectMany(_ => Cms50Encoder.Encode(Live.PulseRate, Live.Spo2))];
}
