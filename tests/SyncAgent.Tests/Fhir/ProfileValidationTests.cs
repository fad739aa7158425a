using EdgeGateway.DeviceDrivers.Ble.BloodPressure;
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

    public static TheoryData<string, string> Frames => new()
    {
        { "mmHg, time, pulse, user, status", "1E 7900 4C00 5B00 E8070B1D091E00 4800 01 0400" },
        { "kPa converted", "01 A0F0 6BF0 7DF0" },
        { "mean pressure NaN", "00 7900 4C00 FF07" },
        { "pulse above range, cuff loose", "14 7900 4C00 5B00 C800 0A00" },
        { "systolic +INF", "00 FE07 4C00 5B00" },
    };

    [Theory]
    [MemberData(nameof(Frames))]
    public void Map_WithPatient_ValidatesAgainstTheVitalSignsProfileItClaims(string what, string hex)
    {
        foreach (var observation in MapFrame(hex, Patient))
        {
            Assert.NotEmpty(observation.Meta!.Profile);
            AssertValid(what, observation);
        }
    }

    [Theory]
    [MemberData(nameof(Frames))]
    public void Map_WithoutPatient_IsAValidBaseObservation(string what, string hex)
    {
        foreach (var observation in MapFrame(hex, null))
        {
            Assert.Empty(observation.Meta?.Profile ?? []);
            AssertValid(what, observation);
        }
    }

    [Fact]
    public void Validator_CatchesAnObservationThatBreaksTheProfile()
    {
        // The check has teeth: a BP panel in mmHg (not mm[Hg]) and without its diastolic is refused.
        var observation = MapFrame("00 7900 4C00 5B00", Patient)[0];
        observation.Component.RemoveAt(1);
        ((Hl7.Fhir.Model.Quantity)observation.Component[0].Value!).Code = "mmHg";

        var outcome = Validator.Value.Validate(observation);

        Assert.False(outcome.Success, outcome.ToString());
    }

    private List<Observation> MapFrame(string hex, PatientContext? patient)
    {
        var frame = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        var readings = ReadingFactory.Create(new BloodPressureDecoder().Decode(frame), frame,
            new DateTimeOffset(2024, 11, 29, 8, 31, 0, TimeSpan.Zero), new FrameSource("bp-1", "ble-blood-pressure", SampleReadings.Paris, true, patient));
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
