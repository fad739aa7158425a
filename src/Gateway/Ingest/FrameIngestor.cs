using System.Globalization;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Transports;
using EdgeGateway.Gateway.Consultation;
using EdgeGateway.SyncAgent.Outbox;

namespace EdgeGateway.Gateway.Ingest;

/// <summary>
/// The one path from a device frame to a durable reading: decode, stamp, make durable in the
/// Outbox, and only then show. A bad frame is counted and logged (without its content) and
/// changes nothing that was already accepted.
/// </summary>
public sealed class FrameIngestor(Outbox outbox, ConsultationRoom room, RecentReadings recent, IngestStatistics statistics, ILogger<FrameIngestor> logger)
{
    private readonly StreamSampling _sampling = new();

    /// <summary>
    /// Ingests one frame; returns the readings it made durable (empty on a decode error). Throws
    /// <see cref="OutboxException"/> when a reading could not be stored (the others are kept and shown).
    /// </summary>
    public async Task<IReadOnlyList<Reading>> IngestAsync(ReceivedFrame frame, IFrameDecoder decoder, FrameSource source, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        ArgumentNullException.ThrowIfNull(source);
        statistics.FrameReceived(source.Protocol);
        DecodeResult result;
        try
        {
            result = decoder.Decode(frame.Bytes.Span);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IndexOutOfRangeException or OverflowException)
        {
            // A decoder must not throw; if one does, the frame is a counted error and the device goes on.
            result = DecodeResult.Failure(DecodeErrorKind.Malformed, $"the decoder failed: {ex.GetType().Name}", 0);
        }

        if (result.Error is { } error)
        {
            statistics.DecodeFailed(source.Protocol, error.Kind);
            Log.DecodeFailed(logger, source.DeviceId, source.Protocol, error.Kind, error.Offset, frame.Bytes.Length);
            frame.Receipt?.Refused(error);
            return [];
        }

        for (var i = 0; i < result.Skipped.Count; i++)
        {
            // Part of a message left out (an unknown code, a value that is not a number): counted, logged
            // (the first few of a message: a sender's mistake must not flood the journal), answered.
            var skipped = result.Skipped[i];
            statistics.DecodeFailed(source.Protocol, skipped.Kind);
            if (i < SkippedLogged)
            {
                Log.PartSkipped(logger, source.DeviceId, source.Protocol, skipped.Kind, skipped.Message);
            }
            else if (i == SkippedLogged)
            {
                Log.MorePartsSkipped(logger, source.DeviceId, result.Skipped.Count - SkippedLogged);
            }
        }

        if (result.Subject is { } subject)
        {
            source = source with { Patient = subject };
        }

        // A patient the device itself names (an HL7 monitor) stays; only the room's attribution is checked.
        var named = source.Patient is not null;
        // A message its sender waits to have acknowledged is never sampled out: its answer says it is stored.
        if (frame.Receipt is null && !_sampling.Keep(source, frame.ReceivedAt, result.Measurements, room.Current))
        {
            statistics.FrameSampledOut(source.Protocol);
            frame.Receipt?.Accepted(0, result.Skipped);
            return [];
        }

        (source, var delivery) = room.Attribute(source);
        var readings = ReadingFactory.Create(result, frame.Bytes.Span, frame.ReceivedAt, source)
            .Select(r => named ? r : FromMemory(r, frame.FromMemory))
            .Select(r => WithClockCorrection(r, frame)).ToList();

        var appends = new Task<long?>[readings.Count];
        for (var i = 0; i < readings.Count; i++)
        {
            // A reading the decoder found to be no one's (a control solution, a device in test mode)
            // is kept as test data and never shared as the consultation's.
            var detached = readings[i].Patient is null && source.Patient is not null;
            var recordClass = readings[i].IsTest ? RecordClass.Diagnostic : RecordClass.Clinical;
            // A device sending its memory again after a reconnection: each reading is stored once.
            appends[i] = ReadingFingerprint.Of(readings[i]) is { } fingerprint
                ? outbox.AppendOnceAsync(readings[i], fingerprint, recordClass, detached ? Delivery.Routine : delivery, cancellationToken)
                : AppendAsync(readings[i], recordClass, detached ? Delivery.Routine : delivery, cancellationToken);
        }

        // Each reading of the frame is shown as soon as it is durable, whatever happens to the others.
        var stored = new List<Reading>(readings.Count);
        OutboxException? failure = null;
        for (var i = 0; i < readings.Count; i++)
        {
            try
            {
                if (await appends[i].ConfigureAwait(false) is null)
                {
                    statistics.DuplicateSkipped(source.Protocol);
                    continue;
                }

                statistics.ReadingStored(source.Protocol);
                recent.Add(readings[i]);
                stored.Add(readings[i]);
            }
            catch (OutboxException ex)
            {
                statistics.StoreFailed();
                failure ??= ex;
            }
        }

        if (failure is not null)
        {
            // Not stored: sampling must not count it as the reading of this interval.
            _sampling.Forget(source.DeviceId);
            frame.Receipt?.NotStored(result.Skipped);
            throw failure;
        }

        frame.Receipt?.Accepted(readings.Count, result.Skipped);
        return stored;
    }

