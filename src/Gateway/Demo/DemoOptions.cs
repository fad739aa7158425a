using System.ComponentModel.DataAnnotations;

namespace EdgeGateway.Gateway.Demo;

/// <summary>The <c>Demo</c> section: simulated exam-room devices (<c>--demo</c>).</summary>
public sealed class DemoOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Demo";

    /// <summary>Whether the simulated devices run.</summary>
    public bool Enabled { get; set; }

    /// <summary>Time between two simulated measurements of one device.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00", ErrorMessage = "Demo:Interval must be between 50 ms and 1 hour.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(5);
}
