using System.Globalization;
using System.Text;

namespace EdgeGateway.DeviceDrivers.Hl7v2;

/// <summary>
/// An HL7 v2 message split into segments and fields with the delimiters its MSH declares. Read-only
/// and tolerant of how segments end (CR as the standard says, LF or CR LF from files); values are
/// unescaped on access. Text is read as Latin-1, byte for byte (codes and numbers are ASCII).
/// </summary>
public sealed class Hl7Message
{
    private readonly List<string[]> _segments;

    private Hl7Message(List<string[]> segments, char component, char repetition, char escape, char subcomponent)
    {
        _segments = segments;
        ComponentSeparator = component;
        RepetitionSeparator = repetition;
        EscapeCharacter = escape;
        SubcomponentSeparator = subcomponent;
    }

    /// <summary>The component separator (usually <c>^</c>).</summary>
    public char ComponentSeparator { get; }

    /// <summary>The repetition separator (usually <c>~</c>).</summary>
    public char RepetitionSeparator { get; }

    /// <summary>The escape character (usually <c>\</c>).</summary>
    public char EscapeCharacter { get; }

    /// <summary>The subcomponent separator (usually <c>&amp;</c>).</summary>
    public char SubcomponentSeparator { get; }

    /// <summary>The segments in order, each as its fields (index 0 is the segment id, index n the n-th field; MSH-1 is the field separator).</summary>
    public IReadOnlyList<string[]> Segments => _segments;

    /// <summary>Parses <paramref name="bytes"/>; false with a reason when it is not an HL7 v2 message (no MSH, bad delimiters).</summary>
    public static bool TryParse(ReadOnlySpan<byte> bytes, out Hl7Message message, out string reason)
    {
        message = null!;
        var text = Encoding.Latin1.GetString(bytes);
        if (text.Length < 8 || !text.StartsWith("MSH", StringComparison.Ordinal))
        {
            reason = "the message does not start with an MSH segment";
            return false;
        }

        var field = text[3];
        var encoding = text.AsSpan(4, 4);
        // The four encoding characters and the field separator must be five different, non-alphanumeric, printable characters.
        Span<char> delimiters = [field, encoding[0], encoding[1], encoding[2], encoding[3]];
        foreach (var c in delimiters)
        {
            if (char.IsLetterOrDigit(c) || char.IsWhiteSpace(c) || char.IsControl(c))
            {
                reason = "MSH-1/MSH-2 do not declare valid delimiters";
                return false;
            }
        }

        for (var i = 0; i < delimiters.Length; i++)
        {
            for (var j = i + 1; j < delimiters.Length; j++)
            {
                if (delimiters[i] == delimiters[j])
                {
                    reason = "MSH-1/MSH-2 declare the same delimiter twice";
                    return false;
                }
            }
        }

        var segments = new List<string[]>();
        foreach (var line in text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.Length < 3)
            {
                reason = string.Create(CultureInfo.InvariantCulture, $"segment {segments.Count + 1} has no segment id");
                return false;
            }

            var fields = line.Split(field);
            if (segments.Count == 0)
            {
                // MSH-1 is the field separator itself: inserted so that index n is MSH-n, as in other segments.
                fields = ["MSH", field.ToString(), .. fields.AsSpan(1)];
            }

            segments.Add(fields);
        }

