using System.Text.RegularExpressions;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.Gateway.Admin;

/// <summary>
/// Takes what could identify a patient out of free text a platform wrote (a refusal's reason)
/// before a page or a tool shows it: the reading's own identifier in any case, and any run of six
/// or more digits (an INS or NIR, spaced or not, a phone number, a date of birth written long).
/// </summary>
public static partial class PatientRedaction
{
    private const string Mask = "•••";

    /// <summary>The text with <paramref name="patient"/>'s identifier and any long digit run masked.</summary>
    public static string Redact(string text, PatientContext? patient)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (patient is { PatientIdentifier: { Length: >= 4 } identifier })
        {
            text = text.Replace(identifier, Mask, StringComparison.OrdinalIgnoreCase);
        }

        return LongNumber().Replace(text, Mask);
    }

    [GeneratedRegex(@"(?:\d[\s.%-]?){5,}\d|\d{5}2[AaBb][\d\s]{6,}")]
    private static partial Regex LongNumber();
}
