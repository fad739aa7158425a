using System.Globalization;
using System.Text;

namespace EdgeGateway.DeviceDrivers.Readings;

/// <summary>
/// What makes a reading the same reading when its device sends it again (a meter downloading its
/// memory after a reconnection, a cuff resending its last result): the device's record number and
/// time when it numbers its records (number and values when its clock is not set); otherwise its own
/// time, code and values. A reading with neither a device time nor a number has no fingerprint —
/// two equal values a second apart are two measurements.
/// </summary>
public static class ReadingFingerprint
{
    /// <summary>The fingerprint text (per device: the caller keys it by device), or null when the reading cannot be recognised.</summary>
    public static string? Of(Reading reading)
    {
        ArgumentNullException.ThrowIfNull(reading);
        var measurement = reading.Measurement;
        var text = new StringBuilder(96);
        if (measurement.DeviceLocalTime is { } time)
        {
            text.Append(CultureInfo.InvariantCulture, $"t:{time:yyyy-MM-ddTHH:mm:ss}|{measurement.Code}");
            if (measurement.DeviceSequenceNumber is { } sequence)
            {
                // A meter's number and time: a meter whose memory was reset numbers new records again from 1.
                return text.Append(CultureInfo.InvariantCulture, $"|seq:{sequence}").ToString();
            }
        }
        else if (measurement.DeviceSequenceNumber is { } untimed)
        {
            // A meter whose clock was never set: its number and values (a reset meter's new record 3 is
            // not its old record 3 unless it also has the same result).
            text.Append(CultureInfo.InvariantCulture, $"seq:{untimed}|{measurement.Code}");
        }
        else
        {
            return null;
        }

        foreach (var value in measurement.Components.Prepend(measurement.Value).OfType<ObservedValue>())
        {
            text.Append(CultureInfo.InvariantCulture, $"|{value.Code}={value.Quantity.Value?.ToString(CultureInfo.InvariantCulture) ?? value.Quantity.Absent.ToString()} {value.Quantity.Unit}");
        }

        return text.Append(CultureInfo.InvariantCulture, $"|u:{measurement.DeviceUserIndex}").ToString();
    }
}
