namespace EdgeGateway.DeviceDrivers.Serial.AsciiLine;

/// <summary>
/// One value a line-printing device prints, as the technician reads it from the vendor's manual: a
/// regular expression whose group <c>value</c> captures the number, and what it is.
/// </summary>
/// <param name="Pattern">.NET regular expression with a named group <c>value</c> (e.g. <c>W:\s*(?&lt;value&gt;\d+\.\d)\s*kg</c>).</param>
/// <param name="Loinc">The LOINC code of the value (e.g. <c>29463-7</c>).</param>
/// <param name="Display">The LOINC display name.</param>
/// <param name="Unit">The UCUM unit the device prints the value in (e.g. <c>kg</c>).</param>
public sealed record LineField(string Pattern, string Loinc, string Display, string Unit);
