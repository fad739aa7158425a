namespace EdgeGateway.DeviceDrivers.Readings;

/// <summary>Where on the body a measurement was taken, as a SNOMED CT body structure (FHIR <c>Observation.bodySite</c>).</summary>
/// <param name="Code">The SNOMED CT concept id.</param>
/// <param name="Display">The concept's preferred term.</param>
public sealed record BodySite(string Code, string Display)
{
    /// <summary>The SNOMED CT code system URI.</summary>
    public const string System = "http://snomed.info/sct";
}
