using System.Text;
using EdgeGateway.DeviceDrivers.Astm;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Tests.Lan;

// Layout: ASTM E1381-02 / CLSI LIS01-A2 (ENQ/ACK/NAK, frames STX FN text ETB|ETX C1 C2 CR LF, FN
// 1…7,0, checksum = sum FN…ETB/ETX mod 256 in two uppercase hex digits, 30 s receiver timer) and
// ASTM E1394-97 / CLSI LIS02-A2 (records H, P, O, R, L; R-3 universal test id ^^^local code, R-4
// value, R-5 units, R-6 range, R-7 abnormal flags, R-9 status, R-12/R-13 times; O-12 action code Q
// for quality control). The analyser message follows a Mindray BS-240 result as published in public
// LIS test code on GitHub (patient names removed).
public sealed class AstmTests
{
    private static readonly AstmTest[] Table =
    [
        new("GLU", "2345-7", "Glucose [Mass/volume] in Serum or Plasma", "mg/dL", "mg/dL"),
        new("HBA1C", "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "%", "%"),
        new("INR", "34714-6", "INR in Blood by Coagulation assay", "{INR}", ""),
    ];

    public static readonly string[] MindrayRecords =
    [
        "H|\\^&|BS240|MINDRAY|Mindray BS-240|||||LabSystem|Clinical Chemistry|P|1.2.1|20250626140530|",
        "P|1|12345||67890",
        "O|1|GLU01||^^^GLU^Glucose||20250626080000|||||F||||1||||||||||O",
        "R|1|^^^GLU^Glucose|125.5|mg/dL|70_99|H||F||tech001|20250626081500||V1.0|MINDRAY BS-240",
        "L|1|N",
    ];

    private readonly AstmDecoder _decoder = new(Table);

    private static byte[] Message(params string[] records) => Encoding.Latin1.GetBytes(string.Join('\r', records) + "\r");

    [Fact]
    public void Checksum_OfATerminatorFrame_IsTheSumModulo256()
    {
        // '1' 31 + 'L' 4C + '|' 7C + '1' 31 + '|' 7C + 'N' 4E + CR 0D + ETX 03 = 0x204 → "04".
        Assert.Equal("\u00021L|1|N\r\u000304\r\n", Encoding.Latin1.GetString(AstmFrames.Frame(1, "L|1|N\r"u8, last: true)));
        Assert.True(AstmSession.TryReadFrame(Encoding.Latin1.GetBytes("\u00021L|1|N\r\u000304\r\n"), out var number, out var text, out var last));
        Assert.Equal((1, "L|1|N\r", true), (number, text, last));
        Assert.False(AstmSession.TryReadFrame(Encoding.Latin1.GetBytes("\u00021L|1|N\r\u000305\r\n"), out _, out _, out _));
    }

    [Fact]
    public void Decode_AnalyserResult_GivesALaboratoryMeasurement_WithItsTimeRangeAndFlag()
    {
        var result = _decoder.Decode(Message(MindrayRecords));

        Assert.Empty(result.Skipped);
        var glucose = Assert.Single(result.Measurements);
        Assert.Equal(("2345-7", MeasurementCategory.Laboratory), (glucose.Code, glucose.Category));
        Assert.Equal(Quantity.Of(125.5m, "mg/dL"), glucose.Value!.Quantity);
        Assert.Equal(new DateTime(2025, 6, 26, 8, 15, 0), glucose.DeviceLocalTime);
        Assert.Contains("The analyser flagged this result as abnormal (H, E1394 R-7)", glucose.Notes);
        Assert.Contains("Reference range of the analyser: 70_99", glucose.Notes);
    }

    [Fact]
    public void Decode_AUnitOtherThanTheTables_IsRefused_NeverConverted()
    {
        var records = (string[])MindrayRecords.Clone();
        records[3] = records[3].Replace("|mg/dL|", "|mmol/L|", StringComparison.Ordinal);

        var result = _decoder.Decode(Message(records));

        Assert.Empty(result.Measurements);
        Assert.Contains("is not the table's 'mg/dL'", Assert.Single(result.Skipped).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_TestNotInTheTable_IsSaid()
    {
        var result = _decoder.Decode(Message("H|\\^&", "R|1|^^^CRP|12|mg/L||||F", "L|1|N"));

        Assert.Equal(DecodeErrorKind.InvalidField, Assert.Single(result.Skipped).Kind);
        Assert.Contains("'CRP'", result.Skipped[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_QualityControl_IsTestData_AndOutOfRangeValuesAreBounds()
    {
        var result = _decoder.Decode(Message("H|\\^&", "P|1", "O|1|QC1||^^^GLU|||||||Q", "R|1|^^^GLU|>600|mg/dL||HH||F", "P|2", "O|1|S2||^^^GLU",
            "R|1|^^^GLU|<20|mg/dL||LL||F", "R|2|^^^INR|2.4|||||F", "R|3|^^^HBA1C|6.1|%||||X", "L|1|N"));

        Assert.Equal(4, result.Measurements.Count);
        Assert.Equal(ReadingFlags.ControlSolution, result.Measurements[0].Flags);
        Assert.Equal(AbsentReason.PositiveInfinity, result.Measurements[0].Value!.Quantity.Absent);
        Assert.Equal(ReadingFlags.None, result.Measurements[1].Flags);
        Assert.Equal(AbsentReason.NegativeInfinity, result.Measurements[1].Value!.Quantity.Absent);
        Assert.Contains("The analyser reported below its range: < 20 mg/dL", result.Measurements[1].Notes);
        Assert.Equal(Quantity.Of(2.4m, "{INR}"), result.Measurements[2].Value!.Quantity);
        Assert.Equal(AbsentReason.Error, result.Measurements[3].Value!.Quantity.Absent);
    }

    [Fact]
    public void Decode_SeveralPatientsInOneMessage_AreFiledToNoOne_ButKeptAsRealResults()
    {
        var result = _decoder.Decode(Message("H|\\^&", "P|1||A1", "R|1|^^^GLU|98|mg/dL||||F", "P|2||A2", "R|1|^^^GLU|143|mg/dL||||F", "L|1|N"));

        Assert.Equal(2, result.Measurements.Count);
        Assert.All(result.Measurements, m => Assert.Equal(ReadingFlags.PatientNotIdentified, m.Flags));
        var readings = ReadingFactory.Create(result, [], DateTimeOffset.UtcNow,
            new FrameSource("poc-1", "astm", TimeZoneInfo.Utc, Patient: new PatientContext("184077512345678", PatientContext.InsSystem)));
        Assert.All(readings, r => Assert.Null(r.Patient));
        Assert.All(readings, r => Assert.False(r.IsTest));
    }

    [Theory]
    [InlineData("Q", ReadingFlags.ControlSolution)]
    [InlineData("T", ReadingFlags.TestingData)]
    [InlineData("D", ReadingFlags.TestingData)]
    [InlineData("P", ReadingFlags.None)]
    public void Decode_TheHeadersProcessingId_MarksQualityControlAndTraining(string processing, ReadingFlags expected)
    {
        var result = _decoder.Decode(Message($"H|\\^&||||||||||{processing}|LIS2-A2", "R|1|^^^GLU|98|mg/dL||||F", "L|1|N"));

        Assert.Equal(expected, Assert.Single(result.Measurements).Flags);
    }

    [Fact]
    public void Decode_AResultOfQuestionableValidity_IsFlagged()
    {
        var result = _decoder.Decode(Message("H|\\^&", "R|1|^^^GLU|98|mg/dL||||W", "L|1|N"));

        Assert.Equal(ReadingFlags.QuestionableMeasurement, Assert.Single(result.Measurements).Flags);
    }

    [Theory]
    [InlineData("R|1|^^^GLU|abc|mg/dL||||F", "is not a number")]
    [InlineData("R|1|^^^GLU|98|mg/dL||||I", "is not a result")]
    [InlineData("R|1|^^^GLU|98|mg/dL||||F||||2025063", "is not YYYYMMDDHHMM[SS]")]
    public void Decode_BadResults_AreLeftOutAndSaid(string record, string expected)
    {
        var result = _decoder.Decode(Message("H|\\^&", record, "L|1|N"));

        Assert.Contains(expected, Assert.Single(result.Skipped).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_AMessageCutBeforeItsTerminator_KeepsTheWholeResults_AndSaysSo()
    {
        var result = _decoder.Decode(Message(MindrayRecords[..4]));

        Assert.Single(result.Measurements);
        Assert.Equal(DecodeErrorKind.MissingField, Assert.Single(result.Skipped).Kind);
        Assert.Contains("without its terminator record", result.Skipped[0].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("R|1|^^^GLU|98")]
    [InlineData("H|||")]
    public void Decode_NotAMessage_IsMalformed(string text)
    {
        Assert.Equal(DecodeErrorKind.Malformed, _decoder.Decode(Encoding.Latin1.GetBytes(text)).Error!.Kind);
    }

    [Fact]
    public void DecodeAndFrameCheck_RandomAndMutatedInput_NeverThrow()
    {
        var random = new Random(17);
        var seed = Message(MindrayRecords);
        var frames = AstmFrames.Frames(MindrayRecords);
        for (var i = 0; i < 100_000; i++)
        {
            var message = (byte[])seed.Clone();
            for (var m = random.Next(1, 5); m > 0; m--)
            {
                message[random.Next(message.Length)] = (byte)(random.Next(2) == 0 ? random.Next(256) : "|^\\&\r0123456789<>."[random.Next(17)]);
            }

            var result = _decoder.Decode(message.AsSpan(0, random.Next(message.Length + 1)));
            // Either a typed error with its reason, or readings each with a unit and a number or the reason it has none.
            Assert.True(result.Error is { Message.Length: > 0 } || result.Measurements.SelectMany(m => m.Value is { } v ? [v] : m.Components)
                .All(v => v.Quantity.Unit.Length > 0 && v.Quantity.HasValue != (v.Quantity.Absent != AbsentReason.None)));

            var frame = (byte[])frames[i % frames.Count].Clone();
            frame[random.Next(frame.Length)] = (byte)random.Next(256);
            if (AstmSession.TryReadFrame(frame.AsSpan(0, random.Next(frame.Length + 1)), out var number, out _, out _))
            {
                Assert.InRange(number, 0, 7);
            }
        }
    }

    [Fact]
    public void Frames_ALongRecord_GoesOnInIntermediateFrames_AndNumbersWrapAt7()
    {
        var records = Enumerable.Range(1, 9).Select(i => $"R|{i}|^^^GLU|98|mg/dL").Prepend("H|\\^&|" + new string('x', 300)).ToArray();

        var frames = AstmFrames.Frames(records);

        Assert.Equal(AstmFrames.Etb, frames[0][^5]);
        Assert.Equal(AstmFrames.Etx, frames[1][^5]);
        Assert.Equal("12345670123", string.Concat(frames.Select(f => (char)f[1])));
    }
}
