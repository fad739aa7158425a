using System.ComponentModel.DataAnnotations;

namespace EdgeGateway.SyncAgent.Uplink.Mqtt;

/// <summary>
/// The <c>Upstream:Mqtt</c> section: the national MQTT 5 broker a shared consultation's readings
/// go to live. The FHIR uplink stays the record of truth; this is the specialist's live view.
/// </summary>
public sealed class MqttUplinkOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Upstream:Mqtt";

    /// <summary>The broker, <c>mqtts://host:8883</c>; no value means no live sharing upstream.</summary>
    public Uri? Url { get; set; }

    /// <summary>The client id; defaults to <c>edgegw-{SiteId}-{GatewayId}</c>. Stable, so the broker keeps the session.</summary>
    public string? ClientId { get; set; }

    /// <summary>The topic prefix; defaults to <c>edgegw/{SiteId}/{GatewayId}</c> (the architecture's topics).</summary>
    public string? TopicPrefix { get; set; }

    /// <summary>A user name, when the broker asks for one besides the client certificate.</summary>
    public string? Username { get; set; }

    /// <summary>A file holding the password (never the password itself in configuration).</summary>
    public string? PasswordFile { get; set; }

    /// <summary>The gateway's client certificate: a PEM certificate (with <see cref="ClientKey"/>) or a PFX file.</summary>
    public string? ClientCertificate { get; set; }

    /// <summary>The PEM private key of <see cref="ClientCertificate"/> (not needed for a PFX).</summary>
    public string? ClientKey { get; set; }

    /// <summary>The PFX password, when the PFX has one.</summary>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>The broker's CA certificate(s), PEM: only a broker certificate issued under it is trusted.</summary>
    public string? CaCertificate { get; set; }

    /// <summary>Allow plain <c>mqtt://</c> — to a loopback address only, for tests.</summary>
    public bool AllowInsecure { get; set; }

    /// <summary>How long the broker keeps the gateway's session after the link drops.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "49710.00:00:00", ErrorMessage = "Upstream:Mqtt:SessionExpiry must be between 0 and 49710 days.")]
    public TimeSpan SessionExpiry { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The MQTT keep-alive: a dead link is noticed after about one and a half times this.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:30:00", ErrorMessage = "Upstream:Mqtt:KeepAlive must be between 5 s and 30 min.")]
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long connecting, or one acknowledgement, may take before the attempt counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00", ErrorMessage = "Upstream:Mqtt:Timeout must be between 1 s and 5 min.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Publications awaiting their PUBACK at once.</summary>
    [Range(1, 100, ErrorMessage = "Upstream:Mqtt:MaxInFlight must be between 1 and 100.")]
    public int MaxInFlight { get; set; } = 16;

    /// <summary>Publish test data (HTEST) too — only for a test broker.</summary>
    public bool SendTestData { get; set; }

    /// <summary>True when a broker is configured.</summary>
    public bool IsConfigured => Url is not null;
}
