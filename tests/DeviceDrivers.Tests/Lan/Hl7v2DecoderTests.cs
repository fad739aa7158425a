using System.Text;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Hl7v2;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.DeviceDrivers.Tests.Lan;

// Layout: HL7 v2.6 Ch. 2 (MSH, delimiters, escapes, DTM), Ch. 7 (ORU^R01, OBX); IHE PCD Technical
// Framework Vol. 2 (PCD-01: OBX-3 MDC code, OBX-4 MDS.VMD.channel.metric, OBX-6 MDC or UCUM unit);
// MDC codes of IEEE 11073-10101 (code = partition × 65536 + term). Messages: see Hl7Messages.
public sealed class Hl7v2DecoderTests
{
    private readonly Hl7v2Decoder _decoder = new();

    private static byte[] Bytes(string message) => Encoding.Latin1.GetBytes(message);

    [Fact]
    public void Decode_NistPcd01Example_GivesOnePanelAndThePulse_InUcum()
    {
        var result = _decoder.Decode(Bytes(Hl7Messages.NistPcd01));

        Assert.True(result.IsSuccess);
        Assert.Empty(result.Skipped);
        var panel = Assert.Single(result.Measurements, m => m.Code == Loinc.BloodPressurePanel);
        Assert.Equal(
            [(Loinc.Systolic, 120m), (Loinc.Diastolic, 80m), (Loinc.MeanArterial, 93m)],
            panel.Components.Select(c => (c.Code, c.Quantity.Value!.Value)));
        Assert.All(panel.Components, c => Assert.Equal(Ucum.MillimetreOfMercury, c.Quantity.Unit));
        Assert.Equal(new DateTime(2011, 6, 2, 4, 58, 42), panel.DeviceLocalTime);
        Assert.Equal(TimeSpan.Zero, panel.DeviceUtcOffset);
        var pulse = Assert.Single(result.Measurements, m => m.Code == Loinc.HeartRate);
        Assert.Equal(Quantity.Of(63, Ucum.PerMinute), pulse.Value!.Quantity);
        // HO2009001^^^NIST^PI has no ISO assigning authority: it names no one the platform knows.
        Assert.Null(result.Subject);
    }

    [Fact]
    public void Decode_ComenMonitor_MapsMdcUnits_KeepsTheOffset_AndReportsTheUnknownCode()
    {
        var result = _decoder.Decode(Bytes(Hl7Messages.ComenMonitor));

        Assert.True(result.IsSuccess);
        Assert.Equal(
            ["59408-5 97 %", "8867-4 59 /min", "9279-1 20 /min", "8310-5 37.0 Cel"],
            result.Measurements.Where(m => m.Value is not null).Select(m => $"{m.Code} {m.Value!.Quantity.Value} {m.Value.Quantity.Unit}"));
        Assert.Single(result.Measurements, m => m.Code == Loinc.BloodPressurePanel && m.Components.Count == 3);
        Assert.All(result.Measurements, m => Assert.Equal(TimeSpan.FromHours(8), m.DeviceUtcOffset));
        // The signal-quality index and the vendor's body position are not vital signs this gateway maps;
        // the empty height and weight were not measured and say nothing.
        Assert.Equal(2, result.Skipped.Count);
        Assert.Contains("160324^MDC_SPO2_SIGNAL_QUALITY_INDEX", result.Skipped[0].Message, StringComparison.Ordinal);
        Assert.Contains("2453^COMEN_POS_BODY", result.Skipped[1].Message, StringComparison.Ordinal);
        Assert.Contains(result.Measurements, m => m.Code == Loinc.BodyTemperature && m.Notes.Any(n => n.Contains("site was not stated", StringComparison.Ordinal)));
    }

    [Fact]
    public void Decode_PidWithIns_NamesThePatientByIns_EvenAfterALocalIdentifier()
    {
        var result = _decoder.Decode(Bytes(Hl7Messages.WithIns()));

        Assert.Equal(new PatientContext("184077512345678", PatientContext.InsSystem), result.Subject);
        // No OBX-14: the request's time (OBR-7) with its offset.
        Assert.All(result.Measurements, m => Assert.Equal(new DateTime(2026, 11, 29, 10, 14, 0), m.DeviceLocalTime));
        Assert.All(result.Measurements, m => Assert.Equal(TimeSpan.FromHours(1), m.DeviceUtcOffset));
    }

    [Fact]
    public void Decode_PidWithOnlyALocalOid_KeepsIt()
    {
        var message = Hl7Messages.WithIns().Replace("~184077512345678^^^ASIP-SANTE-INS-NIR&1.2.250.1.213.1.4.8&ISO^INS", "", StringComparison.Ordinal);

        var result = _decoder.Decode(Bytes(message));

        Assert.Equal(new PatientContext("4512", "urn:oid:1.2.250.1.999.7"), result.Subject);
    }

