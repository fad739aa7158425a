using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Ble.Glucose;

/// <summary>
/// The LOINC code of a glucose concentration by the sample type the meter states (0x2A18 type nibble)
/// and the unit's dimension (mass or moles per volume). Long names as LOINC gives them; the
/// capillary whole-blood codes are the "by Glucometer" ones meters already use (as in gematik's
/// HDDT blood-glucose value set). LOINC has no capillary- or arterial-plasma system: those are
/// "Serum or Plasma".
/// </summary>
internal static class GlucoseCodes
{
    /// <summary>HbA1c, from the measurement context.</summary>
    public const string HbA1c = "4548-4";

    public static (string Code, string Display) For(int sampleType, bool moles) => (sampleType, moles) switch
    {
        (1, false) => ("41653-7", "Glucose [Mass/volume] in Capillary blood by Glucometer"),
        (1, true) => ("14743-9", "Glucose [Moles/volume] in Capillary blood by Glucometer"),
        (3, false) => ("41652-9", "Glucose [Mass/volume] in Venous blood"),
        (3, true) => ("39480-9", "Glucose [Moles/volume] in Venous blood"),
        (5, false) => ("41651-1", "Glucose [Mass/volume] in Arterial blood"),
        (5, true) => ("39481-7", "Glucose [Moles/volume] in Arterial blood"),
        (2 or 4 or 6 or 8, false) => ("2345-7", "Glucose [Mass/volume] in Serum or Plasma"),
        (2 or 4 or 6 or 8, true) => ("14749-6", "Glucose [Moles/volume] in Serum or Plasma"),
        (9, false) => ("99504-3", "Glucose [Mass/volume] in Interstitial fluid"),
        (9, true) => ("105272-9", "Glucose [Moles/volume] in Interstitial fluid"),
        // Undetermined whole blood, a control solution, or no type stated.
        (_, false) => ("2339-0", "Glucose [Mass/volume] in Blood"),
        (_, true) => ("15074-8", "Glucose [Moles/volume] in Blood"),
    };

    /// <summary>Sample location nibble → body site; AST, control solution and "not available" name none.</summary>
    public static BodySite? Site(int location) => location switch
    {
        1 => new BodySite("7569003", "Finger structure"),
        3 => new BodySite("48800003", "Ear lobule structure"),
        _ => null,
    };
}
