using EdgeGateway.DeviceDrivers.Decoding;

namespace EdgeGateway.DeviceDrivers.Readings;

/// <summary>Where a frame came from and what the gateway knows around it.</summary>
/// <param name="DeviceId">The configured device id.</param>
/// <param name="Protocol">The protocol name.</param>
/// <param name="DeviceTimeZone">The zone the device's clock keeps (the clinic's local time).</param>
/// <param name="IsTest">Simulated data: tagged HTEST.</param>
/// <param name="Patient">The patient and encounter selected by the nurse, if any.</param>
/// <param name="StoreEvery">
/// For a device that streams (a reading a second): keep one reading per this interval, and every
/// reading whose status changed; zero keeps every reading.
/// </param>
public sealed record FrameSource(string DeviceId, string Protocol, TimeZoneInfo DeviceTimeZone, bool IsTest = false, PatientContext? Patient = null,
    TimeSpan StoreEvery = default);

/// <summary>Turns decoded measurements into Readings: identity, receive time, device time placed in its zone.</summary>
public static class ReadingFactory
{
    /// <summary>One Reading per measurement of <paramref name="result"/>, each with its own time-ordered id.</summary>
    public static IReadOnlyList<Reading> Create(DecodeResult result, ReadOnlySpan<byte> frame, DateTimeOffset receivedAt, FrameSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!result.IsSuccess || result.Measurements.Count == 0)
        {
            return [];
        }

        var raw = frame.ToArray();
        var readings = new Reading[result.Measurements.Count];
        for (var i = 0; i < readings.Length; i++)
        {
            var measurement = result.Measurements[i];
            // A demonstration, a device test or a control solution is kept and shown, but it is no
            // one's measurement: test data, never attributed to the patient nor sent to a platform.
            var notPatientData = (measurement.Flags & ReadingFlagGroups.NotPatientData) != 0;
            readings[i] = new Reading
            {
                ReadingId = ReadingIds.Process.Next(),
                DeviceId = source.DeviceId,
                Protocol = source.Protocol,
                Measurement = measurement,
                ReceivedAt = receivedAt,
                DeviceTime = measurement.DeviceLocalTime is not { } local ? null
                    : measurement.DeviceUtcOffset is { } offset ? WithOffset(local, offset) : InZone(local, source.DeviceTimeZone),
                // A result the device did not say is this patient's (one of a batch) is filed to no one.
                Patient = notPatientData || (measurement.Flags & ReadingFlags.PatientNotIdentified) != 0 ? null : source.Patient,
                IsTest = source.IsTest || notPatientData,
                RawFrame = raw,
            };
        }

        return readings;
    }

    private static DateTimeOffset? WithOffset(DateTime local, TimeSpan offset)
    {
        var utcTicks = local.Ticks - offset.Ticks;
        return offset.Duration() > TimeSpan.FromHours(14) || offset.Ticks % TimeSpan.TicksPerMinute != 0
            || utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks
            ? null : new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), offset);
    }

    private static DateTimeOffset? InZone(DateTime local, TimeZoneInfo zone)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // A wall-clock time skipped by a daylight-saving change cannot exist: read it as standard time.
        var offset = zone.IsInvalidTime(unspecified) ? zone.BaseUtcOffset : zone.GetUtcOffset(unspecified);
        // The calendar's very edges (9999-12-31 late, in a zone behind UTC) have no UTC instant: no device time.
        var utcTicks = unspecified.Ticks - offset.Ticks;
        return utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks ? null : new DateTimeOffset(unspecified, offset);
    }
}
