namespace EdgeGateway.DeviceDrivers.Readings;

/// <summary>LOINC codes used by the FHIR R4 vital-signs profiles.</summary>
public static class Loinc
{
    /// <summary>The LOINC code system URI.</summary>
    public const string System = "http://loinc.org";

    /// <summary>Blood pressure panel with all children optional.</summary>
    public const string BloodPressurePanel = "85354-9";
    /// <summary>Systolic blood pressure.</summary>
    public const string Systolic = "8480-6";
    /// <summary>Diastolic blood pressure.</summary>
    public const string Diastolic = "8462-4";
    /// <summary>Mean blood pressure.</summary>
    public const string MeanArterial = "8478-0";
    /// <summary>Heart rate.</summary>
    public const string HeartRate = "8867-4";
    /// <summary>Body temperature.</summary>
    public const string BodyTemperature = "8310-5";
    /// <summary>Oxygen saturation in arterial blood (the code the vital-signs oxygen-saturation profile requires).</summary>
    public const string OxygenSaturation = "2708-6";
    /// <summary>Oxygen saturation in arterial blood by pulse oximetry (sent alongside <see cref="OxygenSaturation"/>).</summary>
    public const string OxygenSaturationByPulseOximetry = "59408-5";
    /// <summary>Perfusion index, tissue, by pulse oximetry.</summary>
    public const string PerfusionIndex = "61006-3";
    /// <summary>Body weight.</summary>
    public const string BodyWeight = "29463-7";
    /// <summary>Body mass index.</summary>
    public const string BodyMassIndex = "39156-5";
    /// <summary>Body height.</summary>
    public const string BodyHeight = "8302-2";
    /// <summary>Respiratory rate.</summary>
    public const string RespiratoryRate = "9279-1";
}

/// <summary>UCUM unit codes as the vital-signs profiles fix them.</summary>
public static class Ucum
{
    /// <summary>The UCUM code system URI.</summary>
    public const string System = "http://unitsofmeasure.org";

    /// <summary>Millimetre of mercury (the profile fixes <c>mm[Hg]</c>, not <c>mmHg</c>).</summary>
    public const string MillimetreOfMercury = "mm[Hg]";
    /// <summary>Kilopascal.</summary>
    public const string Kilopascal = "kPa";
    /// <summary>Per minute (beats per minute for heart rate).</summary>
    public const string PerMinute = "/min";
    /// <summary>Degree Celsius.</summary>
    public const string Celsius = "Cel";
    /// <summary>Degree Fahrenheit (kept as the device stated it, never converted).</summary>
    public const string Fahrenheit = "[degF]";
    /// <summary>Percent.</summary>
    public const string Percent = "%";
    /// <summary>Kilogram.</summary>
    public const string Kilogram = "kg";
    /// <summary>Pound (avoirdupois).</summary>
    public const string Pound = "[lb_av]";
    /// <summary>Centimetre.</summary>
    public const string Centimetre = "cm";
    /// <summary>Inch (international).</summary>
    public const string Inch = "[in_i]";
    /// <summary>Kilogram per square metre (body mass index).</summary>
    public const string KilogramPerSquareMetre = "kg/m2";
    /// <summary>Milligram per decilitre.</summary>
    public const string MilligramPerDecilitre = "mg/dL";
    /// <summary>Millimole per litre.</summary>
    public const string MillimolePerLitre = "mmol/L";
}
