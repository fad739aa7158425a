using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Hl7v2;

/// <summary>What an MDC (IEEE 11073-10101) metric is in LOINC, and which UCUM units it may be sent in.</summary>
/// <param name="Loinc">The LOINC code.</param>
/// <param name="Display">The LOINC display name.</param>
/// <param name="Units">The UCUM units accepted for it (a value in any other unit is refused, never converted).</param>
/// <param name="BloodPressure">A part of the blood-pressure panel (systolic, diastolic, mean).</param>
internal sealed record MdcMetric(string Loinc, string Display, string[] Units, bool BloodPressure = false);

/// <summary>
/// The context-free MDC codes of the vital signs a patient monitor sends in IHE PCD-01, and the MDC
/// units. Code = partition × 65536 + term code (IEEE 11073-10101; the codes in IHE PCD Technical
/// Framework Vol. 2 and the Rosetta Terminology Mapping).
/// </summary>
internal static class MdcCodes
{
    private static readonly string[] Pressure = [Ucum.MillimetreOfMercury];
    private static readonly string[] Rate = [Ucum.PerMinute];

    /// <summary>Metrics by MDC code.</summary>
    public static readonly IReadOnlyDictionary<int, MdcMetric> Metrics = new Dictionary<int, MdcMetric>
    {
        [150021] = new(Readings.Loinc.Systolic, "Systolic blood pressure", Pressure, BloodPressure: true), // MDC_PRESS_BLD_NONINV_SYS
        [150022] = new(Readings.Loinc.Diastolic, "Diastolic blood pressure", Pressure, BloodPressure: true), // MDC_PRESS_BLD_NONINV_DIA
        [150023] = new(Readings.Loinc.MeanArterial, "Mean blood pressure", Pressure, BloodPressure: true), // MDC_PRESS_BLD_NONINV_MEAN
        [149546] = new(Readings.Loinc.HeartRate, "Heart rate", Rate), // MDC_PULS_RATE_NON_INV
        [149530] = new(Readings.Loinc.HeartRate, "Heart rate", Rate), // MDC_PULS_OXIM_PULS_RATE
        [149514] = new(Readings.Loinc.HeartRate, "Heart rate", Rate), // MDC_PULS_RATE (source not stated)
        [149522] = new(Readings.Loinc.HeartRate, "Heart rate", Rate), // MDC_BLD_PULS_RATE_INV (some monitors label it MDC_PULS_RATE)
        [147842] = new(Readings.Loinc.HeartRate, "Heart rate", Rate), // MDC_ECG_HEART_RATE
        [150456] = new(Readings.Loinc.OxygenSaturationByPulseOximetry, "Oxygen saturation in Arterial blood by Pulse oximetry", [Ucum.Percent]), // MDC_PULS_OXIM_SAT_O2
        [150364] = new(Readings.Loinc.BodyTemperature, "Body temperature", [Ucum.Celsius, Ucum.Fahrenheit]), // MDC_TEMP_BODY
        [150344] = new(Readings.Loinc.BodyTemperature, "Body temperature", [Ucum.Celsius, Ucum.Fahrenheit]), // MDC_TEMP: a monitor's patient probe, site not stated
        [188736] = new(Readings.Loinc.BodyWeight, "Body weight", [Ucum.Kilogram, "g", Ucum.Pound]), // MDC_MASS_BODY_ACTUAL
        [151562] = new(Readings.Loinc.RespiratoryRate, "Respiratory rate", Rate), // MDC_RESP_RATE
    };

    /// <summary>The reference ids (OBX-3.2) of the same metrics, for senders that leave the number out.</summary>
    public static readonly IReadOnlyDictionary<string, int> ReferenceIds = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["MDC_PRESS_BLD_NONINV_SYS"] = 150021,
        ["MDC_PRESS_BLD_NONINV_DIA"] = 150022,
        ["MDC_PRESS_BLD_NONINV_MEAN"] = 150023,
        ["MDC_PULS_RATE_NON_INV"] = 149546,
        ["MDC_PULS_OXIM_PULS_RATE"] = 149530,
        ["MDC_PULS_RATE"] = 149514,
        ["MDC_BLD_PULS_RATE_INV"] = 149522,
        ["MDC_ECG_HEART_RATE"] = 147842,
        ["MDC_PULS_OXIM_SAT_O2"] = 150456,
        ["MDC_TEMP_BODY"] = 150364,
        ["MDC_TEMP"] = 150344,
        ["MDC_MASS_BODY_ACTUAL"] = 188736,
        ["MDC_RESP_RATE"] = 151562,
    };

    /// <summary>MDC units (partition 4, "dimensions") and their UCUM codes.</summary>
    public static readonly IReadOnlyDictionary<int, string> Units = new Dictionary<int, string>
    {
        [266016] = Ucum.MillimetreOfMercury, // MDC_DIM_MMHG
        [265987] = Ucum.Kilopascal, // MDC_DIM_KILO_PASCAL (refused for blood pressure: never converted)
        [264864] = Ucum.PerMinute, // MDC_DIM_BEAT_PER_MIN
        [264928] = Ucum.PerMinute, // MDC_DIM_RESP_PER_MIN
        [262688] = Ucum.Percent, // MDC_DIM_PERCENT
        [268192] = Ucum.Celsius, // MDC_DIM_DEGC
        [266560] = Ucum.Fahrenheit, // MDC_DIM_FAHR
        [263875] = Ucum.Kilogram, // MDC_DIM_KILO_G
        [263872] = "g", // MDC_DIM_X_G
        [263904] = Ucum.Pound, // MDC_DIM_LB
    };

    /// <summary>UCUM units as senders write them in OBX-6, and the code the gateway uses.</summary>
    public static readonly IReadOnlyDictionary<string, string> UcumSpellings = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["mm[Hg]"] = Ucum.MillimetreOfMercury,
        ["kPa"] = Ucum.Kilopascal,
        ["/min"] = Ucum.PerMinute,
        ["{beat}/min"] = Ucum.PerMinute,
        ["{beats}/min"] = Ucum.PerMinute,
        ["{breath}/min"] = Ucum.PerMinute,
        ["{breaths}/min"] = Ucum.PerMinute,
        ["%"] = Ucum.Percent,
        ["Cel"] = Ucum.Celsius,
        ["[degF]"] = Ucum.Fahrenheit,
        ["kg"] = Ucum.Kilogram,
        ["g"] = "g",
        ["[lb_av]"] = Ucum.Pound,
    };
}
