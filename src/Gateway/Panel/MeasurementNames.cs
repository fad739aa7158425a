using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.Gateway.Panel;

/// <summary>French names of the measurements and body sites, for the nurse's view (LOINC and SNOMED displays are English).</summary>
internal static class MeasurementNames
{
    /// <summary>The French name, else the measurement's own (English) display, never a bare code.</summary>
    public static string French(Measurement measurement) =>
        French(measurement.Code) is var name && name != measurement.Code ? name : measurement.Display;

    public static string French(string loincCode) => loincCode switch
    {
        Loinc.BloodPressurePanel => "Pression artérielle",
        Loinc.HeartRate => "Fréquence cardiaque",
        Loinc.Systolic => "Pression systolique",
        Loinc.Diastolic => "Pression diastolique",
        Loinc.MeanArterial => "Pression artérielle moyenne",
        Loinc.BodyTemperature => "Température corporelle",
        Loinc.OxygenSaturationByPulseOximetry or Loinc.OxygenSaturation => "Saturation en oxygène (SpO2)",
        Loinc.PerfusionIndex => "Indice de perfusion",
        Loinc.BodyWeight => "Poids",
        Loinc.BodyMassIndex => "Indice de masse corporelle",
        Loinc.BodyHeight => "Taille",
        "41653-7" or "14743-9" => "Glycémie capillaire",
        "41652-9" or "39480-9" => "Glycémie veineuse",
        "41651-1" or "39481-7" => "Glycémie artérielle",
        "2345-7" or "14749-6" => "Glycémie plasmatique",
        "99504-3" or "105272-9" => "Glucose interstitiel",
        "2339-0" or "15074-8" => "Glycémie",
        "4548-4" => "Hémoglobine glyquée (HbA1c)",
        "34714-6" or "6301-6" => "INR",
        "1988-5" or "30522-7" => "Protéine C réactive (CRP)",
        Loinc.RespiratoryRate => "Fréquence respiratoire",
        _ => loincCode,
    };

    public static string FrenchSite(BodySite site) => site.Code switch
    {
        "422543003" => "aisselle",
        "117590005" => "oreille",
        "7569003" => "doigt",
        "122865005" => "tube digestif",
        "74262004" => "bouche",
        "34402009" => "rectum",
        "29707007" => "orteil",
        "42859004" => "tympan",
        "48800003" => "lobe de l'oreille",
        _ => site.Display,
    };
}
