using System.Text.Json.Nodes;
using EdgeGateway.DeviceDrivers.Ble.BloodPressure;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.SyncAgent.Fhir;
using EdgeGateway.SyncAgent.Tests.Support;
using Hl7.Fhir.Model;

namespace EdgeGateway.SyncAgent.Tests.Fhir;

public class ObservationMapperTests
{
    private readonly ObservationMapper _mapper = new("gw-1");

    private JsonNode MapToJson(Reading reading) => JsonNode.Parse(FhirJson.Serialize(_mapper.Map(reading)))!;

    private static readonly PatientContext Patient = new("1234567890123", PatientContext.InsSystem, "tc-2024-11-29-01", "urn:oid:1.2.250.1.999.1");

    [Fact]
    public void Map_BloodPressure_IsTheVitalSignsPanelInMmHgWithTheDeviceTime()
    {
        var reading = SampleReadings.BloodPressure(patient: Patient)[0];

        var json = MapToJson(reading);

        Assert.Equal("Observation", (string?)json["resourceType"]);
        Assert.Equal("http://hl7.org/fhir/StructureDefinition/bp", (string?)json["meta"]!["profile"]![0]);
        Assert.Equal("final", (string?)json["status"]);
        Assert.Equal("vital-signs", (string?)json["category"]![0]!["coding"]![0]!["code"]);
        Assert.Equal("http://loinc.org", (string?)json["code"]!["coding"]![0]!["system"]);
        Assert.Equal("85354-9", (string?)json["code"]!["coding"]![0]!["code"]);
        Assert.Equal("2024-11-29T09:30:00+01:00", (string?)json["effectiveDateTime"]);
        Assert.Null(json["valueQuantity"]);

        var components = json["component"]!.AsArray();
        Assert.Equal(["8480-6", "8462-4", "8478-0"], components.Select(c => (string?)c!["code"]!["coding"]![0]!["code"]));
        Assert.Equal([121m, 76m, 91m], components.Select(c => (decimal)c!["valueQuantity"]!["value"]!));
        Assert.All(components, c =>
        {
            Assert.Equal("mm[Hg]", (string?)c!["valueQuantity"]!["code"]);
            Assert.Equal("http://unitsofmeasure.org", (string?)c["valueQuantity"]!["system"]);
        });
    }

    [Fact]
    public void Map_Pulse_IsAHeartRateObservationPerMinute()
    {
        var reading = SampleReadings.BloodPressure(pulse: 64, patient: Patient)[1];

        var json = MapToJson(reading);

        Assert.Equal("http://hl7.org/fhir/StructureDefinition/heartrate", (string?)json["meta"]!["profile"]![0]);
        Assert.Equal("8867-4", (string?)json["code"]!["coding"]![0]!["code"]);
        Assert.Equal(64m, (decimal)json["valueQuantity"]!["value"]!);
        Assert.Equal("/min", (string?)json["valueQuantity"]!["code"]);
        Assert.Null(json["component"]);
    }

    [Fact]
    public void Map_Identifier_IsTheGatewaySystemAndTheReadingId()
    {
        var reading = SampleReadings.BloodPressure()[0];

        var identifier = MapToJson(reading)["identifier"]![0]!;

        Assert.Equal("urn:edgegateway:gw-1", (string?)identifier["system"]);
        Assert.Equal(reading.ReadingId, (string?)identifier["value"]);
    }

    [Fact]
    public void Map_Device_IsReferencedByItsConfiguredId()
    {
        var json = MapToJson(SampleReadings.BloodPressure(deviceId: "bp-salle-2")[0]);

        Assert.Equal("bp-salle-2", (string?)json["device"]!["identifier"]!["value"]);
        Assert.Equal("urn:edgegateway:gw-1:device", (string?)json["device"]!["identifier"]!["system"]);
    }

    [Fact]
    public void Map_TestData_CarriesTheHtestSecurityLabel()
    {
        var json = MapToJson(SampleReadings.BloodPressure(isTest: true)[0]);

        var label = json["meta"]!["security"]![0]!;
        Assert.Equal("http://terminology.hl7.org/CodeSystem/v3-ActReason", (string?)label["system"]);
        Assert.Equal("HTEST", (string?)label["code"]);
    }

    [Fact]
    public void Map_RealData_HasNoSecurityLabel()
    {
        Assert.Null(MapToJson(SampleReadings.BloodPressure(isTest: false)[0])["meta"]?["security"]);
    }

    [Fact]
    public void Map_PatientContext_IsAReferenceByInsIdentifierOnly()
    {
        var json = MapToJson(SampleReadings.BloodPressure(patient: Patient)[0]);

        Assert.Equal("urn:oid:1.2.250.1.213.1.4.8", (string?)json["subject"]!["identifier"]!["system"]);
        Assert.Equal("1234567890123", (string?)json["subject"]!["identifier"]!["value"]);
        Assert.Null(json["subject"]!["reference"]);
        Assert.Equal("tc-2024-11-29-01", (string?)json["encounter"]!["identifier"]!["value"]);
        Assert.Equal("urn:oid:1.2.250.1.999.1", (string?)json["encounter"]!["identifier"]!["system"]);
    }

