namespace EdgeGateway.DeviceDrivers.Readings;

/// <summary>One coded value: what was measured (LOINC) and how much (UCUM).</summary>
/// <param name="Code">LOINC code, e.g. <c>8480-6</c> for systolic blood pressure.</param>
/// <param name="Display">The LOINC display name.</param>
/// <param name="Quantity">The value and unit, or why it is absent.</param>
public sealed record ObservedValue(string Code, string Display, Quantity Quantity);
