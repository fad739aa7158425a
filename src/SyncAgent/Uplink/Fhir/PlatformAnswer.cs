using System.Net;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;

namespace EdgeGateway.SyncAgent.Uplink.Fhir;

/// <summary>Reads what the platform answered: a transaction-response Bundle, or an OperationOutcome.</summary>
internal static partial class PlatformAnswer
{
    [GeneratedRegex(@"Bundle\.entry\[(\d+)\]")]
    private static partial Regex EntryPath();

    /// <summary>The entry index an OperationOutcome blames, or null when it blames the bundle as a whole.</summary>
    public static int? BlamedEntry(OperationOutcome? outcome)
    {
        if (outcome is null)
        {
            return null;
        }

        foreach (var issue in outcome.Issue.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal))
        {
            foreach (var text in issue.Expression.Concat(issue.Location).Append(issue.Diagnostics ?? "").Append(issue.Details?.Text ?? ""))
            {
                if (text is not null && EntryPath().Match(text) is { Success: true } match && int.TryParse(match.Groups[1].Value, out var index))
                {
                    return index;
                }
            }
        }

        return null;
    }

    /// <summary>One line for the dead-letter list: the HTTP status and the platform's first error.</summary>
    public static string Describe(HttpStatusCode status, OperationOutcome? outcome)
    {
        var issue = outcome?.Issue.FirstOrDefault(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            ?? outcome?.Issue.FirstOrDefault();
        var text = issue?.Diagnostics ?? issue?.Details?.Text ?? issue?.Code?.ToString();
        var line = $"HTTP {(int)status} {status}" + (string.IsNullOrWhiteSpace(text) ? "" : $": {text}");
        return line.Length <= 500 ? line : line[..500];
    }

    /// <summary>True for an entry status such as <c>201 Created</c> or <c>200 OK</c>.</summary>
    public static bool IsSuccess(string? entryStatus) => entryStatus is { Length: > 0 } && entryStatus[0] == '2';

    /// <summary>True for an entry status in the 4xx range.</summary>
    public static bool IsClientError(string? entryStatus) => entryStatus is { Length: > 0 } && entryStatus[0] == '4';
}
