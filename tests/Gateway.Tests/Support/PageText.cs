using System.Text.RegularExpressions;

namespace EdgeGateway.Gateway.Tests.Support;

/// <summary>What the readings page shows, as a nurse reads it.</summary>
internal static partial class PageText
{
    /// <summary>A blood pressure as the page prints it: <c>121/76 mmHg</c>.</summary>
    [GeneratedRegex(@"(\d+)/(\d+) mmHg")]
    public static partial Regex BloodPressure();
}