    [Fact]
    public void Decode_TwoBedsByLocalNumber_AreTwoPatients_TheSecondsResultsLeftOut()
    {
        var message = "MSH|^~\\&|CENTRAL|ICU|||20261129101500+0100||ORU^R01|C1|P|2.6\r" +
            "PID|||BED1^^^ICU^PI\rOBX|1|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.3.1.150456|97|262688^MDC_DIM_PERCENT^MDC|||||F\r" +
            "PID|||BED2^^^ICU^PI\rOBX|1|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.3.1.150456|91|262688^MDC_DIM_PERCENT^MDC|||||F\r";

        var result = _decoder.Decode(Bytes(message));

        Assert.Equal(97m, Assert.Single(result.Measurements).Value!.Quantity.Value);
        Assert.Contains("second patient", Assert.Single(result.Skipped).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PROV", false)]
    [InlineData("DOUTE", false)]
    [InlineData("VALI", true)]
    public void Decode_TheInsIsUsedOnlyForAQualifiedIdentity(string reliability, bool usesIns)
    {
        var message = Hl7Messages.WithIns().Replace("^INS\r", $"^INS{new string('|', 29)}{reliability}\r", StringComparison.Ordinal);

        var result = _decoder.Decode(Bytes(message));

        Assert.Equal(usesIns ? PatientContext.InsSystem : "urn:oid:1.2.250.1.999.7", result.Subject!.PatientIdentifierSystem);
    }

    [Fact]
    public void Decode_ATimeWithoutOffset_IsInTheSendersZone_FromMsh7()
    {
        var message = Hl7Messages.WithIns().Replace("20261129101400+0100", "20261129101400", StringComparison.Ordinal);

        var result = _decoder.Decode(Bytes(message));

        Assert.All(result.Measurements, m => Assert.Equal(TimeSpan.FromHours(1), m.DeviceUtcOffset));
    }

    [Theory]
    [InlineData("ADT^A01^ADT_A01", "only ORU^R01")]
    [InlineData("ORU^R30^ORU_R30", "only ORU^R01")]
    public void Decode_AnotherMessageType_IsRefusedAsMalformed(string type, string expected)
    {
        var message = Hl7Messages.WithIns().Replace("ORU^R01^ORU_R01", type, StringComparison.Ordinal);

        var result = _decoder.Decode(Bytes(message));

        Assert.Equal(DecodeErrorKind.Malformed, result.Error!.Kind);
        Assert.Contains(expected, result.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc", "NM", "is not a number")]
    [InlineData("128", "ST", "is not a number")]
    public void Decode_NonNumericValue_IsLeftOutAndSaid_TheOthersAreKept(string value, string type, string expected)
    {
        var message = Hl7Messages.WithIns().Replace("OBX|3|NM|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.3.1.150456|96", $"OBX|3|{type}|150456^MDC_PULS_OXIM_SAT_O2^MDC|1.3.1.150456|{value}", StringComparison.Ordinal);

        var result = _decoder.Decode(Bytes(message));

        var skipped = Assert.Single(result.Skipped);
        Assert.Equal(DecodeErrorKind.InvalidField, skipped.Kind);
        Assert.Contains(expected, skipped.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(value, skipped.Message.Replace("150456", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Single(result.Measurements, m => m.Code == Loinc.BloodPressurePanel);
    }

    [Fact]
    public void Decode_PressureInKilopascal_IsRefusedNotConverted()
    {
        var message = Hl7Messages.WithIns().Replace("266016^MDC_DIM_MMHG^MDC", "kPa^kPa^UCUM", StringComparison.Ordinal);

        var result = _decoder.Decode(Bytes(message));

        Assert.Equal(2, result.Skipped.Count);
        Assert.All(result.Skipped, s => Assert.Contains("never converted", s.Message, StringComparison.Ordinal));
        Assert.DoesNotContain(result.Measurements, m => m.Code is Loinc.BloodPressurePanel or Loinc.Systolic);
    }

    [Fact]
    public void Decode_OnlyHalfAPanel_KeepsTheValueAlone()
    {
        var message = Hl7Messages.WithIns().Replace("OBX|2|NM|150022^MDC_PRESS_BLD_NONINV_DIA^MDC|1.1.1.150022|82|266016^MDC_DIM_MMHG^MDC|||||F\r", "", StringComparison.Ordinal);

        var result = _decoder.Decode(Bytes(message));

        Assert.Contains(result.Measurements, m => m.Code == Loinc.Systolic && m.Value!.Quantity.Value == 128m);
        Assert.DoesNotContain(result.Measurements, m => m.Code == Loinc.BloodPressurePanel);
    }

    [Fact]
    public void Decode_StatusXAndPreliminary_AreSaid()
    {
        var message = Hl7Messages.WithIns()
            .Replace("|96|262688^MDC_DIM_PERCENT^MDC|||||F", "||262688^MDC_DIM_PERCENT^MDC|||||X", StringComparison.Ordinal)
            .Replace("|128|266016^MDC_DIM_MMHG^MDC|||||F", "|128|266016^MDC_DIM_MMHG^MDC|||||P", StringComparison.Ordinal);

        var result = _decoder.Decode(Bytes(message));

        Assert.Equal(AbsentReason.Error, result.Measurements.Single(m => m.Code == Loinc.OxygenSaturationByPulseOximetry).Value!.Quantity.Absent);
        Assert.NotEqual(ReadingFlags.None, result.Measurements.Single(m => m.Code == Loinc.BloodPressurePanel).Flags & ReadingFlagGroups.Preliminary);
    }

    [Fact]
    public void Decode_TrainingMessage_IsTestData_AndNamesNoOne()
    {
        var message = Hl7Messages.WithIns().Replace("|MSG0001|P|", "|MSG0001|T|", StringComparison.Ordinal);

        var result = _decoder.Decode(Bytes(message));

        Assert.Null(result.Subject);
        Assert.All(result.Measurements, m => Assert.NotEqual(ReadingFlags.None, m.Flags & ReadingFlagGroups.NotPatientData));
    }

    [Fact]
    public void Decode_SegmentsEndedByLineFeeds_AndOtherDelimiters_StillParse()
    {
        var message = Hl7Messages.WithIns().Replace("\r", "\r\n", StringComparison.Ordinal);

        Assert.Equal(2, _decoder.Decode(Bytes(message)).Measurements.Count);
        var other = "MSH#$%!*" + Hl7Messages.NistPcd01[8..].Replace("|", "#", StringComparison.Ordinal).Replace("^", "$", StringComparison.Ordinal)
            .Replace("~", "%", StringComparison.Ordinal).Replace("&", "*", StringComparison.Ordinal).Replace("\\", "!", StringComparison.Ordinal);
        Assert.Equal(2, _decoder.Decode(Bytes(other)).Measurements.Count);
    }

    [Fact]
    public void Component_UnescapesTheStandardSequences()
    {
        var message = ParseOne("MSH|^~\\&|A\\F\\b\\S\\c\\E\\d");

        Assert.Equal("A|b^c\\d", message.Component(message.Header(3), 1));
    }

    private static Hl7Message ParseOne(string text)
    {
        Assert.True(Hl7Message.TryParse(Bytes(text), out var message, out var reason), reason);
        return message;
    }

    [Theory]
    [InlineData("")]
    [InlineData("PID|||1")]
    [InlineData("MSH")]
    [InlineData("MSH|^^\\&|")]
    [InlineData("MSHa^~\\&|")]
    public void Decode_NotAMessage_IsMalformed(string text)
    {
        Assert.Equal(DecodeErrorKind.Malformed, _decoder.Decode(Bytes(text)).Error!.Kind);
    }

    [Fact]
    public void Decode_RandomAndMutatedMessages_NeverThrow()
    {
        var random = new Random(5);
        var seeds = new[] { Hl7Messages.NistPcd01, Hl7Messages.ComenMonitor, Hl7Messages.WithIns() }.Select(Bytes).ToArray();
        var alphabet = Encoding.ASCII.GetBytes("|^~\\&\r\n0123456789.-+MSHOBXPIDRU ");
        for (var i = 0; i < 100_000; i++)
        {
            byte[] frame;
            if (i % 2 == 0)
            {
                frame = new byte[random.Next(0, 200)];
                for (var j = 0; j < frame.Length; j++)
                {
                    frame[j] = random.Next(3) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
                }

                if (i % 4 == 0 && frame.Length > 8)
                {
                    "MSH|^~\\&"u8.CopyTo(frame);
                }
            }
            else
            {
                frame = (byte[])seeds[i % seeds.Length].Clone();
                for (var m = random.Next(1, 6); m > 0; m--)
                {
                    frame[random.Next(frame.Length)] = random.Next(2) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
                }

                frame = frame[..random.Next(frame.Length + 1)];
            }

            var result = _decoder.Decode(frame);
            // Either a typed error with its reason, or readings each with a unit and a number or the reason it has none.
            Assert.True(result.Error is { Message.Length: > 0 } || result.Measurements.SelectMany(m => m.Value is { } v ? [v] : m.Components)
                .All(v => v.Quantity.Unit.Length > 0 && v.Quantity.HasValue != (v.Quantity.Absent != AbsentReason.None)));
            Assert.All(result.Measurements, m => Assert.True(m.Value is not null || m.Components.Count > 0));
        }
    }
}
