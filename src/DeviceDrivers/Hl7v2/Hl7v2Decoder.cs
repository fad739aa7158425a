using System.Globalization;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Hl7v2;

/// <summary>
/// Decodes an HL7 v2 ORU^R01 message from a patient monitor (IHE PCD-01): each numeric OBX whose
/// MDC code is a known vital sign becomes a measurement in its UCUM unit (blood-pressure parts of one
/// channel become one panel); PID-3 names the patient. Hierarchy OBX (MDS, VMD, channel) are context;
/// an OBX with an unknown code, a value that is not a number or a unit that does not fit is left out
/// and reported, never guessed. Whole-message problems (not ORU^R01, no MSH) are <see cref="DecodeErrorKind.Malformed"/>.
/// </summary>
public sealed class Hl7v2Decoder : IFrameDecoder
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "hl7v2";

    /// <summary>The OID of the French national health identifier (INS-NIR) as an HL7 assigning authority.</summary>
    public const string InsOid = "1.2.250.1.213.1.4.8";

    /// <inheritdoc />
    public string Protocol => ProtocolName;

    /// <inheritdoc />
    public DecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        if (!Hl7Message.TryParse(frame, out var message, out var reason))
        {
            return DecodeResult.Failure(DecodeErrorKind.Malformed, reason, 0);
        }

        var type = message.Header(9);
        if (message.Component(type, 1) != "ORU" || message.Component(type, 2) != "R01")
        {
            return DecodeResult.Failure(DecodeErrorKind.Malformed,
                $"MSH-9 is '{message.Component(type, 1)}^{message.Component(type, 2)}': only ORU^R01 (observation results) is taken", 0);
        }

        if (message.Header(10).Length == 0)
        {
            return DecodeResult.Failure(DecodeErrorKind.MissingField, "MSH-10 (message control id) is empty", 0);
        }

        // Training and debugging messages are no one's measurements.
        var processing = message.Component(message.Header(11), 1);
        var testFlags = processing is "T" or "D" ? ReadingFlags.TestingData : ReadingFlags.None;

        var skipped = new List<DecodeError>();
        var parts = new List<Part>();
        PatientContext? subject = null;
        string? firstPatient = null;
        var otherPatient = false;
        DateTime? requestTime = null;
        TimeSpan? requestOffset = null;
        // A time without its own offset is in the sender's zone, which MSH-7 states when it has one.
        TimeSpan? senderOffset = Hl7Message.TryParseTime(message.Header(7), out _, out var headerOffset) ? headerOffset : null;
        for (var s = 1; s < message.Segments.Count; s++)
        {
            var segment = message.Segments[s];
            switch (segment[0])
            {
                case "PID":
                    // Patients compared by every identifier PID-3 carries, with or without an authority
                    // (two beds' local numbers are two patients even if neither names anyone).
                    var key = PatientKey(message, segment);
                    if (firstPatient is null)
                    {
                        firstPatient = key;
                        subject = Patient(message, segment);
                    }
                    else
                    {
                        otherPatient = !string.Equals(key, firstPatient, StringComparison.Ordinal);
                    }

                    break;
                case "OBR":
                    requestTime = null;
                    requestOffset = null;
                    if (Hl7Message.TryParseTime(Hl7Message.Field(segment, 7), out var observed, out var offset))
                    {
                        requestTime = observed;
                        requestOffset = offset ?? senderOffset;
                    }

                    break;
                case "OBX":
                    if (otherPatient)
                    {
                        skipped.Add(Skip(DecodeErrorKind.InvalidField, s, "the message names a second patient: one patient per message"));
                        break;
                    }

                    if (Observation(message, segment, s, requestTime, requestOffset, senderOffset, skipped) is { } part)
                    {
                        parts.Add(part);
                    }

                    break;
            }
        }

        var measurements = Assemble(parts, testFlags);
        if (measurements.Count == 0 && skipped.Count == 0)
        {
            skipped.Add(new DecodeError(DecodeErrorKind.MissingField, "the message carries no numeric observation (OBX)", 0));
        }

        return DecodeResult.Partial(measurements, skipped, testFlags == ReadingFlags.None ? subject : null);
    }

    /// <summary>One usable OBX: its metric, value and context.</summary>
    private sealed record Part(MdcMetric Metric, Quantity Quantity, string Channel, DateTime? Time, TimeSpan? Offset, ReadingFlags Flags, IReadOnlyList<string> Notes);

    private static string PatientKey(Hl7Message message, string[] pid) =>
        string.Join('~', message.Repetitions(Hl7Message.Field(pid, 3))
            .Select(r => message.Component(r, 1).Trim() + "|" + message.RawComponent(r, 4).Trim())
            .Where(k => k.Length > 1)
            .Order(StringComparer.Ordinal));

    private static string Truncate(string value) => value.Length <= 48 ? value : value[..48] + "…";

    /// <summary>
    /// The INS if PID-3 carries one, else the first identifier with an ISO assigning authority. A
    /// monitor's bed or local number without one names no one the platform knows: the readings are
    /// then filed to the open consultation, as any device's.
    /// </summary>
    private static PatientContext? Patient(Hl7Message message, string[] pid)
    {
        PatientContext? other = null;
        // The INS may be used only for a qualified identity (Référentiel INS; IHE PAM France: PID-32 VALI).
        var reliability = Hl7Message.Field(pid, 32);
        var qualified = reliability.Length == 0 || message.Repetitions(reliability).Any(r => message.Component(r, 1) == "VALI");
        foreach (var repetition in message.Repetitions(Hl7Message.Field(pid, 3)))
        {
            var id = message.Component(repetition, 1).Trim();
            if (id.Length == 0)
            {
                continue;
            }

            var authority = message.RawComponent(repetition, 4);
            var oid = message.Subcomponent(authority, 2);
            var oidType = message.Subcomponent(authority, 3);
            if (oid.Length == 0 || !string.Equals(oidType, "ISO", StringComparison.OrdinalIgnoreCase) || !IsOid(oid))
            {
                continue;
            }

            if (oid == InsOid)
            {
                if (qualified)
                {
                    return new PatientContext(id, PatientContext.InsSystem);
                }

                continue;
            }

            other ??= new PatientContext(id, "urn:oid:" + oid);
        }

        return other;
    }

    private static bool IsOid(string value) =>
        value.Length <= 64 && value.Split('.').All(arc => arc.Length > 0 && arc.All(char.IsAsciiDigit));

    private static Part? Observation(Hl7Message message, string[] obx, int index, DateTime? requestTime, TimeSpan? requestOffset, TimeSpan? senderOffset,
        List<DecodeError> skipped)
    {
        var valueType = Hl7Message.Field(obx, 2);
        var rawValue = message.Unescape(Hl7Message.Field(obx, 5)).Trim();
        var identifier = Hl7Message.Field(obx, 3);
        var status = Hl7Message.Field(obx, 11);
        if (rawValue.Length == 0 && (valueType.Length == 0 || status != "X"))
        {
            // An MDS, VMD or channel OBX (the device hierarchy), or a metric the monitor did not measure this time.
            return null;
        }

        var code = message.Component(identifier, 1);
        var name = message.Component(identifier, 2);
        var system = message.Component(identifier, 3);
        var label = Truncate(name.Length > 0 ? $"{code}^{name}" : code);
        MdcMetric? metric = null;
        if (int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && (system.Length == 0 || system == "MDC"))
        {
            MdcCodes.Metrics.TryGetValue(number, out metric);
        }
        else if (MdcCodes.ReferenceIds.TryGetValue(name, out var byName))
        {
            metric = MdcCodes.Metrics[byName];
        }

        if (metric is null)
        {
            skipped.Add(Skip(DecodeErrorKind.InvalidField, index, $"OBX-3 {label} is not a vital sign this gateway maps (MDC codes in the README)"));
            return null;
        }

        if (status is "D" or "W")
        {
            skipped.Add(Skip(DecodeErrorKind.InvalidField, index, $"OBX-11 status '{Truncate(status)}' ({label}): a deleted or wrong result is not a reading"));
            return null;
        }

        var unitField = Hl7Message.Field(obx, 6);
        var unit = Unit(message, unitField);
        if (unit is null || !metric.Units.Contains(unit, StringComparer.Ordinal))
        {
            var stated = Truncate(message.Component(unitField, 2) is { Length: > 0 } text ? text : message.Component(unitField, 1));
            skipped.Add(Skip(DecodeErrorKind.InvalidField, index, unit is null
                ? $"OBX-6 unit '{stated}' of {label} is not a known MDC or UCUM unit"
                : $"OBX-6 unit '{stated}' is not accepted for {metric.Display} (expected {string.Join(" or ", metric.Units)}); values are never converted"));
            return null;
        }

        Quantity quantity;
        if (status == "X")
        {
            // "Results cannot be obtained for this observation."
            quantity = Quantity.Missing(AbsentReason.Error, unit);
        }
        else if (valueType != "NM" || !decimal.TryParse(rawValue, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            skipped.Add(Skip(DecodeErrorKind.InvalidField, index, $"OBX-5 of {label} is not a number (OBX-2 '{Truncate(valueType)}')"));
            return null;
        }
        else
        {
            quantity = Quantity.Of(value, unit);
        }

        DateTime? time = requestTime;
        var offset = requestOffset;
        var stamp = Hl7Message.Field(obx, 14);
        if (stamp.Length > 0)
        {
            if (!Hl7Message.TryParseTime(stamp, out var observed, out var observedOffset))
            {
                skipped.Add(Skip(DecodeErrorKind.InvalidField, index, $"OBX-14 of {label} is not an HL7 date/time to the minute"));
                return null;
            }

            time = observed;
            offset = observedOffset ?? senderOffset;
        }

        var notes = new List<string>();
        var flags = ReadingFlags.None;
        if (status == "P")
        {
            flags |= ReadingFlags.MeasurementOngoing;
        }

        var abnormal = message.Component(Hl7Message.Field(obx, 8), 1);
        if (abnormal.Length > 0 && abnormal != "N")
        {
            notes.Add($"The monitor flagged this value as abnormal ({abnormal}, HL7 table 0078)");
        }

        if (number == 149546 || name == "MDC_PULS_RATE_NON_INV")
        {
            notes.Add("Pulse rate measured by the blood-pressure cuff");
        }
        else if (number == 150344 || name == "MDC_TEMP")
        {
            notes.Add("Temperature from the monitor's probe; the site was not stated (MDC_TEMP)");
        }

        // OBX-4: MDS.VMD.channel.metric — the blood-pressure parts of one channel make one panel.
        var path = Hl7Message.Field(obx, 4);
        var channel = path.LastIndexOf('.') is var dot and > 0 ? path[..dot] : "";
        return new Part(metric, quantity, channel, time, offset, flags, notes);
    }

    private static string? Unit(Hl7Message message, string field)
    {
        var code = message.Component(field, 1);
        var system = message.Component(field, 3);
        if (int.TryParse(code, NumberStyles.None, CultureInfo.InvariantCulture, out var mdc) && (system.Length == 0 || system == "MDC"))
        {
            return MdcCodes.Units.TryGetValue(mdc, out var ucum) ? ucum : null;
        }

        return system is "" or "UCUM" && MdcCodes.UcumSpellings.TryGetValue(code, out var spelled) ? spelled : null;
    }

    private static List<Measurement> Assemble(List<Part> parts, ReadingFlags testFlags)
    {
        var measurements = new List<Measurement>();
        foreach (var group in parts.Where(p => p.Metric.BloodPressure).GroupBy(p => (p.Channel, p.Time, p.Offset)))
        {
            var systolic = group.FirstOrDefault(p => p.Metric.Loinc == Loinc.Systolic);
            var diastolic = group.FirstOrDefault(p => p.Metric.Loinc == Loinc.Diastolic);
            if (systolic is null || diastolic is null)
            {
                // Half a panel is not a blood pressure: each value stands alone.
                measurements.AddRange(group.Select(p => Single(p, testFlags)));
                continue;
            }

            var first = group.First();
            measurements.Add(new Measurement
            {
                Code = Loinc.BloodPressurePanel,
                Display = "Blood pressure panel with all children optional",
                Components = [.. group.DistinctBy(p => p.Metric.Loinc).Select(p => new ObservedValue(p.Metric.Loinc, p.Metric.Display, p.Quantity))],
                DeviceLocalTime = first.Time,
                DeviceUtcOffset = first.Offset,
                Flags = group.Aggregate(testFlags, (f, p) => f | p.Flags),
                Notes = [.. group.SelectMany(p => p.Notes).Distinct(StringComparer.Ordinal)],
            });
            measurements.AddRange(group.Except(group.DistinctBy(p => p.Metric.Loinc)).Select(p => Single(p, testFlags)));
        }

        measurements.AddRange(parts.Where(p => !p.Metric.BloodPressure).Select(p => Single(p, testFlags)));
        return measurements;
    }

    private static Measurement Single(Part part, ReadingFlags testFlags) => new()
    {
        Code = part.Metric.Loinc,
        Display = part.Metric.Display,
        Value = new ObservedValue(part.Metric.Loinc, part.Metric.Display, part.Quantity),
        DeviceLocalTime = part.Time,
        DeviceUtcOffset = part.Offset,
        Flags = part.Flags | testFlags,
        Notes = part.Notes,
    };

    private static DecodeError Skip(DecodeErrorKind kind, int segmentIndex, string message) =>
        new(kind, string.Create(CultureInfo.InvariantCulture, $"segment {segmentIndex + 1}: {message}"), segmentIndex);
}
