using System.ComponentModel.DataAnnotations;

namespace EdgeGateway.SyncAgent.Uplink.Fhir;

/// <summary>The <c>Upstream:Fhir</c> section: the national platform's FHIR endpoint and how to reach it.</summary>
public sealed class FhirUplinkOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Upstream:Fhir";

    /// <summary>The platform's FHIR base URL; no value means no upstream (readings buffer, the panel says so).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>The gateway's client certificate: a PEM certificate (with <see cref="ClientKey"/>) or a PFX file.</summary>
    public string? ClientCertificate { get; set; }

    /// <summary>The PEM private key of <see cref="ClientCertificate"/> (not needed for a PFX).</summary>
    public string? ClientKey { get; set; }

    /// <summary>The PFX password, when the PFX has one.</summary>
    public string? ClientCertificatePassword { get; set; }

    /// <summary>The platform's CA certificate(s), PEM: only a server certificate issued under it is trusted (pinning).</summary>
    public string? CaCertificate { get; set; }

    /// <summary>Allow plain <c>http://</c> — to a loopback address only, for tests.</summary>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>
    /// Readings per transaction Bundle at most. Larger batches cost fewer bytes per reading on the
    /// link (measured: 25.7 bytes at 500, 35 at 100); a platform refusing the size makes the gateway
    /// split it and remember the size it took.
    /// </summary>
    [Range(1, 1000, ErrorMessage = "Upstream:Fhir:BatchSize must be between 1 and 1000.")]
    public int BatchSize { get; set; } = 500;

    /// <summary>Send gzip-compressed bodies (dropped by itself if the platform answers 415).</summary>
    public bool Gzip { get; set; } = true;

    /// <summary>How long one request may take before it counts as failed and is retried.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Upstream:Fhir:Timeout must be between 1 s and 10 min.")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A cap on upload bytes per second (0: none), so the backlog's drain leaves room on a thin link
    /// for the video consultation. Compressed bytes count.
    /// </summary>
    [Range(0, long.MaxValue, ErrorMessage = "Upstream:Fhir:MaxBytesPerSecond must be 0 (no cap) or more.")]
    public long MaxBytesPerSecond { get; set; }

    /// <summary>
    /// The longest the routine backlog yields to a video consultation in one stretch; past it, it
    /// is sent alongside the video (within <see cref="MaxBytesPerSecond"/>).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "Upstream:Fhir:MaxVideoHold must be between 0 and 24 h.")]
    public TimeSpan MaxVideoHold { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How often, while not even a connection opens, the link is probed (a TCP connect) before sending again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Upstream:Fhir:ProbeInterval must be between 1 s and 10 min.")]
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Send test data (HTEST, demo devices) too. Only for a test platform: by default test readings
    /// are withheld (removed from the Outbox as the drain reaches them) and never leave the gateway.
    /// </summary>
    public bool SendTestData { get; set; }

    /// <summary>True when an upstream is configured.</summary>
    public bool IsConfigured => BaseUrl is not null;
}
