using Microsoft.Extensions.Options;

namespace EdgeGateway.SyncAgent.Uplink.Fhir;

/// <summary>Checks <c>Upstream:Fhir</c> at start: an https URL with a client certificate, or plain http to loopback for tests.</summary>
public sealed class FhirUplinkOptionsValidator : IValidateOptions<FhirUplinkOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, FhirUplinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.BaseUrl is not { } url)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (!url.IsAbsoluteUri)
        {
            failures.Add($"Upstream:Fhir:BaseUrl '{url}' must be an absolute URL.");
        }
        else if (url.Scheme == Uri.UriSchemeHttp)
        {
            if (!options.AllowInsecureHttp)
            {
                failures.Add($"Upstream:Fhir:BaseUrl '{url}' is plain http: use https (mutual TLS), or set Upstream:Fhir:AllowInsecureHttp for a loopback test platform.");
            }
            else if (!IsLoopback(url))
            {
                failures.Add($"Upstream:Fhir:AllowInsecureHttp is for loopback test platforms only; '{url.Host}' is not loopback.");
            }
        }
        else if (url.Scheme != Uri.UriSchemeHttps)
        {
            failures.Add($"Upstream:Fhir:BaseUrl '{url}' must be https.");
        }
        else
        {
            if (string.IsNullOrWhiteSpace(options.ClientCertificate))
            {
                failures.Add("Upstream:Fhir:ClientCertificate is required with an https platform (mutual TLS).");
            }

            if (string.IsNullOrWhiteSpace(options.CaCertificate))
            {
                failures.Add("Upstream:Fhir:CaCertificate is required with an https platform: the platform's CA is pinned, the system's trust store is not used.");
            }
        }

        OptionChecks.FileExists(failures, "Upstream:Fhir:ClientCertificate", options.ClientCertificate);
        OptionChecks.FileExists(failures, "Upstream:Fhir:ClientKey", options.ClientKey);
        OptionChecks.FileExists(failures, "Upstream:Fhir:CaCertificate", options.CaCertificate);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsLoopback(Uri url) => url.IsLoopback || TlsTrust.IsLoopback(url.Host);
}
