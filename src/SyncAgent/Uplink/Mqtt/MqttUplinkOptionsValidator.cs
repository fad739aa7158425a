using Microsoft.Extensions.Options;

namespace EdgeGateway.SyncAgent.Uplink.Mqtt;

/// <summary>Checks <c>Upstream:Mqtt</c> at start: mqtts with a client certificate and pinned CA, or plain mqtt to loopback for tests.</summary>
public sealed class MqttUplinkOptionsValidator : IValidateOptions<MqttUplinkOptions>
{
    private const string Section = MqttUplinkOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, MqttUplinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Url is not { } url)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (!url.IsAbsoluteUri || string.IsNullOrEmpty(url.Host))
        {
            failures.Add($"{Section}:Url '{url}' must be an absolute URL such as mqtts://broker.example:8883.");
        }
        else if (url.Scheme == "mqtt")
        {
            if (!options.AllowInsecure)
            {
                failures.Add($"{Section}:Url '{url}' is plain mqtt: use mqtts (mutual TLS), or set {Section}:AllowInsecure for a loopback test broker.");
            }
            else if (!TlsTrust.IsLoopback(url.Host))
            {
                failures.Add($"{Section}:AllowInsecure is for loopback test brokers only; '{url.Host}' is not loopback.");
            }
        }
        else if (url.Scheme != "mqtts")
        {
            failures.Add($"{Section}:Url '{url}' must be mqtts:// (or mqtt:// to a loopback test broker).");
        }
        else
        {
            if (string.IsNullOrWhiteSpace(options.ClientCertificate))
            {
                failures.Add($"{Section}:ClientCertificate is required with an mqtts broker (mutual TLS).");
            }

            if (string.IsNullOrWhiteSpace(options.CaCertificate))
            {
                failures.Add($"{Section}:CaCertificate is required with an mqtts broker: its CA is pinned, the system's trust store is not used.");
            }
        }

        if (options.TopicPrefix is { } prefix && (prefix.Length == 0 || prefix.IndexOfAny(['+', '#', '\0']) >= 0 || prefix.EndsWith('/')))
        {
            failures.Add($"{Section}:TopicPrefix '{prefix}' must be a topic without wildcards (+, #) and without a trailing '/'.");
        }

        if (options.PasswordFile is not null && options.Username is null)
        {
            failures.Add($"{Section}:PasswordFile needs {Section}:Username.");
        }

        OptionChecks.FileExists(failures, $"{Section}:ClientCertificate", options.ClientCertificate);
        OptionChecks.FileExists(failures, $"{Section}:ClientKey", options.ClientKey);
        OptionChecks.FileExists(failures, $"{Section}:CaCertificate", options.CaCertificate);
        OptionChecks.FileExists(failures, $"{Section}:PasswordFile", options.PasswordFile);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
