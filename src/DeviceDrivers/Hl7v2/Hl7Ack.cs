using System.Globalization;
using System.Text;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Transports;

namespace EdgeGateway.DeviceDrivers.Hl7v2;

/// <summary>
/// The original-mode acknowledgement of a message (HL7 v2 §2.9.2): <c>AA</c> accepted and durable,
/// <c>AE</c> accepted with content errors (parts left out, named in MSA-3 and ERR), <c>AR</c> rejected
/// — not a message this gateway takes, or the gateway could not store it now (send it again).
/// </summary>
public static class Hl7Ack
{
    /// <summary>The ACK for <paramref name="message"/> (raw bytes) after its handling, stamped <paramref name="now"/>.</summary>
    public static byte[] For(ReadOnlySpan<byte> message, FrameReceipt receipt, DateTimeOffset now, string controlId)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        Hl7Message.TryParse(message, out var parsed, out _);
        var field = parsed is null ? '|' : parsed.Header(1)[0];
        var encoding = parsed?.Header(2) ?? @"^~\&";
        var (code, text, errors) = Outcome(receipt, parsed, encoding.Length > 0 ? encoding[0] : '^');
        // MSA-2 echoes the message's control id, even from a message too broken to parse.
        var brokenControlId = parsed is null ? ControlIdOf(message) : "";
        string H(int n) => parsed is null ? (n == 10 ? brokenControlId : "") : parsed.Header(n);
        var version = parsed is null ? "2.6" : parsed.Component(H(12), 1) is { Length: > 0 } v ? v : "2.6";
        var trigger = parsed is null ? "" : parsed.Component(H(9), 2);
        var component = encoding.Length > 0 ? encoding[0] : '^';
        var builder = new StringBuilder();
        var stamp = now.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + now.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal);
        builder.Append(CultureInfo.InvariantCulture, $"MSH{field}{encoding}{field}{H(5)}{field}{H(6)}{field}{H(3)}{field}{H(4)}{field}{stamp}")
            .Append(CultureInfo.InvariantCulture, $"{field}{field}ACK{component}{trigger}{component}ACK{field}{controlId}{field}{(H(11) is { Length: > 0 } p ? p : "P")}{field}{version}\r")
            .Append(CultureInfo.InvariantCulture, $"MSA{field}{code}{field}{H(10)}{field}{Escape(text, field, encoding)}\r");
        foreach (var (location, hl7Code, description, diagnostic) in errors)
        {
            builder.Append(CultureInfo.InvariantCulture,
                $"ERR{field}{field}{location}{field}{hl7Code}{component}{description}{component}HL70357{field}E{field}{field}{field}{field}{Escape(diagnostic, field, encoding)}\r");
        }

        return Encoding.Latin1.GetBytes(builder.ToString());
    }

    /// <summary>The acknowledgement code a receipt earns.</summary>
    public static string Code(FrameReceipt receipt) => Outcome(receipt, null, '^').Code;

    private static (string Code, string Text, List<(string Location, int Code, string Description, string Diagnostic)> Errors) Outcome(
        FrameReceipt receipt, Hl7Message? message, char component)
    {
        var errors = new List<(string, int, string, string)>();
        if (!receipt.Handled || receipt.StoreFailed)
        {
            errors.Add(("", 207, "Application internal error", "the gateway could not store the message now; send it again"));
            return ("AR", "not stored, send again", errors);
        }

        if (receipt.Error is { } error)
        {
            var unsupported = error.Kind == DecodeErrorKind.Malformed;
            var where = unsupported ? $"MSH{component}1{component}9" : $"MSH{component}1{component}10";
            errors.Add((where, unsupported ? 200 : 101, unsupported ? "Unsupported message type" : "Required field missing", error.Message));
            return (unsupported ? "AR" : "AE", error.Message, errors);
        }

        if (receipt.Skipped.Count == 0)
        {
            return ("AA", "", errors);
        }

        foreach (var skipped in receipt.Skipped.Take(20))
        {
            errors.Add((Location(message, skipped.Offset, component), skipped.Kind == DecodeErrorKind.MissingField ? 101 : 103, skipped.Kind == DecodeErrorKind.MissingField ? "Required field missing" : "Table value not found", skipped.Message));
        }

        var text = string.Create(CultureInfo.InvariantCulture, $"{receipt.Stored} reading(s) stored; {receipt.Skipped.Count} part(s) left out: {receipt.Skipped[0].Message}");
        return ("AE", text, errors);
    }

    /// <summary>ERR-2 (ERL): the segment's id and its occurrence among segments of that id (<c>OBX^3</c>).</summary>
    private static string Location(Hl7Message? message, int segmentIndex, char component)
    {
        if (message is null || segmentIndex < 0 || segmentIndex >= message.Segments.Count)
        {
            return "";
        }

        var id = message.Segments[segmentIndex][0];
        var occurrence = 0;
        for (var i = 0; i <= segmentIndex; i++)
        {
            occurrence += message.Segments[i][0] == id ? 1 : 0;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{id}{component}{occurrence}");
    }

    /// <summary>MSH-10 read from the first line as it is (for a message whose delimiters do not parse), or "".</summary>
    private static string ControlIdOf(ReadOnlySpan<byte> message)
    {
        var first = Encoding.Latin1.GetString(message[..Math.Min(message.Length, 1024)]).Split('\r', '\n')[0];
        if (!first.StartsWith("MSH", StringComparison.Ordinal) || first.Length < 4)
        {
            return "";
        }

        var fields = first.Split(first[3]);
        // fields[0] is "MSH" and fields[n] is MSH-(n+1): MSH-10 is fields[9].
        return fields.Length > 9 && fields[9].Length <= 64 && fields[9].All(c => !char.IsControl(c) && c != '|' && c != '^') ? fields[9] : "";
    }

    private static string Escape(string text, char field, string encoding)
    {
        var escape = encoding.Length > 2 ? encoding[2] : '\\';
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var sequence = c == field ? "F" : encoding.Length > 0 && c == encoding[0] ? "S" : encoding.Length > 1 && c == encoding[1] ? "R"
                : c == escape ? "E" : encoding.Length > 3 && c == encoding[3] ? "T" : null;
            if (sequence is null)
            {
                builder.Append(c is '\r' or '\n' ? ' ' : c);
            }
            else
            {
                builder.Append(escape).Append(sequence).Append(escape);
            }
        }

        return builder.ToString();
    }
}
