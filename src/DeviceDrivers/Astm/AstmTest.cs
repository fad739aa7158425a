namespace EdgeGateway.DeviceDrivers.Astm;

/// <summary>
/// One line of an analyser's test table, from its manual: the code it sends in R-3 (universal test
/// id), the LOINC code and display it means, the unit the analyser writes in R-5, and that unit in UCUM.
/// A result whose unit is not exactly this one is refused: the gateway never guesses or converts.
/// </summary>
/// <param name="Code">The analyser's test code (R-3's local code, e.g. <c>GLU</c>).</param>
/// <param name="Loinc">The LOINC code (e.g. <c>41653-7</c> for capillary glucose).</param>
/// <param name="Display">The LOINC display name.</param>
/// <param name="Unit">The UCUM unit the value is in (e.g. <c>mg/dL</c>, <c>%</c>, <c>{INR}</c>).</param>
/// <param name="DeviceUnit">The unit as the analyser writes it in R-5 (compared ignoring case); empty for a unitless result.</param>
public sealed record AstmTest(string Code, string Loinc, string Display, string Unit, string DeviceUnit);
