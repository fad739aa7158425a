using System.Text;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Serial.AsciiLine;
using EdgeGateway.DeviceDrivers.Transports;

namespace EdgeGateway.DeviceDrivers.Tests.Serial;

// Line layouts: A&D Weighing "standard format" (header ST stable / US unstable / OL overload, a comma,
// the signed, zero-padded value, the unit; e.g. "ST,+00072.45  kg"), as in A&D's FX-i/GX-A and UC-series
// manuals; a French-configured thermometer printing a decimal comma; a monitor printing SYS/DIA/PUL.
public sealed class AsciiLineTests
{
    private static readonly LineField Weight = new(@"^ST,\+?(?<value>\d+(\.\d+)?)\s*kg", Loinc.BodyWeight, "Body weight", Ucum.Kilogram);

    private static DecodeResult Decode(string line, string? ignore = null, params LineField[] fields) =>
        new AsciiLineDecoder(fields.Length > 0 ? fields : [Weight], ignore).Decode(Encoding.Latin1.GetBytes(line));

    [Fact]
    public void Decode_AAndDStableWeight_GivesTheWeightInItsUnit()
    {
        var result = Decode("ST,+00072.45  kg\r\n");

        var weight = Assert.Single(result.Measurements);
        Assert.Equal((Loinc.BodyWeight, Quantity.Of(72.45m, Ucum.Kilogram), MeasurementCategory.VitalSigns), (weight.Code, weight.Value!.Quantity, weight.Category));
    }

    [Fact]
    public void Decode_UnstableLines_AreIgnoredWhenTheTechnicianSaysSo_OtherwiseTheyAreErrors()
    {
        Assert.Empty(Decode("US,+00071.90  kg\r\n", ignore: "^(US|OL),").Measurements);
        Assert.True(Decode("US,+00071.90  kg\r\n", ignore: "^(US|OL),").IsSuccess);
        Assert.Equal(DecodeErrorKind.Malformed, Decode("US,+00071.90  kg\r\n").Error!.Kind);
        Assert.True(Decode("\r\n").IsSuccess);
    }

    [Fact]
    public void Decode_DecimalComma_IsRead()
    {
        var temperature = new LineField(@"T\s*=\s*(?<value>[0-9]+,[0-9])\s*C", Loinc.BodyTemperature, "Body temperature", Ucum.Celsius);

        Assert.Equal(36.8m, Assert.Single(Decode("T = 36,8 C\n", null, temperature).Measurements).Value!.Quantity.Value);
    }

    [Theory]
    [InlineData("W 3,250 g")]   // 3250 g or 3.25 g? Never guessed.
    [InlineData("W 1,234.5 g")]
    public void Decode_ACommaThatMayBeAThousandsSeparator_IsNotRead(string line)
    {
        var grams = new LineField(@"W (?<value>[0-9.,]+) g", Loinc.BodyWeight, "Body weight", "g");

        var result = Decode(line + "\n", null, grams);

        Assert.Empty(result.Measurements);
        Assert.Contains("not a number", Assert.Single(result.Skipped).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_SystolicAndDiastolicOnOneLine_MakeOnePanel_AndThePulseStandsAlone()
    {
        LineField[] fields =
        [
            new(@"SYS\s+(?<value>\d+)", Loinc.Systolic, "Systolic blood pressure", Ucum.MillimetreOfMercury),
            new(@"DIA\s+(?<value>\d+)", Loinc.Diastolic, "Diastolic blood pressure", Ucum.MillimetreOfMercury),
            new(@"PUL\s+(?<value>\d+)", Loinc.HeartRate, "Heart rate", Ucum.PerMinute),
        ];

        var result = Decode("SYS 128 DIA 82 PUL 71\r\n", null, fields);

        Assert.Equal([Loinc.BloodPressurePanel, Loinc.HeartRate], result.Measurements.Select(m => m.Code));
        Assert.Equal([128m, 82m], result.Measurements[0].Components.Select(c => c.Quantity.Value!.Value));
    }

    [Fact]
    public void Decode_ACapturedValueThatIsNotANumber_IsLeftOutAndSaid()
    {
        var loose = new LineField(@"W:(?<value>\S+)kg", Loinc.BodyWeight, "Body weight", Ucum.Kilogram);

        var result = Decode("W:7x.1kg\n", null, loose);

        Assert.Empty(result.Measurements);
        Assert.Contains("not a number", Assert.Single(result.Skipped).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("W:(?<value>\\d+", "not a usable regular expression")]
    [InlineData("W:(\\d+)", "no group named 'value'")]
    [InlineData("(?<value>\\d)\\1", "not a usable regular expression")]   // a backreference needs backtracking: refused
    public void Compile_ABadExpression_IsRefusedWithItsReason(string pattern, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => AsciiLineDecoder.Compile(pattern, 2));

        Assert.StartsWith("Fields:2:Pattern", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ControlCharacters_AreNoise()
    {
        Assert.Equal(DecodeErrorKind.Malformed, Decode("ST,\u0001+00072.45 kg\n").Error!.Kind);
    }

    [Fact]
    public void FramerAndDecoder_RandomAndMutatedLines_NeverThrow()
    {
        var random = new Random(29);
        var decoder = new AsciiLineDecoder([Weight, new(@"(?<value>[-+]?\d*[.,]?\d*)\s*%", Loinc.OxygenSaturationByPulseOximetry, "Oxygen saturation", Ucum.Percent)], "^US");
        var framer = new LineFramer(64);
        var seed = Encoding.Latin1.GetBytes("ST,+00072.45  kg 97 %\r\n");
        for (var i = 0; i < 100_000; i++)
        {
            var line = (byte[])seed.Clone();
            for (var m = random.Next(1, 6); m > 0; m--)
            {
                line[random.Next(line.Length)] = (byte)(random.Next(2) == 0 ? random.Next(256) : "0123456789.,+-% kgST\n"[random.Next(21)]);
            }

            var result = decoder.Decode(line);
            // Either a typed error with its reason, or readings each with a number in the field's unit.
            Assert.True(result.Error is { Message.Length: > 0 } || result.Measurements.All(m => m.Value!.Quantity.HasValue && m.Value.Quantity.Unit.Length > 0));
            var match = framer.Find(line);
            Assert.InRange(match.Skip + match.Length, 0, line.Length);
        }
    }
}
