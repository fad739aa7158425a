using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeGateway.Gateway.Admin;

/// <summary>The French INS (matricule INS): 13 characters of NIR and a 2-digit key, checked.</summary>
public static partial class Ins
{
    /// <summary>
    /// The INS in its canonical form (15 characters, Corsica's 2A/2B upper case) when
    /// <paramref name="value"/> is one and its key matches (97 − NIR mod 97, 2A and 2B counted as 19
    /// and 18); otherwise null.
    /// </summary>
    public static string? Normalize(string? value)
    {
        if (value is null || !Shape().IsMatch(value))
        {
            return null;
        }

        var ins = value.ToUpperInvariant();
        var nir = ins[..13].Replace("2A", "19", StringComparison.Ordinal).Replace("2B", "18", StringComparison.Ordinal);
        var key = 97 - (long.Parse(nir, CultureInfo.InvariantCulture) % 97);
        return key == int.Parse(ins[13..], CultureInfo.InvariantCulture) ? ins : null;
    }

    [GeneratedRegex(@"\A[12378][0-9]{4}(?:[0-9]{2}|2[AaBb])[0-9]{8}\z")]
    private static partial Regex Shape();
}
