namespace EdgeGateway.Gateway.Cli;

/// <summary>
/// The command line carries .NET configuration as <c>--Section:Key=value</c> or
/// <c>--Section:Key value</c>; anything else left over is a typo the user must hear about.
/// </summary>
internal static class ConfigurationArguments
{
    /// <summary>The first token that is not a configuration setting, or null when all are.</summary>
    public static string? FindUnknown(IReadOnlyList<string> tokens)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var key = token.StartsWith("--", StringComparison.Ordinal) ? token[2..] : null;
            if (key is null || !key.Contains(':', StringComparison.Ordinal) || key.StartsWith(':') || key.StartsWith('='))
            {
                return token;
            }

            if (!key.Contains('=', StringComparison.Ordinal))
            {
                // "--Section:Key value": the next token is the value.
                if (i + 1 >= tokens.Count)
                {
                    return token;
                }

                i++;
            }
        }

        return null;
    }
}
