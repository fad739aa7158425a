namespace EdgeGateway.Gateway.Cli;

/// <summary>Reads a frame typed as hexadecimal: pairs of digits, optionally separated by spaces, ':' or '-'.</summary>
internal static class HexInput
{
    public static bool TryParse(string text, out byte[] bytes, out string problem)
    {
        var digits = new string([.. text.Where(c => c is not (' ' or ':' or '-' or '\t'))]);
        if (digits.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            digits = digits[2..];
        }

        bytes = [];
        if (digits.Length == 0)
        {
            problem = "no bytes given";
            return false;
        }

        var bad = digits.FirstOrDefault(c => !char.IsAsciiHexDigit(c));
        if (bad != default)
        {
            problem = $"'{bad}' is not a hexadecimal digit";
            return false;
        }

        if (digits.Length % 2 != 0)
        {
            problem = $"odd number of hexadecimal digits ({digits.Length}): each byte takes two";
            return false;
        }

        bytes = Convert.FromHexString(digits);
        problem = "";
        return true;
    }
}
