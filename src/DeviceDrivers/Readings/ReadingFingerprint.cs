using System.Globalization;
using System.Text;

namespace EdgeGateway.DeviceDrivers.Readings;

/// <summary>
/// What makes a reading the same reading when its device sends it again (a meter downloading its
/// memory after a reconnection, a cuff resending its last result): the device's record number and
/// time when it numbers its records; otherwise its own time, code and values. A reading without a
/// device time has no fingerprint — two equal values a second apart are two measurements.
/// </summary>
public static class ReadingFingerprint
{
    /// <summary>The fingerprint text (per device: the caller keys it by device), or null when the reading cannot be recognised.</summary>
    public static string? Of(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var measurement = reading.Measurement;
        if (measurement.DeviceLocalTime is not { } time)
        {
            return measurement.DeviceSequenceNumber is { } alone
                ? string.Create(CultureInfo.InvariantCulture, $"seq:{alone}|{measurement.Code}")
                : null;
        }

        var text = new StringBuilder(96);
        text.Append(CultureInfo.InvariantCulture, $"t:{time:yyyy-MM-ddTHH:mm:ss}|{measurement.Code}");
        if (measurement.DeviceSequenceNumber is { } sequence)
        {
            // A meter's number and time: a meter whose memory was reset numbers new records again from 1.
            return text.Append(CultureInfo.InvariantCulture, $"|seq:{sequence}").ToString();
        }

        foreach (var value in measurement.Components.Prepend(measurement.Value).OfType<ObservedValue>())
        {
            text.Append(CultureInfo.InvariantCulture, $"|{value.Code}={value.Quantity.Value?.ToString(CultureInfo.InvariantCulture) ?? value.Quantity.Absent.ToString()} {value.Quantity.Unit}");
        }

        return text.Append(CultureInfo.InvariantCulture, $"|u:{measurement.DeviceUserIndex}").ToString();
    }
}
