using System.Globalization;
using System.Text;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Astm;

/// <summary>
/// Decodes one ASTM E1394 (CLSI LIS02-A2) message — H, P, O, R, C, L records — from a point-of-care
/// analyser: each final or preliminary result (R) whose test is in the analyser's table becomes a
/// laboratory measurement with its LOINC code and UCUM unit; a result for a quality-control specimen
/// is test data. A test not in the table, a value that is not a number, a unit other than the
/// table's are left out and reported. Results from an analyser are never guessed.
/// </summary>
public sealed class AstmDecoder : IFrameDecoder
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "astm";

    private readonly Dictionary<string, AstmTest> _tests;

    /// <summary>A decoder with the analyser's test table.</summary>
    public AstmDecoder(IEnumerable<AstmTest> tests)
    {
        ArgumentNullException.ThrowIfNull(tests);
        _tests = new Dictionary<string, AstmTest>(StringComparer.OrdinalIgnoreCase);
        foreach (var test in tests)
        {
            _tests[test.Code.Trim()] = test;
        }
    }

    /// <inheritdoc />
    public string Protocol => ProtocolName;

    /// <inheritdoc />
    public DecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        var text = Encoding.Latin1.GetString(frame);
        var records = text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries);
        if (records.Length == 0 || records[0].Length < 5 || records[0][0] != 'H')
        {
            return DecodeResult.Failure(DecodeErrorKind.Malformed, "an E1394 message starts with its header record (H)", 0);
        }

        var header = records[0];
        var delimiters = new Delimiters(header[1], header[2], header[3], header[4]);
        if (!delimiters.Valid)
        {
            return DecodeResult.Failure(DecodeErrorKind.Malformed, "the header record does not declare four different delimiters", 1);
        }

        var measurements = new List<Measurement>();
        var skipped = new List<DecodeError>();
        var qualityControl = false;
        DateTime? collected = null;
        var patient = 0;
        var patientOf = new List<int>();
        // H-12 processing id: Q quality control, T training, D debugging — none is a patient's.
        var headerFlags = Processing(records[0].Split(delimiters.Field));
        for (var r = 0; r < records.Length; r++)
        {
            var fields = records[r].Split(delimiters.Field);
            switch (fields[0])
            {
                case "H":
                    // A second message in the same transmission.
                    delimiters = records[r].Length >= 5 ? new Delimiters(records[r][1], records[r][2], records[r][3], records[r][4]) : delimiters;
                    headerFlags = Processing(records[r].Split(delimiters.Field));
                    break;
                case "P":
                    qualityControl = false;
                    collected = null;
                    patient++;
                    break;
                case "O":
                    // O-12 action code Q: the specimen is a quality-control one, no one's.
                    qualityControl = Field(fields, 12) == "Q";
                    // O-8: when the specimen was collected (O-7 is when it was ordered, not measured).
                    collected = Time(Field(fields, 8));
                    break;
                case "R":
                    if (Result(fields, delimiters, r, qualityControl, collected, skipped) is { } measurement)
                    {
                        measurements.Add(measurement with { Flags = measurement.Flags | headerFlags });
                        patientOf.Add(patient);
                    }

                    break;
                case "C" or "M" or "L" or "Q" or "S":
                    break;
                default:
                    skipped.Add(Skip(DecodeErrorKind.Malformed, r, $"record type '{Truncate(fields[0])}' is not an E1394 record"));
                    break;
            }
        }

        var patientResults = measurements.Select((m, i) => (m, i)).Where(x => (x.m.Flags & ReadingFlagGroups.NotPatientData) == 0).ToList();
        if (patientResults.Select(x => patientOf[x.i]).Distinct().Count() > 1)
        {
            // Several patients in one message (a meter's memory, a batch): the analyser does not say which
            // one is in the room, so none of them is filed to the consultation.
            foreach (var (m, i) in patientResults)
            {
                measurements[i] = m with { Flags = m.Flags | ReadingFlags.PatientNotIdentified };
            }
        }

        if (!records.Any(r => r.StartsWith('L')))
        {
            skipped.Add(new DecodeError(DecodeErrorKind.MissingField,
                "the message ended without its terminator record (L): the analyser stopped mid-transfer; the whole results before are kept", records.Length));
        }
        else if (measurements.Count == 0 && skipped.Count == 0)
        {
            skipped.Add(new DecodeError(DecodeErrorKind.MissingField, "the message carries no result record (R)", 0));
        }

        return DecodeResult.Partial(measurements, skipped);
    }

    private static ReadingFlags Processing(string[] header) => Field(header, 12).Split('^')[0].Trim() switch
    {
        "Q" => ReadingFlags.ControlSolution,
        "T" or "D" => ReadingFlags.TestingData,
        _ => ReadingFlags.None,
    };

    private readonly record struct Delimiters(char Field, char Repeat, char Component, char Escape)
    {
        public bool Valid => new HashSet<char> { Field, Repeat, Component, Escape }.Count == 4
            && !char.IsLetterOrDigit(Field) && !char.IsLetterOrDigit(Repeat) && !char.IsLetterOrDigit(Component) && !char.IsLetterOrDigit(Escape);
    }

    private Measurement? Result(string[] fields, Delimiters delimiters, int index, bool qualityControl, DateTime? collected, List<DecodeError> skipped)
    {
        // R-3 universal test id: ^^^local code (E1394 §10.1.3); the table may name either part.
        var components = Field(fields, 3).Split(delimiters.Component);
        var code = components.Length >= 4 && components[3].Length > 0 ? components[3] : components.FirstOrDefault(c => c.Length > 0) ?? "";
        if (!_tests.TryGetValue(code.Trim(), out var test))
        {
            skipped.Add(Skip(DecodeErrorKind.InvalidField, index, $"test '{Truncate(code)}' (R-3) is not in this analyser's Tests table"));
            return null;
        }

        var status = Field(fields, 9);
        if (status is "I" or "S" or "M" or "Q")
        {
            // In progress, partial, a pending MIC, a response to a query: not a result yet.
            skipped.Add(Skip(DecodeErrorKind.InvalidField, index, $"result status '{status}' (R-9) of {test.Code} is not a result"));
            return null;
        }

        var unit = Field(fields, 5).Trim();
        if (!string.Equals(unit, test.DeviceUnit.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            skipped.Add(Skip(DecodeErrorKind.InvalidField, index,
                $"unit '{Truncate(unit)}' (R-5) of {test.Code} is not the table's '{test.DeviceUnit}': the analyser's setting changed? Never converted"));
            return null;
        }

        var notes = new List<string>();
        var flags = qualityControl ? ReadingFlags.ControlSolution : ReadingFlags.None;
        var raw = Field(fields, 4).Trim();
        Quantity quantity;
        if (status == "X")
        {
            // "Test could not be performed."
            quantity = Quantity.Missing(AbsentReason.Error, test.Unit);
            notes.Add("The analyser could not perform this test (R-9 X)");
        }
        else if (raw.Length > 1 && raw[0] is '<' or '>' && Number(raw.AsSpan(1).TrimStart('=')) is { } bound)
        {
            // Outside the analyser's range: no number is sent, the bound is said.
            quantity = Quantity.Missing(raw[0] == '<' ? AbsentReason.NegativeInfinity : AbsentReason.PositiveInfinity, test.Unit);
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"The analyser reported {(raw[0] == '<' ? "below" : "above")} its range: {raw[0]} {bound} {test.Unit}"));
        }
        else if (Number(raw) is { } value)
        {
            quantity = Quantity.Of(value, test.Unit);
        }
        else
        {
            skipped.Add(Skip(DecodeErrorKind.InvalidField, index, $"the value (R-4) of {test.Code} is not a number"));
            return null;
        }

        if (status == "P")
        {
            flags |= ReadingFlags.MeasurementOngoing;
        }
        else if (status == "C")
        {
            notes.Add("Corrects a result the analyser sent before (R-9 C)");
        }
        else if (status == "W")
        {
            flags |= ReadingFlags.QuestionableMeasurement;
            notes.Add("The analyser says this result's validity is questionable (R-9 W)");
        }
        else if (status == "R")
        {
            notes.Add("The analyser sent this result before (R-9 R)");
        }

        var abnormal = Field(fields, 7).Trim();
        if (abnormal.Length > 0 && abnormal != "N")
        {
            notes.Add($"The analyser flagged this result as abnormal ({Truncate(abnormal)}, E1394 R-7)");
        }

        var range = Field(fields, 6).Trim();
        if (range.Length > 0)
        {
            notes.Add($"Reference range of the analyser: {Truncate(range)}");
        }

        // R-13 when the test was completed, else R-12 when it started, else when the specimen was collected.
        var completed = Field(fields, 13);
        var started = Field(fields, 12);
        var time = Time(completed) ?? Time(started);
        if ((completed.Length > 0 && Time(completed) is null) || (started.Length > 0 && Time(started) is null))
        {
            skipped.Add(Skip(DecodeErrorKind.InvalidField, index, $"the time (R-12/R-13) of {test.Code} is not YYYYMMDDHHMM[SS]"));
            return null;
        }

        return new Measurement
        {
            Code = test.Loinc,
            Display = test.Display,
            Category = MeasurementCategory.Laboratory,
            Value = new ObservedValue(test.Loinc, test.Display, quantity),
            DeviceLocalTime = time ?? collected,
            Flags = flags,
            Notes = notes,
        };
    }

    private static decimal? Number(ReadOnlySpan<char> text) =>
        decimal.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static DateTime? Time(string value)
    {
        var digits = value.Trim();
        return digits.Length is 12 or 14 && DateTime.TryParseExact(digits, digits.Length == 12 ? "yyyyMMddHHmm" : "yyyyMMddHHmmss",
            CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;
    }

    /// <summary>Field n as E1394 numbers them (the record type is field 1).</summary>
    private static string Field(string[] fields, int n) => n >= 1 && n <= fields.Length ? fields[n - 1] : "";

    private static string Truncate(string value) => value.Length <= 32 ? value : value[..32] + "…";

    private static DecodeError Skip(DecodeErrorKind kind, int recordIndex, string message) =>
        new(kind, string.Create(CultureInfo.InvariantCulture, $"record {recordIndex + 1}: {message}"), recordIndex);
}
