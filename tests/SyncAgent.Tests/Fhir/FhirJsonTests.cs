using System.Text.Json;
using EdgeGateway.DeviceDrivers.Ble.BloodPressure;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.SyncAgent.Fhir;
using EdgeGateway.SyncAgent.Tests.Support;
using EdgeGateway.SyncAgent.Uplink.Fhir;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace EdgeGateway.SyncAgent.Tests.Fhir;

/// <summary>
/// The gateway's FHIR JSON uses a model reduced to the resources it exchanges (for memory): it must
/// write exactly what Firely's full R4 model writes, and read back whatever the full model reads.
/// </summary>
public sealed class FhirJsonTests
{
    private static readonly JsonSerializerOptions Full = new JsonSerializerOptions().ForFhir(ModelInfo.ModelInspector);
    private static readonly PatientContext Patient = new("2850775123456", PatientContext.InsSystem, "tlc-7", "urn:oid:1.2.250.1.71.4.2.1");

    public static TheoryData<string> Shapes => ["plain", "patient", "test", "flags", "absent"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Observation_IsWrittenAsTheFullModelWritesIt_AndReadBack(string shape)
    {
        foreach (var observation in Observations(shape))
        {
            var slim = FhirJson.Serialize(observation);

            Assert.Equal(JsonSerializer.Serialize(observation, Full), slim);
            Assert.Equal(slim, FhirJson.Serialize(FhirJson.Deserialize<Observation>(slim)));
        }
    }

    [Fact]
    public void TransactionBundle_IsWrittenAsTheFullModelWritesIt()
    {
        var readings = UplinkFactory.Readings(12).Select(s => s with { Reading = s.Reading with { Patient = Patient } }).ToList();
        var bundle = new TransactionBundleBuilder(new ObservationMapper("gw-test")).Build(readings).Bundle;

        Assert.Equal(JsonSerializer.Serialize(bundle, Full), FhirJson.Serialize(bundle));
        using var compressed = new MemoryStream();
        FhirJson.Serialize(compressed, bundle);
        Assert.Equal(FhirJson.SerializeToUtf8Bytes(bundle), compressed.ToArray());
    }

    [Fact]
    public void AnswerNamingAResourceTheSlimModelDoesNotKnow_IsStillRead()
    {
        var json = """{"resourceType":"Bundle","type":"transaction-response","entry":[{"resource":{"resourceType":"Provenance","target":[{"reference":"Observation/1"}],"recorded":"2026-11-29T10:00:00Z","agent":[{"who":{"display":"platform"}}]},"response":{"status":"201 Created"}}]}""";

        var bundle = FhirJson.Deserialize<Bundle>(json);

        Assert.IsType<Provenance>(bundle.Entry[0].Resource);
        Assert.Equal("201 Created", bundle.Entry[0].Response!.Status);
    }

    [Fact]
    public void NotFhir_IsAnErrorStill()
    {
        Assert.ThrowsAny<DeserializationFailedException>(() => FhirJson.Deserialize<Bundle>("""{"resourceType":"Nonsense","x":1}"""));
        Assert.ThrowsAny<JsonException>(() => FhirJson.Deserialize<Bundle>("<html><body>502 Bad Gateway</body></html>"));
    }

    private static IEnumerable<Observation> Observations(string shape)
    {
        var mapper = new ObservationMapper("gw-test");
        return shape switch
        {
            "plain" => SampleReadings.BloodPressure().Select(mapper.Map),
            "patient" => SampleReadings.BloodPressure(patient: Patient).Select(mapper.Map),
            "test" => SampleReadings.BloodPressure(isTest: true).Select(mapper.Map),
            "flags" => SampleReadings.BloodPressure(patient: Patient, status: BloodPressureStatus.BodyMovement | BloodPressureStatus.CuffTooLoose
                | BloodPressureStatus.IrregularPulse | BloodPressureStatus.ImproperPosition).Select(mapper.Map),
            _ => AbsentValue().Select(mapper.Map),
        };
    }

    private static IReadOnlyList<Reading> AbsentValue()
    {
        // Systolic present, diastolic NaN (0x07FF), mean absent: the panel carries a dataAbsentReason.
        var frame = Convert.FromHexString("0079004C00FF07");
        return ReadingFactory.Create(new BloodPressureDecoder().Decode(frame), frame, DateTimeOffset.UnixEpoch,
            new FrameSource("bp-1", BloodPressureDecoder.ProtocolName, SampleReadings.Paris, Patient: Patient));
    }
}