    /// <summary>
    /// A reading belongs to the open consultation only if it could have been taken in it. One whose
    /// device time says otherwise — a cuff's or scale's memory sent on connection, a meter's records,
    /// the previous patient's last result — stays routine and unattributed; so does one from a
    /// device's memory with no time at all. Downloaded readings are marked as from the device's memory.
    /// </summary>
    private Reading FromMemory(Reading reading, bool downloaded)
    {
        var measurement = reading.Measurement;
        if (downloaded && (measurement.Flags & ReadingFlags.MeasurementFromStorage) == 0)
        {
            reading = reading with { Measurement = measurement with { Flags = measurement.Flags | ReadingFlags.MeasurementFromStorage } };
        }

        var fromMemory = (reading.Measurement.Flags & ReadingFlags.MeasurementFromStorage) != 0;
        var outside = reading.DeviceTime is not null ? !room.TookPlaceDuring(reading) : fromMemory;
        return reading.Patient is not null && room.Current is not null && outside ? reading with { Patient = null } : reading;
    }

    /// <summary>
    /// A reading the device stamped before the gateway set its clock keeps the time the device gave
    /// it (that is what was measured) and says by how much that clock was off then.
    /// </summary>
    private static Reading WithClockCorrection(Reading reading, ReceivedFrame frame)
    {
        // Stamped by the set clock, a live reading's time is the gateway's within a minute.
        if (frame.ClockCorrection is not { } off || reading.DeviceTime is not { } taken || (taken - frame.ReceivedAt).Duration() <= ClockSetLead)
        {
            return reading;
        }

        var minutes = Math.Round(off.Duration().TotalMinutes, MidpointRounding.AwayFromZero);
        var note = string.Create(CultureInfo.InvariantCulture,
            $"Device clock was {minutes} min {(off < TimeSpan.Zero ? "behind" : "ahead of")} the gateway's when set on connection; this reading keeps the device's time");
        return reading with { Measurement = reading.Measurement with { Notes = [.. reading.Measurement.Notes, note] } };
    }

    /// <summary>Parts of one message left out that are logged one by one; the rest are counted in one line.</summary>
    private const int SkippedLogged = 3;

    /// <summary>How far from its arrival a reading's device time must be to predate the clock's setting.</summary>
    private static readonly TimeSpan ClockSetLead = TimeSpan.FromMinutes(1);

    private async Task<long?> AppendAsync(Reading reading, RecordClass recordClass, Delivery delivery, CancellationToken cancellationToken) =>
        await outbox.AppendAsync(reading, recordClass, delivery, cancellationToken).ConfigureAwait(false);
}
