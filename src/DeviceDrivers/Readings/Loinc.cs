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
}
