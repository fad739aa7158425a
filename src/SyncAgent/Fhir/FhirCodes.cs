namespace EdgeGateway.SyncAgent.Fhir;

/// <summary>Code systems and profile URLs the mapping uses.</summary>
internal static class FhirCodes
{
    public const string ObservationCategory = "http://terminology.hl7.org/CodeSystem/observation-category";
    public const string DataAbsentReason = "http://terminology.hl7.org/CodeSystem/data-absent-reason";
    public const string ActReason = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    public const string TestData = "HTEST";
    public const string VitalSignsProfile = "http://hl7.org/fhir/StructureDefinition/vitalsigns";
    public const string BloodPressureProfile = "http://hl7.org/fhir/StructureDefinition/bp";
    public const string HeartRateProfile = "http://hl7.org/fhir/StructureDefinition/heartrate";
    public const string BodyTemperatureProfile = "http://hl7.org/fhir/StructureDefinition/bodytemp";
    public const string OxygenSaturationProfile = "http://hl7.org/fhir/StructureDefinition/oxygensat";
    public const string BodyWeightProfile = "http://hl7.org/fhir/StructureDefinition/bodyweight";
    public const string BodyMassIndexProfile = "http://hl7.org/fhir/StructureDefinition/bmi";
    public const string BodyHeightProfile = "http://hl7.org/fhir/StructureDefinition/bodyheight";
    public const string RespiratoryRateProfile = "http://hl7.org/fhir/StructureDefinition/resprate";
}
