using System.Globalization;
using System.Text;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Simulation;

namespace EdgeGateway.DeviceDrivers.Serial.Masimo;

/// <summary>
/// Masimo Rad-series serial "ASCII 1" output (Rad-8, Radical-7…): 9600 8N1, one line a second,
/// <code>
/// 02/22/16 22:47:45 SN=0000056661 SPO2=098% BPM=097 PI=03.60% SPCO=--.-% SPMET=--.-% DESAT=-- PIDELTA=+-- ALARM=0000 EXC=000800
/// </code>
/// date and time (the device's clock, MM/dd/yy), then KEY=VALUE fields; dashes mean "not available".
/// SPO2 (%), BPM (/min) and PI (perfusion index, %) are read; ALARM (hex) non-zero is said; EXC (hex
/// exceptions): 0x000001 no sensor, 0x000004 low perfusion, 0x000020 sensor off the patient,
/// 0x000800 informational; any other exception is said with its code.
/// </summary>
public sealed class MasimoAsciiDecoder : IFrameDecoder
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "masimo-ascii";

    private const int NoSensor = 0x000001, LowPerfusion = 0x000004, SensorOff = 0x000020, Informational = 0x000800;

    /// <inheritdoc />
    public string Protocol => ProtocolName;

    /// <inheritdoc />
    public DecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        foreach (var b in frame)
        {
            if (b is (< 0x20 or > 0x7E) and not (byte)'\r' and not (byte)'\n')
            {
                return DecodeResult.Failure(DecodeErrorKind.Malformed, "not a line of text (a wrong baud rate reads like this)", frame.IndexOf(b));
            }
        }

        var line = Encoding.ASCII.GetString(frame).TrimEnd('\r', '\n');
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3 || !DateTime.TryParseExact(parts[0] + " " + parts[1], "MM/dd/yy HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return DecodeResult.Failure(DecodeErrorKind.Malformed, "a Masimo ASCII 1 line starts with MM/dd/yy HH:mm:ss", 0);
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var part in parts.Skip(2))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                fields[part[..equals]] = part[(equals + 1)..];
            }
        }

        if (!fields.TryGetValue("SPO2", out var spo2Text) || !fields.TryGetValue("BPM", out var bpmText))
        {
            return DecodeResult.Failure(DecodeErrorKind.MissingField, "the line has no SPO2= or BPM= field (is the output set to ASCII 1?)", 18);
        }

        var flags = ReadingFlags.None;
        var notes = new List<string>();
        if (fields.TryGetValue("EXC", out var exceptionText))
        {
            if (!int.TryParse(exceptionText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var exceptions))
            {
                return DecodeResult.Failure(DecodeErrorKind.InvalidField, $"EXC={exceptionText} is not hexadecimal", line.IndexOf("EXC=", StringComparison.Ordinal));
            }

            if ((exceptions & NoSensor) != 0) flags |= ReadingFlags.SensorDisconnected;
            if ((exceptions & LowPerfusion) != 0) flags |= ReadingFlags.LowPerfusion;
            if ((exceptions & SensorOff) != 0) flags |= ReadingFlags.SensorUnconnected;
            var other = exceptions & ~(NoSensor | LowPerfusion | SensorOff | Informational);
            if (other != 0)
            {
                // An exception this gateway does not know: said, and a change the stream sampling keeps.
                flags |= ReadingFlags.ReservedStatusValue;
                notes.Add(string.Create(CultureInfo.InvariantCulture, $"Oximeter exception code 0x{other:X6}"));
            }
        }

        if (fields.TryGetValue("ALARM", out var alarm) && alarm.Trim('0').Length > 0)
        {
            notes.Add($"Oximeter alarm code {alarm}");
        }

        // No checksum on these lines: a value no oximeter gives (a flipped bit: 198 %) is an error, not a reading.
        if (!TryNumber(spo2Text.TrimEnd('%'), out var spo2) || !TryNumber(bpmText, out var bpm) || spo2 > 100 || bpm > 350)
        {
            return DecodeResult.Failure(DecodeErrorKind.InvalidField, $"SPO2={spo2Text} BPM={bpmText}: not plausible numbers nor dashes", 18);
        }

        decimal? pi = null;
        if (fields.TryGetValue("PI", out var piText) && TryNumber(piText.TrimEnd('%'), out var index))
        {
            pi = index;
        }

        var unusable = (flags & (ReadingFlags.SensorDisconnected | ReadingFlags.SensorUnconnected)) != 0;
        Quantity Value(decimal? number, string unit) =>
            number is { } n && !unusable ? Quantity.Of(n, unit) : Quantity.Missing(AbsentReason.Error, unit);
        var perfusion = pi is null && !fields.ContainsKey("PI") ? (Quantity?)null : Value(pi, Ucum.Percent);
        return DecodeResult.Success(Oximetry.Measurements(Value(spo2, Ucum.Percent), Value(bpm, Ucum.PerMinute), perfusion, time, flags, notes));
    }

    /// <summary>A number, or null for the dashes that mean "not available"; false for anything else.</summary>
    private static bool TryNumber(string text, out decimal? value)
    {
        value = null;
        if (text.Length > 0 && text.All(c => c is '-' or '.'))
        {
            return true;
        }

        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number) && number <= 1000)
        {
            // "098" is 98; "03.60" keeps its two decimals.
            value = number;
            return true;
        }

        return false;
    }
}

/// <summary>A simulated Masimo Rad-8 printing ASCII 1 lines.</summary>
public sealed class MasimoAsciiSimulator(Random random, TimeProvider time) : IDeviceSimulator
{
    /// <inheritdoc />
    public string Protocol => MasimoAsciiDecoder.ProtocolName;

    /// <inheritdoc />
    public byte[] NextFrame()
    {
        var now = time.GetLocalNow();
        var pi = random.Next(80, 900) / 100m;
        return Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{now:MM/dd/yy HH:mm:ss} SN=0000012345 SPO2={random.Next(94, 100):000}% BPM={random.Next(58, 95):000} PI={pi:00.00}% SPCO=--.-% SPMET=--.-% DESAT=-- PIDELTA=+-- ALARM=0000 EXC=000800\r\n"));
    }
}
