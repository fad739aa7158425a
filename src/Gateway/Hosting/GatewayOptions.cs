using System.ComponentModel.DataAnnotations;

namespace EdgeGateway.Gateway.Hosting;

/// <summary>The <c>Gateway</c> section: who this gateway is. Both ids appear in MQTT topics and FHIR identifiers.</summary>
public sealed class GatewayOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Gateway";

    private const string IdPattern = "^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$";

    /// <summary>The health centre's id.</summary>
    [Required(ErrorMessage = "Gateway:SiteId is required.")]
    [RegularExpression(IdPattern, ErrorMessage = "Gateway:SiteId must be 1–64 letters, digits, '.', '_' or '-'.")]
    public string SiteId { get; set; } = "local";

    /// <summary>This gateway's id; defaults to the host name.</summary>
    [Required(ErrorMessage = "Gateway:GatewayId is required.")]
    [RegularExpression(IdPattern, ErrorMessage = "Gateway:GatewayId must be 1–64 letters, digits, '.', '_' or '-'.")]
    public string GatewayId { get; set; } = DefaultGatewayId();

    /// <summary>
    /// The IANA time zone the devices' clocks keep (BLE and most serial devices send local wall-clock
    /// time without an offset); defaults to the system's zone.
    /// </summary>
    public string? TimeZone { get; set; }

    /// <summary>The zone, resolved.</summary>
    public TimeZoneInfo ResolveTimeZone() =>
        string.IsNullOrWhiteSpace(TimeZone) ? TimeZoneInfo.Local : TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    /// <summary>The host name, made safe for topics and identifiers.</summary>
    public static string DefaultGatewayId()
    {
        var safe = new string([.. Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '-')]);
        return safe.Length == 0 || !char.IsAsciiLetterOrDigit(safe[0]) ? "edgegateway" : safe[..Math.Min(64, safe.Length)];
    }
}
