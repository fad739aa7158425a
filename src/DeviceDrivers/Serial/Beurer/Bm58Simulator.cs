using System.Text;
using EdgeGateway.DeviceDrivers.Simulation;

namespace EdgeGateway.DeviceDrivers.Serial.Beurer;

/// <summary>
/// A simulated BM58 holding <paramref name="records"/> (9-byte records, oldest first), answering as the
/// published drivers expect: <c>55</c> to "attention", a 32-byte description, the count, each record, and
/// <c>A9</c> for a number it does not hold. While <see cref="On"/> is false it answers nothing (switched off).
/// </summary>
public sealed class Bm58Simulator(IEnumerable<byte[]> records) : IAnsweringSimulator
{
    /// <summary>The description it gives: no real device's is published, so this one says what it is (32 bytes).</summary>
    public static readonly byte[] Description = Encoding.ASCII.GetBytes("BM58 SIMULATOR EDGEGATEWAY 0001".PadRight(32));

    private readonly object _gate = new();
    private readonly List<byte[]> _records = [.. records];
    private bool _recordAsked;

    /// <summary>Switched on, in PC mode: it answers.</summary>
    public bool On { get; set; } = true;

    /// <summary>How many times it was asked for its record count (a download started).</summary>
    public int CountRequests { get; private set; }

    /// <inheritdoc />
    public string Protocol => Bm58Decoder.ProtocolName;

    /// <summary>A measurement taken now: the next download includes it.</summary>
    public void Add(byte[] record)
    {
        lock (_gate)
        {
            _records.Add(record);
        }
    }

    /// <inheritdoc />
    public byte[] Receive(ReadOnlySpan<byte> fromGateway)
    {
        var answer = new List<byte>();
        lock (_gate)
        {
            foreach (var b in fromGateway)
            {
                if (_recordAsked)
                {
                    _recordAsked = false;
                    if (On)
                    {
                        answer.AddRange(b >= 1 && b <= _records.Count ? _records[b - 1] : [(byte)Bm58Answer.NoRecord]);
                    }

                    continue;
                }

                if (!On)
                {
                    continue;
                }

                switch ((Bm58Command)b)
                {
                    case Bm58Command.Attention:
                        answer.Add((byte)Bm58Answer.Ready);
                        break;
                    case Bm58Command.Identify:
                        answer.AddRange(Description);
                        break;
                    case Bm58Command.RecordCount:
                        CountRequests++;
                        answer.Add((byte)Math.Min(_records.Count, 255));
                        break;
                    case Bm58Command.Record:
                        _recordAsked = true;
                        break;
                    default:
                        // The real device's reaction to other bytes is not published: silence.
                        break;
                }
            }
        }

        return [.. answer];
    }
}
