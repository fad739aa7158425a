using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.Gateway.Panel;

/// <summary>French names of the measurements, for the nurse's view (LOINC displays are English).</summary>
internal static class MeasurementNames
{
    public static string French(string loincCode) => loincCode switch
    {
        Loinc.BloodPressurePanel => "Pression artérielle",
        Loinc.HeartRate => "Fréquence cardiaque",
        Loinc.Systolic => "Pression systolique",
        Loinc.Diastolic => "Pression diastolique",
        Loinc.MeanArterial => "Pression artérielle moyenne",
        _ => loincCode,
    };
}