        message = new Hl7Message(segments, encoding[0], encoding[1], encoding[2], encoding[3]);
        reason = "";
        return true;
    }

    /// <summary>MSH-n, raw (not unescaped), or "".</summary>
    public string Header(int n) => Field(_segments[0], n);

    /// <summary>Field <paramref name="n"/> of <paramref name="segment"/>, raw, or "" when absent.</summary>
    public static string Field(string[] segment, int n)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return n > 0 && n < segment.Length ? segment[n] : "";
    }

    /// <summary>The repetitions of a field.</summary>
    public string[] Repetitions(string field) => (field ?? "").Split(RepetitionSeparator);

    /// <summary>Component <paramref name="n"/> (1-based) of <paramref name="field"/>, unescaped, or "".</summary>
    public string Component(string field, int n)
    {
        var parts = (field ?? "").Split(ComponentSeparator);
        return n >= 1 && n <= parts.Length ? Unescape(parts[n - 1]) : "";
    }

    /// <summary>Subcomponent <paramref name="n"/> (1-based) of a raw component, unescaped, or "".</summary>
    public string Subcomponent(string component, int n)
    {
        var parts = (component ?? "").Split(SubcomponentSeparator);
        return n >= 1 && n <= parts.Length ? Unescape(parts[n - 1]) : "";
    }

    /// <summary>Component <paramref name="n"/> of <paramref name="field"/> before unescaping (to split its subcomponents).</summary>
    public string RawComponent(string field, int n)
    {
        var parts = (field ?? "").Split(ComponentSeparator);
        return n >= 1 && n <= parts.Length ? parts[n - 1] : "";
    }

    /// <summary>Replaces the standard escapes (<c>\F\ \S\ \T\ \R\ \E\</c>); others are dropped.</summary>
    public string Unescape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.IndexOf(EscapeCharacter, StringComparison.Ordinal) < 0)
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != EscapeCharacter)
            {
                builder.Append(value[i]);
                continue;
            }

            var end = value.IndexOf(EscapeCharacter, i + 1);
            if (end < 0)
            {
                builder.Append(value, i, value.Length - i);
                break;
            }

            var sequence = value.AsSpan(i + 1, end - i - 1);
            var fieldSeparator = Header(1);
            builder.Append(sequence switch
            {
                "F" => fieldSeparator,
                "S" => ComponentSeparator.ToString(),
                "T" => SubcomponentSeparator.ToString(),
                "R" => RepetitionSeparator.ToString(),
                "E" => EscapeCharacter.ToString(),
                _ => "",
            });
            i = end;
        }

        return builder.ToString();
    }

    /// <summary>
    /// An HL7 DTM (<c>YYYY[MM[DD[HH[MM[SS[.S…]]]]]][+/-ZZZZ]</c>) to local time and its stated offset;
    /// false when it is not one, or is less precise than a minute (a reading needs its time).
    /// </summary>
    public static bool TryParseTime(string value, out DateTime local, out TimeSpan? offset)
    {
        local = default;
        offset = null;
        if (string.IsNullOrEmpty(value))
        {
            return false;
        }

        var zoneAt = value.IndexOfAny(['+', '-']);
        var stamp = zoneAt >= 0 ? value[..zoneAt] : value;
        if (zoneAt >= 0)
        {
            var zone = value[(zoneAt + 1)..];
            if (zone.Length != 4 || !int.TryParse(zone.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
                || !int.TryParse(zone.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) || hours > 14 || minutes > 59)
            {
                return false;
            }

            var span = new TimeSpan(hours, minutes, 0);
            offset = value[zoneAt] == '-' ? -span : span;
        }

        var dot = stamp.IndexOf('.', StringComparison.Ordinal);
        var whole = dot >= 0 ? stamp[..dot] : stamp;
        if (whole.Length is not (12 or 14) || !whole.All(char.IsAsciiDigit))
        {
            return false;
        }

        var format = whole.Length == 12 ? "yyyyMMddHHmm" : "yyyyMMddHHmmss";
        if (!DateTime.TryParseExact(whole, format, CultureInfo.InvariantCulture, DateTimeStyles.None, out local))
        {
            return false;
        }

        if (dot >= 0)
        {
            var fraction = stamp[(dot + 1)..];
            if (fraction.Length is < 1 or > 4 || !fraction.All(char.IsAsciiDigit))
            {
                return false;
            }

            local = local.AddTicks(long.Parse(fraction.PadRight(7, '0'), CultureInfo.InvariantCulture));
        }

        return true;
    }
}