    [Fact]
    public void Map_NoPatientYet_ClaimsNoProfileItCannotMeet()
    {
        // The vital-signs profiles require a subject; before the nurse picks the patient there is none.
        var json = MapToJson(SampleReadings.BloodPressure()[0]);

        Assert.Null(json["subject"]);
        Assert.Null(json["meta"]?["profile"]);
        Assert.Equal("vital-signs", (string?)json["category"]![0]!["coding"]![0]!["code"]);
    }

    [Fact]
    public void Map_ComponentWithoutValue_HasDataAbsentReasonAndNoNumber()
    {
        var frame = Convert.FromHexString("00" + "7900" + "4C00" + "FF07");
        var result = new BloodPressureDecoder().Decode(frame);
        var reading = ReadingFactory.Create(result, frame, DateTimeOffset.UnixEpoch, new FrameSource("bp-1", "ble-blood-pressure", SampleReadings.Paris))[0];

        var mean = MapToJson(reading)["component"]![2]!;

        Assert.Null(mean["valueQuantity"]);
        Assert.Equal("not-a-number", (string?)mean["dataAbsentReason"]!["coding"]![0]!["code"]);
        Assert.Equal("http://terminology.hl7.org/CodeSystem/data-absent-reason", (string?)mean["dataAbsentReason"]!["coding"]![0]!["system"]);
    }

    [Fact]
    public void Map_StatusFlags_BecomeNotesAClinicianCanRead()
    {
        var json = MapToJson(SampleReadings.BloodPressure(status: BloodPressureStatus.CuffTooLoose | BloodPressureStatus.IrregularPulse)[0]);

        Assert.Equal(["Cuff too loose", "Irregular pulse detected"], json["note"]!.AsArray().Select(n => (string?)n!["text"]));
    }

    [Fact]
    public void Serialize_ThenParse_GivesTheSameObservation()
    {
        var observation = _mapper.Map(SampleReadings.BloodPressure()[0]);

        var parsed = FhirJson.Deserialize<Observation>(FhirJson.Serialize(observation));

        Assert.True(observation.IsExactly(parsed));
    }

    [Fact]
    public void Map_Temperature_CarriesTheBodySiteAsSnomed()
    {
        var json = MapToJson(Decoded("ble-temperature", "06 B00E00FE DC070C050B321B 04")[0]);

        Assert.Equal("http://hl7.org/fhir/StructureDefinition/bodytemp", (string?)json["meta"]!["profile"]![0]);
        Assert.Equal("http://snomed.info/sct", (string?)json["bodySite"]!["coding"]![0]!["system"]);
        Assert.Equal("7569003", (string?)json["bodySite"]!["coding"]![0]!["code"]);
        Assert.Equal(37.60m, (decimal)json["valueQuantity"]!["value"]!);
        Assert.Equal("Cel", (string?)json["valueQuantity"]!["code"]);
    }

    [Fact]
    public void Map_OxygenSaturation_IsCodedBoth2708And59408()
    {
        var json = MapToJson(Decoded("ble-plx-spot", "00 6100 4800")[0]);

        Assert.Equal(["2708-6", "59408-5"], json["code"]!["coding"]!.AsArray().Select(c => (string?)c!["code"]));
        Assert.Equal("http://hl7.org/fhir/StructureDefinition/oxygensat", (string?)json["meta"]!["profile"]![0]);
    }

    [Fact]
    public void Map_StillMeasuring_IsPreliminaryAndSaysSo()
    {
        var json = MapToJson(Decoded("ble-plx-continuous", "04 6100 4800 2000")[0]);

        Assert.Equal("preliminary", (string?)json["status"]);
        Assert.Equal("Measurement in progress: preliminary value", (string?)json["note"]![0]!["text"]);
    }

    [Fact]
    public void Map_Glucose_IsALaboratoryResultWithItsNotesAndNoVitalSignsProfile()
    {
        var json = MapToJson(Decoded("ble-glucose", "1B 0700 EA070B1D080F00 0000 7AB0 11 0100 02 0700 01")[0]);

        Assert.Equal("laboratory", (string?)json["category"]![0]!["coding"]![0]!["code"]);
        Assert.Null(json["meta"]?["profile"]);
        Assert.Equal(122m, (decimal)json["valueQuantity"]!["value"]!);
        Assert.Equal("mg/dL", (string?)json["valueQuantity"]!["code"]);
        Assert.Equal(["Device battery low", "Meal: before a meal"], json["note"]!.AsArray().Select(n => (string?)n!["text"]));
    }

    private static IReadOnlyList<Reading> Decoded(string protocol, string hex) =>
        EdgeGateway.Tests.Shared.Frames.Readings(hex, DateTimeOffset.UtcNow, new FrameSource("dev-1", protocol, SampleReadings.Paris, Patient: Patient));
}
