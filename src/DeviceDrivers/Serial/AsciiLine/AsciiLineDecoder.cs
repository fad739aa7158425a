using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Serial.AsciiLine;

/// <summary>
/// A device that prints lines (a scale, an older monitor) and whose vendor manual is all there is:
/// each configured field's expression is tried on each line; every match whose <c>value</c> group is
/// a number becomes a measurement in the field's LOINC code and UCUM unit. A systolic and a diastolic
/// value on the same line make one blood-pressure panel. The expressions run without backtracking,
/// so no line can make them take long.
/// </summary>
public sealed class AsciiLineDecoder : IFrameDecoder
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "ascii-line";

    private readonly (LineField Field, Regex Expression)[] _fields;
    private readonly Regex? _ignore;

    /// <summary>
    /// A decoder for <paramref name="fields"/>; lines matching <paramref name="ignoreLines"/> carry no
    /// reading and are passed over. Throws <see cref="ArgumentException"/> naming an expression that is
    /// invalid or a field without a <c>value</c> group.
    /// </summary>
    public AsciiLineDecoder(IEnumerable<LineField> fields, string? ignoreLines = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        _fields = [.. fields.Select((field, i) => (field, Compile(field.Pattern, i)))];
        _ignore = string.IsNullOrEmpty(ignoreLines) ? null : CompileIgnore(ignoreLines);
    }

    /// <summary>Compiles the expression of lines to pass over; throws <see cref="ArgumentException"/> with the reason.</summary>
    public static Regex CompileIgnore(string pattern)
    {
        try
        {
            return new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new ArgumentException($"IgnoreLines is not a usable regular expression ({ex.Message})", ex);
        }
    }

    /// <inheritdoc />
    public string Protocol => ProtocolName;

    /// <summary>Compiles a field's expression as the decoder runs it; throws <see cref="ArgumentException"/> with the reason.</summary>
    public static Regex Compile(string pattern, int index)
    {
        Regex expression;
        try
        {
            expression = new Regex(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Fields:{index}:Pattern is not a usable regular expression ({ex.Message})"), ex);
        }

        if (!expression.GetGroupNames().Contains("value", StringComparer.Ordinal))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Fields:{index}:Pattern has no group named 'value' (write (?<value>…) around the number)"));
        }

        return expression;
    }

    /// <inheritdoc />
    public DecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        if (frame.Length == 0)
        {
            return DecodeResult.Failure(DecodeErrorKind.TooShort, "the line is empty", 0);
        }

        var line = Encoding.Latin1.GetString(frame).TrimEnd('\r', '\n');
        if (line.Any(c => char.IsControl(c) && c != '\t'))
        {
            return DecodeResult.Failure(DecodeErrorKind.Malformed, "the line holds control characters (noise, or a wrong baud rate)", 0);
        }

        try
        {
            if (_ignore?.IsMatch(line) == true || line.Trim().Length == 0)
            {
                // A line the technician said carries no reading (or a blank one): nothing to store, no error.
                return DecodeResult.Success();
            }
        }
        catch (RegexMatchTimeoutException)
        {
            return DecodeResult.Failure(DecodeErrorKind.Malformed, "IgnoreLines took too long on this line", 0);
        }

        var values = new List<ObservedValue>();
        var skipped = new List<DecodeError>();
        for (var i = 0; i < _fields.Length; i++)
        {
            var (field, expression) = _fields[i];
            Match match;
            try
            {
                match = expression.Match(line);
            }
            catch (RegexMatchTimeoutException)
            {
                skipped.Add(new DecodeError(DecodeErrorKind.Malformed, string.Create(CultureInfo.InvariantCulture, $"field {i} ({field.Loinc}): the expression took too long on this line"), 0));
                continue;
            }

            if (!match.Success)
            {
                continue;
            }

            var group = match.Groups["value"];
            if (!group.Success || Number(group.Value) is not { } value)
            {
                skipped.Add(new DecodeError(DecodeErrorKind.InvalidField, string.Create(CultureInfo.InvariantCulture, $"field {i} ({field.Loinc}): the captured value is not a number"), group.Index));
                continue;
            }

            values.Add(new ObservedValue(field.Loinc, field.Display, Quantity.Of(value, field.Unit)));
        }

        if (values.Count == 0 && skipped.Count == 0)
        {
            return DecodeResult.Failure(DecodeErrorKind.Malformed, "the line matches none of the configured fields", 0);
        }

        return DecodeResult.Partial(Measurements(values), skipped);
    }

    private static List<Measurement> Measurements(List<ObservedValue> values)
    {
        var measurements = new List<Measurement>();
        var systolic = values.FirstOrDefault(v => v.Code == Loinc.Systolic);
        var diastolic = values.FirstOrDefault(v => v.Code == Loinc.Diastolic);
        if (systolic is not null && diastolic is not null)
        {
            var parts = values.Where(v => v.Code is Loinc.Systolic or Loinc.Diastolic or Loinc.MeanArterial).DistinctBy(v => v.Code).ToList();
            measurements.Add(new Measurement { Code = Loinc.BloodPressurePanel, Display = "Blood pressure panel with all children optional", Components = parts });
            values = [.. values.Except(parts)];
        }

        measurements.AddRange(values.Select(v => new Measurement
        {
            Code = v.Code,
            Display = v.Display,
            Value = v,
            Category = v.Code is Loinc.Systolic or Loinc.Diastolic or Loinc.MeanArterial or Loinc.HeartRate or Loinc.BodyTemperature
                or Loinc.BodyWeight or Loinc.BodyHeight or Loinc.BodyMassIndex or Loinc.OxygenSaturationByPulseOximetry or Loinc.RespiratoryRate
                ? MeasurementCategory.VitalSigns : MeasurementCategory.Laboratory,
        }));
        return measurements;
    }

    /// <summary>
    /// A number as devices print it: <c>36.8</c>, <c>36,8</c> (a decimal comma), <c>+0.5</c>. A comma
    /// followed by exactly three digits (<c>3,250</c>) could be a thousands separator: not read.
    /// </summary>
    private static decimal? Number(string text)
    {
        var trimmed = text.Trim();
        var comma = trimmed.IndexOf(',', StringComparison.Ordinal);
        if (comma >= 0)
        {
            if (trimmed.Count(c => c == ',') != 1 || trimmed.Contains('.', StringComparison.Ordinal) || trimmed.Length - comma - 1 == 3)
            {
                return null;
            }

            trimmed = trimmed.Replace(',', '.');
        }

        return decimal.TryParse(trimmed, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
