using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Ble.Temperature;

/// <summary>
/// The Temperature Type values as SNOMED CT body structures (FHIR <c>Observation.bodySite</c>), taken
/// from the body-temperature location value sets of HL7's Vital Signs with Qualifying Elements IG
/// (bodyTempMeasBodyLocationPrecoordVS) and FR Core (fr-core-vs-body-temp-meas-body-location);
/// the gastro-intestinal tract, absent from those lists, is 122865005.
/// </summary>
internal static class TemperatureSites
{
    /// <summary>
    /// The site for <paramref name="type"/>: false for a reserved value; true with null for "body
    /// (general)", which names no site.
    /// </summary>
    public static bool TryGet(TemperatureType type, out BodySite? site)
    {
        site = type switch
        {
            TemperatureType.Armpit => new BodySite("422543003", "Structure of axillary fossa"),
            TemperatureType.Ear => new BodySite("117590005", "Ear structure"),
            TemperatureType.Finger => new BodySite("7569003", "Finger structure"),
            TemperatureType.GastroIntestinalTract => new BodySite("122865005", "Gastrointestinal tract structure"),
            TemperatureType.Mouth => new BodySite("74262004", "Oral cavity structure"),
            TemperatureType.Rectum => new BodySite("34402009", "Rectum structure"),
            TemperatureType.Toe => new BodySite("29707007", "Toe structure"),
            TemperatureType.Tympanum => new BodySite("42859004", "Tympanic membrane structure"),
            _ => null,
        };
        return site is not null || type == TemperatureType.Body;
    }
}
