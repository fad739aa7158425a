using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Protocols;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Transports;

namespace EdgeGateway.Tests.Shared;

/// <summary>Test frames written as hexadecimal (spaces allowed), decoded by protocol name; a decode result as one comparable line.</summary>
public static class Frames
{
    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    /// <summary>The readings the named protocol's decoder and the reading factory make of <paramref name="hex"/>.</summary>
    public static IReadOnlyList<Reading> Readings(string hex, DateTimeOffset receivedAt, FrameSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!ProtocolCatalog.TryGet(source.Protocol, out var protocol))
        {
            throw new ArgumentException($"no protocol '{source.Protocol}'", nameof(source));
        }

        return Readings(Hex(hex), receivedAt, source, ProtocolSettings.None);
    }

    /// <summary>
    /// The readings a configured device's decoder makes of <paramref name="frame"/>, with the patient
    /// the message names (HL7 PID) as the ingestor gives it.
    /// </summary>
    public static IReadOnlyList<Reading> Readings(byte[] frame, DateTimeOffset receivedAt, FrameSource source, ProtocolSettings settings)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!ProtocolCatalog.TryGet(source.Protocol, out var protocol))
        {
            throw new ArgumentException($"no protocol '{source.Protocol}'", nameof(source));
        }

        var result = protocol.Create(settings).Decode(frame);
        return ReadingFactory.Create(result, frame, receivedAt, result.Subject is { } subject ? source with { Patient = subject } : source);
    }

    /// <summary>Every frame <paramref name="framer"/> finds when <paramref name="stream"/> arrives in two reads cut at <paramref name="cut"/>, and the bytes left over.</summary>
    public static (List<byte[]> Frames, byte[] Left) FrameAll(IFramer framer, byte[] stream, int cut)
    {
        ArgumentNullException.ThrowIfNull(framer);
        ArgumentNullException.ThrowIfNull(stream);
        var found = new List<byte[]>();
        var pending = new List<byte>();
        foreach (var chunk in (byte[][])[stream[..cut], stream[cut..]])
        {
            pending.AddRange(chunk);
            while (true)
            {
                var data = pending.ToArray();
                var match = framer.Find(data);
                if (match.Length > 0)
                {
                    found.Add(data.AsSpan(match.Skip, match.Length).ToArray());
                }

                pending.RemoveRange(0, match.Skip + match.Length);
                if (match.Length == 0)
                {
                    break;
                }
            }
        }

        return (found, [.. pending]);
    }

    /// <summary>
    /// The <paramref name="i"/>-th fuzz input: random bytes every other time, else a cut prefix of
    /// <paramref name="good"/> before a whole one with one byte changed (lost sync, then a damaged frame).
    /// </summary>
    public static byte[] RandomOrMutated(Random random, byte[] good, int i)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(good);
        if (i % 2 == 0)
        {
            var noise = new byte[random.Next(40)];
            random.NextBytes(noise);
            return noise;
        }

        byte[] data = [.. good.Take(random.Next(good.Length + 1)), .. good];
        data[random.Next(data.Length)] = (byte)random.Next(256);
        return data;
    }

    public static string Describe(DecodeResult result) => result.IsSuccess
        ? string.Join(" | ", result.Measurements.Select(m =>
            $"{m.Code} {m.Value?.Quantity} [{string.Join(",", m.Components.Select(c => $"{c.Code}={c.Quantity}"))}] " +
            $"{m.DeviceLocalTime:O} {m.DeviceUserIndex} {m.DeviceSequenceNumber} {m.BodySite} {m.Flags} {string.Join(";", m.Notes)}"))
        : result.Error!.ToString();
}
