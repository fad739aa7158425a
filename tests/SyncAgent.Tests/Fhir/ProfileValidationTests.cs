using EdgeGateway.DeviceDrivers.Protocols;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.SyncAgent.Fhir;
using EdgeGateway.SyncAgent.Tests.Support;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace EdgeGateway.SyncAgent.Tests.Fhir;

/// <summary>
/// Every Observation the mapping produces, validated offline against the FHIR R4 core profiles it
/// claims (vital signs: bp, heartrate) with Firely's validator and the R4 specification package.
/// </summary>
public sealed class ProfileValidationTests
{
    // Building the validator reads the specification package: once for the class. It is not
    // thread-safe, and xunit runs the tests of one class one after another.
    private static readonly Lazy<Validator> Validator = new(() =>
    {
        var resolver = new CachedResolver(ZipSource.CreateValidationSource());
        return new Validator(resolver, new LocalTerminologyService(resolver));
    });

    private static readonly PatientContext Patient = new("1234567890123", PatientContext.InsSystem, "tc-1", "urn:oid:1.2.250.1.999.1");
    private readonly ObservationMapper _mapper = new("gw-test");

    public static TheoryData<string, string, string> Frames => new()
    {
        { "ble-blood-pressure", "mmHg, time, pulse, user, status", "1E 7900 4C00 5B00 E8070B1D091E00 4800 01 0400" },
        { "ble-blood-pressure", "kPa converted", "01 A0F0 6BF0 7DF0" },
        { "ble-blood-pressure", "mean pressure NaN", "00 7900 4C00 FF07" },
        { "ble-blood-pressure", "pulse above range, cuff loose", "14 7900 4C00 5B00 C800 0A00" },
        { "ble-blood-pressure", "systolic +INF", "00 FE07 4C00 5B00" },
        { "ble-temperature", "Celsius at the finger (Nordic vector)", "06 B00E00FE DC070C050B321B 04" },
        { "ble-temperature", "Fahrenheit, tympanum", "05 DA0300FF 09" },
        { "ble-temperature", "NaN", "00 FFFF7F00" },
        { "ble-temperature-intermediate", "intermediate (preliminary)", "00 7101 00FF" },
        { "ble-plx-spot", "every field (Spezi vector)", "0F ACF3 BEF5 E8070B1D170839 2040 220000 66E3" },
        { "ble-plx-spot", "SpO2 NaN", "00 FF07 4800" },
        { "ble-plx-continuous", "fast and slow (Spezi vector)", "1F DEF3 CAF3 CAF3 5AF5 D4F3 B2F2 2001 000000 7AE3" },
        { "ble-weight", "kg with BMI and height", "0E 1C3E E407040D10260A 01 0401 D606" },
        { "ble-weight", "lb and in", "09 5C44 0401 B202" },
        { "ble-weight", "unsuccessful", "00 FFFF" },
        { "ble-glucose", "real meter capture", "03 0600 E407040D10260A 0000 78B0 F1" },
        { "ble-glucose", "mmol/L with context and HbA1c", "17 0700 EA070B1D080F00 0000 37C0 11 42 0700 01 41F0" },
        { "ble-heart-rate", "16-bit, energy, RR (Nordic vector)", "1F 0101 3201 0100 0201 FFFF" },
        { "ble-heart-rate", "contact lost", "04 FF" },
        { "nonin-df8", "resting adult", "80 48 61 20" },
        { "contec-cms50-legacy", "live packet", "88 40 05 48 61" },
        { "contec-cms50-legacy", "finger out", "98 40 05 48 61" },
        { "nonin-df8", "missing values, out of track", "A3 7F 7F 00" },
        { "masimo-ascii", "Rad-8 capture (SpO2, pulse, PI)", "30322F32322F31362032323A34373A343520534E3D303030303035363636312053504F323D303938252042504D3D3039372050493D30332E363025205350434F3D2D2D2E2D252053504D45543D2D2D2E2D252044455341543D2D2D20504944454C54413D2B2D2D20414C41524D3D30303030204558433D3030303830300D0A" },
        { "i2c-mlx90614", "forehead skin by infrared (36.51 Cel)", "B4 07 B5 7B 3C 87 B4 06 B5 0A 3A 34" },
        { "i2c-mlx90614", "datasheet read example, not skin (questionable)", "B4 07 B5 D2 3A 30 B4 06 B5 0A 3A 34" },
        { "i2c-mlx90614", "sensor error flag", "B4 07 B5 7B BC 0E B4 06 B5 0A 3A 34" },
        { "nonin-df13", "spot check stamped by the device", "00 02 00 0D 00 0E 20 24 11 29 08 31 05 42 02 00 00 48 00 61 A9 03" },
        { "nonin-df13", "no measurement, from memory", "00 02 00 0D 00 0E 20 24 11 29 08 31 05 42 01 10 01 FF 00 7F 8E 03" },
        { "contec-cms50", "headrotor capture", "01 E0 85 B3 96 C1 E1 FF FF" },
        { "contec-cms50", "probe error (finger out)", "01 E1 85 B3 96 C1 E1 FF FF" },
        { "contec-cms50", "stored sample at its own time (start of the CMS50F 3.7 capture, pastebin f1rN8SbB)", "8F 00 00 14 0E 08 12 02 26 12 00 00 0E 11 5D 4D" },
        { "contec-cms50", "stored sample with no pulse", "8F 00 00 14 0E 08 12 02 26 12 00 00 00 05 5D FF" },
        { "beurer-bm58", "record from memory (sys/dia − 25 on the wire)", "AC 64 37 48 0B 1D 08 0F 1A" },
        { "beurer-bm58", "pulse 0 (no value)", "AC 64 37 00 0B 1D 08 0F 1A" },
        { "omron-hid", "libomron capture (M7080IT), user A", "47 4D 45 00 00 00 00 00 4F 4B 00 07 01 01 00 06 26 00 00 7B 4E 57 00 00 45" },
        { "omron-hid", "TruRead first of three, user B", "47 4D 45 00 01 00 00 01 4F 4B 00 1A 0B 1D 08 00 05 00 00 80 54 42 00 10 87" },
        { "nonin-df2", "pufferfish packet", "0181010083 01800148CA 01800161E3 01800130B2 0180010082 0180010082 0180010082 0180010082 01800161E3 01800161E3 01800161E3 0180010082 0180010082 0180010082 01800148CA 01800161E3 01800161E3 0180010082 0180010082 0180010082 01800148CA 0180010082 01800148CA 0180010082 0180010082" },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void Map_WithPatient_ValidatesAgainstTheVitalSignsProfileItClaims(string protocol, string what, string hex)
    {
        foreach (var observation in MapFrame(protocol, hex, Patient))
        {
            // Laboratory results (glucose, HbA1c) have no vital-signs profile; every vital sign claims one.
            var laboratory = observation.Category[0].Coding[0].Code == "laboratory";
            Assert.Equal(laboratory, observation.Meta?.Profile.Any() != true);
            AssertValid(what, observation);
        }
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Map_WithoutPatient_IsAValidBaseObservation(string protocol, string what, string hex)
    {
        foreach (var observation in MapFrame(protocol, hex, null))
        {
            Assert.Empty(observation.Meta?.Profile ?? []);
            AssertValid(what, observation);
        }
    }

    [Fact]
    public void Validator_CatchesAnObservationThatBreaksTheProfile()
    {
        // The check has teeth: a BP panel in mmHg (not mm[Hg]) and without its diastolic is refused.
        var observation = MapFrame("ble-blood-pressure", "00 7900 4C00 5B00", Patient)[0];
        observation.Component.RemoveAt(1);
        ((Hl7.Fhir.Model.Quantity)observation.Component[0].Value!).Code = "mmHg";

        var outcome = Validator.Value.Validate(observation);

        Assert.False(outcome.Success, outcome.ToString());
    }

    public static TheoryData<string, string, string> Messages => new()
    {
        { "hl7v2", "NIST PCD-01 example (UCUM units)", EdgeGateway.Tests.Shared.Hl7Messages.NistPcd01 },
        { "hl7v2", "Comen monitor (MDC units, +0800)", EdgeGateway.Tests.Shared.Hl7Messages.ComenMonitor },
        { "hl7v2", "INS in PID-3", EdgeGateway.Tests.Shared.Hl7Messages.WithIns() },
        { "astm", "point-of-care glucose", "H|\\^&\rP|1\rO|1|S1||^^^GLU\rR|1|^^^GLU|112|mg/dL|70-110|H||F||||20261129094000\rL|1|N\r" },
        { "astm", "glucose above the analyser's range", "H|\\^&\rR|1|^^^GLU|>600|mg/dL||HH||F\rL|1|N\r" },
        { "ascii-line", "A&D scale weight", "ST,+00072.45  kg\r\n" },
        { "ascii-line", "monitor SYS/DIA/PUL line", "SYS 128 DIA 82 PUL 71\r\n" },
    };

    /// <summary>What the configurable protocols of <see cref="Messages"/> are configured with.</summary>
    private static readonly ProtocolSettings Configured = new(
        [new("GLU", "41653-7", "Glucose [Mass/volume] in Capillary blood by Glucometer", "mg/dL", "mg/dL")],
        [
            new(@"^ST,\+?(?<value>\d+(\.\d+)?)\s*kg", Loinc.BodyWeight, "Body weight", Ucum.Kilogram),
            new(@"SYS\s+(?<value>\d+)", Loinc.Systolic, "Systolic blood pressure", Ucum.MillimetreOfMercury),
            new(@"DIA\s+(?<value>\d+)", Loinc.Diastolic, "Diastolic blood pressure", Ucum.MillimetreOfMercury),
            new(@"PUL\s+(?<value>\d+)", Loinc.HeartRate, "Heart rate", Ucum.PerMinute),
        ]);

    [Theory]
    [MemberData(nameof(Messages))]
    public void Map_Messages_WithAndWithoutPatient_Validate(string protocol, string what, string text)
    {
        foreach (var patient in new[] { Patient, null })
        {
            var readings = EdgeGateway.Tests.Shared.Frames.Readings(System.Text.Encoding.Latin1.GetBytes(text),
                new DateTimeOffset(2026, 11, 29, 8, 31, 0, TimeSpan.Zero), new FrameSource("dev-1", protocol, SampleReadings.Paris, true, patient), Configured);
            Assert.NotEmpty(readings);
            foreach (var observation in readings.Select(_mapper.Map))
            {
                var laboratory = observation.Category[0].Coding[0].Code == "laboratory";
                Assert.Equal(laboratory || readings[0].Patient is null, observation.Meta?.Profile.Any() != true);
                AssertValid(what, observation);
            }
        }
    }

    [Fact]
    public void Validator_CatchesATemperatureInAUnitTheProfileRefuses()
    {
        var observation = MapFrame("ble-temperature", "00 7101 00FF", Patient)[0];
        ((Hl7.Fhir.Model.Quantity)observation.Value!).Code = "degC";

        Assert.False(Validator.Value.Validate(observation).Success);
    }

    private List<Observation> MapFrame(string protocol, string hex, PatientContext? patient)
    {
        var readings = EdgeGateway.Tests.Shared.Frames.Readings(hex,
            new DateTimeOffset(2024, 11, 29, 8, 31, 0, TimeSpan.Zero), new FrameSource("dev-1", protocol, SampleReadings.Paris, true, patient));
        Assert.NotEmpty(readings);
        return [.. readings.Select(_mapper.Map)];
    }

    private static void AssertValid(string what, Observation observation)
    {
        var outcome = Validator.Value.Validate(observation);
        var errors = outcome.Issue.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal).ToList();
        Assert.True(errors.Count == 0, $"{what} ({observation.Code.Coding[0].Code}): " + string.Join(" | ", errors.Select(e => $"{e.Details?.Text ?? e.Diagnostics} @ {string.Join(",", e.Expression)}")));
    }
}
