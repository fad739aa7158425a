using EdgeGateway.DeviceDrivers.Readings;
using Hl7.Fhir.Model;
using FhirQuantity = Hl7.Fhir.Model.Quantity;
using Quantity = EdgeGateway.DeviceDrivers.Readings.Quantity;

namespace EdgeGateway.SyncAgent.Fhir;

/// <summary>
/// Maps a <see cref="Reading"/> to a FHIR R4 <c>Observation</c> following the vital-signs
/// profiles: LOINC code, UCUM quantities (or <c>dataAbsentReason</c>, never a made-up number),
/// <c>effectiveDateTime</c> from the device time when known, the gateway's identifier so a resend
/// never duplicates, the device, and the patient and encounter by identifier only.
/// </summary>
/// <param name="gatewayId">This gateway's id: the reading identifier's system is <c>urn:edgegateway:{gatewayId}</c>.</param>
public sealed class ObservationMapper(string gatewayId)
{
    /// <summary>The identifier system of this gateway's readings.</summary>
    public string IdentifierSystem { get; } = $"urn:edgegateway:{gatewayId}";

    /// <summary>Builds the Observation for <paramref name="reading"/>.</summary>
    public Observation Map(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var measurement = reading.Measurement;
        var observation = new Observation
        {
            Identifier = [new Identifier(IdentifierSystem, reading.ReadingId)],
            Status = (measurement.Flags & ReadingFlagGroups.Preliminary) != 0 ? ObservationStatus.Preliminary : ObservationStatus.Final,
            Category = [Category(measurement.Category)],
            Code = Code(measurement),
            Effective = new FhirDateTime(reading.EffectiveTime),
            // Whole seconds: sub-second digits say nothing to a clinician and cost bytes on every upload.
            Issued = reading.ReceivedAt.AddTicks(-(reading.ReceivedAt.Ticks % TimeSpan.TicksPerSecond)),
            Device = new ResourceReference
            {
                Identifier = new Identifier($"{IdentifierSystem}:device", reading.DeviceId),
                Display = reading.DeviceId,
            },
        };

        if (reading.IsTest)
        {
            observation.Meta ??= new Meta();
            observation.Meta.Security = [new Coding(FhirCodes.ActReason, FhirCodes.TestData, "test health data")];
        }

        if (reading.Patient is { } patient)
        {
            observation.Subject = new ResourceReference
            {
                Type = "Patient",
                Identifier = new Identifier(patient.PatientIdentifierSystem, patient.PatientIdentifier),
            };
            if (patient is { EncounterIdentifier: { } encounter, EncounterIdentifierSystem: { } encounterSystem })
            {
                observation.Encounter = new ResourceReference
                {
                    Type = "Encounter",
                    Identifier = new Identifier(encounterSystem, encounter),
                };
            }

            // The vital-signs profiles require a subject: the profile is claimed only when it holds.
            if (Profiles(measurement.Code) is { Count: > 0 } profiles)
            {
                observation.Meta ??= new Meta();
                observation.Meta.Profile = profiles;
            }
        }

        if (measurement.Value is { } value)
        {
            if (value.Quantity.HasValue)
            {
                observation.Value = ToFhir(value.Quantity);
            }
            else
            {
                observation.DataAbsentReason = AbsentReason(value.Quantity.Absent);
            }
        }

        foreach (var part in measurement.Components)
        {
            var component = new Observation.ComponentComponent { Code = Concept(part.Code, part.Display) };
            if (part.Quantity.HasValue)
            {
                component.Value = ToFhir(part.Quantity);
            }
            else
            {
                component.DataAbsentReason = AbsentReason(part.Quantity.Absent);
            }

            observation.Component.Add(component);
        }

        if (measurement.BodySite is { } site)
        {
            observation.BodySite = new CodeableConcept(DeviceDrivers.Readings.BodySite.System, site.Code, site.Display, site.Display);
        }

        foreach (var text in ReadingFlagText.English(measurement.Flags).Concat(measurement.Notes))
        {
            observation.Note.Add(new Annotation { Text = new Markdown(text) });
        }

        return observation;
    }

    private static List<string> Profiles(string code) => code switch
    {
        Loinc.BloodPressurePanel => [FhirCodes.BloodPressureProfile],
        Loinc.HeartRate => [FhirCodes.HeartRateProfile],
        Loinc.BodyTemperature => [FhirCodes.BodyTemperatureProfile],
        Loinc.OxygenSaturationByPulseOximetry => [FhirCodes.OxygenSaturationProfile],
        Loinc.BodyWeight => [FhirCodes.BodyWeightProfile],
        Loinc.BodyMassIndex => [FhirCodes.BodyMassIndexProfile],
        Loinc.BodyHeight => [FhirCodes.BodyHeightProfile],
        Loinc.RespiratoryRate => [FhirCodes.RespiratoryRateProfile],
        Loinc.PerfusionIndex => [FhirCodes.VitalSignsProfile],
        // Laboratory results (glucose, HbA1c) have no vital-signs profile to claim.
        _ => [],
    };

    private static CodeableConcept Code(Measurement measurement)
    {
        var code = Concept(measurement.Code, measurement.Display);
        if (measurement.Code == Loinc.OxygenSaturationByPulseOximetry)
        {
            // The oxygen-saturation profile requires 2708-6; 59408-5 says it was by pulse oximetry.
            code.Coding.Insert(0, new Coding(Loinc.System, Loinc.OxygenSaturation, "Oxygen saturation in Arterial blood"));
        }

        return code;
    }

    private static CodeableConcept Category(MeasurementCategory category) => category switch
    {
        MeasurementCategory.Laboratory => new CodeableConcept(FhirCodes.ObservationCategory, "laboratory", "Laboratory"),
        _ => new CodeableConcept(FhirCodes.ObservationCategory, "vital-signs", "Vital Signs"),
    };

    private static CodeableConcept Concept(string loinc, string display) =>
        new(Loinc.System, loinc, display, display);

    private static FhirQuantity ToFhir(Quantity quantity) => new()
    {
        Value = quantity.Value,
        Unit = quantity.Unit,
        System = Ucum.System,
        Code = quantity.Unit,
    };

    private static CodeableConcept AbsentReason(AbsentReason reason)
    {
        var (code, display) = reason switch
        {
            DeviceDrivers.Readings.AbsentReason.NotANumber => ("not-a-number", "Not a Number (NaN)"),
            DeviceDrivers.Readings.AbsentReason.PositiveInfinity => ("positive-infinity", "Positive Infinity (PINF)"),
            DeviceDrivers.Readings.AbsentReason.NegativeInfinity => ("negative-infinity", "Negative Infinity (NINF)"),
            DeviceDrivers.Readings.AbsentReason.NotPerformed => ("not-performed", "Not Performed"),
            _ => ("error", "Error"),
        };
        return new CodeableConcept(FhirCodes.DataAbsentReason, code, display, display);
    }
}
