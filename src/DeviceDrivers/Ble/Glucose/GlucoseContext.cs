using System.Globalization;
using EdgeGateway.DeviceDrivers.Ble.Common;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Ble.Glucose;

/// <summary>Reads a Glucose Measurement Context (0x2A34) into notes a clinician reads, and the HbA1c when sent.</summary>
internal static class GlucoseContext
{
    private static readonly string[] Carbohydrates = ["", "breakfast", "lunch", "dinner", "snack", "drink", "supper", "brunch"];
    private static readonly string[] Meals = ["", "before a meal", "after a meal", "fasting", "casual (no particular meal)", "bedtime"];
    private static readonly string[] Testers = ["", "the patient", "a health care professional", "a laboratory"];
    private static readonly string[] Health = ["", "minor health issues", "major health issues", "during menses", "under stress", "no health issues"];
    private static readonly string[] Medications = ["", "rapid-acting insulin", "short-acting insulin", "intermediate-acting insulin", "long-acting insulin", "pre-mixed insulin"];

    /// <summary>Reads <paramref name="context"/>; null on success, else the error (offset within the context).</summary>
    public static DecodeError? Read(ReadOnlySpan<byte> context, ushort sequence, List<string> notes, out Quantity? hbA1c)
    {
        hbA1c = null;
        var reader = new FieldReader(context);
        if (!reader.Require(3, "a glucose measurement context (flags and sequence number)"))
        {
            return reader.Error! with { Kind = DecodeErrorKind.MissingField };
        }

        reader.UInt8("context flags", out var rawFlags);
        var flags = (GlucoseContextFlags)rawFlags;
        reader.UInt16("context sequence number", out var contextSequence);
        if (contextSequence != sequence)
        {
            reader.Invalid($"the context's sequence number {contextSequence} is not the measurement's ({sequence})", 1);
            return reader.Error;
        }

        if ((flags & GlucoseContextFlags.ExtendedFlagsPresent) != 0 && !reader.UInt8("extended flags", out _))
        {
            return reader.Error;
        }

        if ((flags & GlucoseContextFlags.CarbohydratePresent) != 0)
        {
            if (!reader.UInt8("carbohydrate id", out var id) || !reader.UInt16("carbohydrate", out var raw)) return reader.Error;
            notes.Add($"Carbohydrate intake ({Name(Carbohydrates, id)}): {QuantityText.Of(SFloat.Decode(raw, "g", 3))}");
        }

        if ((flags & GlucoseContextFlags.MealPresent) != 0)
        {
            if (!reader.UInt8("meal", out var meal)) return reader.Error;
            notes.Add($"Meal: {Name(Meals, meal)}");
        }

        if ((flags & GlucoseContextFlags.TesterHealthPresent) != 0)
        {
            if (!reader.UInt8("tester and health", out var testerHealth)) return reader.Error;
            if ((testerHealth & 0x0F) != 0x0F) notes.Add($"Tested by {Name(Testers, testerHealth & 0x0F)}");
            if ((testerHealth >> 4) != 0x0F) notes.Add($"Health: {Name(Health, testerHealth >> 4)}");
        }

        if ((flags & GlucoseContextFlags.ExercisePresent) != 0)
        {
            if (!reader.UInt16("exercise duration", out var seconds) || !reader.UInt8("exercise intensity", out var intensity)) return reader.Error;
            var duration = seconds == ushort.MaxValue ? "over 65,534 s" : string.Create(CultureInfo.InvariantCulture, $"{seconds} s");
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Exercise: {duration} at {intensity} % intensity"));
        }

        if ((flags & GlucoseContextFlags.MedicationPresent) != 0)
        {
            if (!reader.UInt8("medication id", out var id) || !reader.UInt16("medication", out var raw)) return reader.Error;
            // kg → mg (+6) and L → mL (+3) on the exponent: the doses meters record.
            var dose = (flags & GlucoseContextFlags.MedicationInLitres) != 0 ? SFloat.Decode(raw, "mL", 3) : SFloat.Decode(raw, "mg", 6);
            notes.Add($"Medication: {Name(Medications, id)}, {QuantityText.Of(dose)}");
        }

        if ((flags & GlucoseContextFlags.HbA1cPresent) != 0)
        {
            if (!reader.UInt16("HbA1c", out var raw)) return reader.Error;
            hbA1c = SFloat.Decode(raw, Ucum.Percent);
        }

        return reader.Trailing(rawFlags);
    }

    private static string Name(string[] names, int value) =>
        value > 0 && value < names.Length ? names[value] : string.Create(CultureInfo.InvariantCulture, $"unknown value {value}");
}
