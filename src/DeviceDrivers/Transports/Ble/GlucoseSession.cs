using Microsoft.Extensions.Logging;

namespace EdgeGateway.DeviceDrivers.Transports.Ble;

/// <summary>
/// A glucose meter: joins each measurement with the context that follows it, and after every
/// (re)connection downloads the records stored since the last one the gateway has, through the
/// Record Access Control Point (0x2A52):
/// <list type="number">
/// <item>"report records with sequence ≥ last + 1" (<c>01 03 01 NN NN</c>), or all (<c>01 01</c>) for a meter never read;</item>
/// <item>on "no records found", "report the last record" (<c>01 06</c>): a last record numbered below the last
/// one stored means the meter's memory was reset, and everything (<c>01 01</c>) is asked for — the
/// Outbox stores each record once;</item>
/// <item>a meter that refuses the filter gets "all" instead; one that stops answering is sent "abort" (<c>03 00</c>).</item>
/// </list>
/// </summary>
internal sealed partial class GlucoseSession(IGattPeer peer, Func<int?> lastStoredSequence, TimeProvider time, ILogger logger) : IGattSession
{
    /// <summary>How long a measurement announcing a context waits for it.</summary>
    internal static readonly TimeSpan ContextWait = TimeSpan.FromSeconds(2);

    /// <summary>How long the meter may stay silent during a download before it is aborted.</summary>
    internal static readonly TimeSpan RecordAccessTimeout = TimeSpan.FromSeconds(30);

    private const byte ReportStoredRecords = 0x01, Abort = 0x03, NumberOfRecordsResponse = 0x05, ResponseCode = 0x06;
    private const byte AllRecords = 0x01, GreaterOrEqual = 0x03, LastRecord = 0x06, SequenceNumberFilter = 0x01;
    private const byte Success = 0x01, NoRecordsFound = 0x06;

    private byte[]? _pending;
    private DateTimeOffset _pendingAt;
    private Request _request = Request.None;
    private DateTimeOffset _requestDeadline;
    private int _downloaded;
    private int? _lastRecordSequence;

    private enum Request : byte
    {
        None,
        Since,
        Last,
        All,
        Aborting,
    }

    public DateTimeOffset? Deadline
    {
        get
        {
            DateTimeOffset? pending = _pending is null ? null : _pendingAt + ContextWait;
            DateTimeOffset? request = _request == Request.None ? null : _requestDeadline;
            return pending is null ? request : request is null ? pending : (pending < request ? pending : request);
        }
    }

    /// <summary>Records received in answer to the record requests of this connection.</summary>
    public int Downloaded => _downloaded;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (peer.Access(GattUuids.GlucoseMeasurement) == GattAccess.None)
        {
            throw new BleException($"{peer.Address} has no Glucose Measurement (0x2A18): is it the device the configuration names?");
        }

        await peer.StartNotifyAsync(GattUuids.GlucoseMeasurement, cancellationToken).ConfigureAwait(false);
        if (peer.Access(GattUuids.GlucoseMeasurementContext) != GattAccess.None)
        {
            await peer.StartNotifyAsync(GattUuids.GlucoseMeasurementContext, cancellationToken).ConfigureAwait(false);
        }

        var racp = peer.Access(GattUuids.RecordAccessControlPoint);
        if ((racp & GattAccess.Write) == 0 || (racp & (GattAccess.Indicate | GattAccess.Notify)) == 0)
        {
            Log.NoRecordAccess(logger, peer.Address);
            return;
        }

        // Indications on the control point first: a meter refuses requests until they are on.
        await peer.StartNotifyAsync(GattUuids.RecordAccessControlPoint, cancellationToken).ConfigureAwait(false);
        var last = lastStoredSequence();
        if (last is { } sequence and < ushort.MaxValue)
        {
            var next = (ushort)(sequence + 1);
            await SendAsync(Request.Since, [ReportStoredRecords, GreaterOrEqual, SequenceNumberFilter, (byte)next, (byte)(next >> 8)], cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await SendAsync(Request.All, [ReportStoredRecords, AllRecords], cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<IReadOnlyList<ReceivedFrame>> OnNotificationAsync(GattNotification notification, CancellationToken cancellationToken)
    {
        switch (notification.Characteristic)
        {
            case GattUuids.GlucoseMeasurement:
                return OnMeasurement(notification);
            case GattUuids.GlucoseMeasurementContext:
                return OnContext(notification);
            case GattUuids.RecordAccessControlPoint:
                var released = Flush();
                await OnResponseAsync(notification.Value, cancellationToken).ConfigureAwait(false);
                return released;
            default:
                return [];
        }
    }

    public async Task<IReadOnlyList<ReceivedFrame>> OnDeadlineAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        IReadOnlyList<ReceivedFrame> released = [];
        if (_pending is not null && now >= _pendingAt + ContextWait)
        {
            // The context never came: the measurement stands on its own.
            released = Flush();
        }

        if (_request != Request.None && now >= _requestDeadline)
        {
            if (_request == Request.Aborting)
            {
                Log.AbortUnanswered(logger, peer.Address);
                _request = Request.None;
            }
            else
            {
                Log.RecordAccessTimedOut(logger, peer.Address, RecordAccessTimeout.TotalSeconds, _downloaded);
                await SendAsync(Request.Aborting, [Abort, 0x00], cancellationToken).ConfigureAwait(false);
            }
        }

        return released;
    }

    public IReadOnlyList<ReceivedFrame> Flush()
    {
        if (_pending is not { } pending)
        {
            return [];
        }

        _pending = null;
        return [new ReceivedFrame(pending, _pendingAt)];
    }

    private IReadOnlyList<ReceivedFrame> OnMeasurement(GattNotification notification)
    {
        var value = notification.Value;
        if (_request != Request.None)
        {
            // A download is progressing: the meter is not silent.
            _downloaded++;
            _requestDeadline = time.GetUtcNow() + RecordAccessTimeout;
            if (value.Length >= 3)
            {
                _lastRecordSequence = value[1] | (value[2] << 8);
            }
        }

        var released = Flush();
        var announcesContext = value.Length > 0 && (value[0] & 0x10) != 0;
        if (!announcesContext)
        {
            return [.. released, new ReceivedFrame(value, notification.ReceivedAt)];
        }

        _pending = value;
        _pendingAt = notification.ReceivedAt;
        return released;
    }

    private List<ReceivedFrame> OnContext(GattNotification notification)
    {
        var context = notification.Value;
        if (_pending is { Length: >= 3 } pending && context.Length >= 3 && pending[1] == context[1] && pending[2] == context[2])
        {
            _pending = null;
            return [new ReceivedFrame((byte[])[.. pending, .. context], _pendingAt)];
        }

        // A context without its measurement carries no value: said, not stored.
        Log.OrphanContext(logger, peer.Address);
        return [];
    }

    private async Task OnResponseAsync(byte[] value, CancellationToken cancellationToken)
    {
        if (value is [NumberOfRecordsResponse, 0x00, ..])
        {
            return;
        }

        if (value is not [ResponseCode, 0x00, var requestOp, var code])
        {
            Log.UnreadableResponse(logger, peer.Address, Convert.ToHexString(value));
            return;
        }

        var request = _request;
        _request = Request.None;
        if (requestOp == Abort || request == Request.Aborting)
        {
            return;
        }

        switch (request, code)
        {
            case (_, Success) when request != Request.Last:
                Log.Downloaded(logger, peer.Address, _downloaded);
                break;
            case (Request.Last, Success):
                if (_lastRecordSequence is { } lastOnMeter && lastStoredSequence() is { } lastStored && lastOnMeter < lastStored)
                {
                    Log.MeterReset(logger, peer.Address, lastOnMeter, lastStored);
                    await SendAsync(Request.All, [ReportStoredRecords, AllRecords], cancellationToken).ConfigureAwait(false);
                }

                break;
            case (Request.Since, NoRecordsFound):
                // Nothing new — or a meter whose memory was reset numbers below what we have: look at its last record.
                await SendAsync(Request.Last, [ReportStoredRecords, LastRecord], cancellationToken).ConfigureAwait(false);
                break;
            case (_, NoRecordsFound):
                break;
            case (Request.Since, _):
                Log.Refused(logger, peer.Address, ResponseName(code));
                await SendAsync(Request.All, [ReportStoredRecords, AllRecords], cancellationToken).ConfigureAwait(false);
                break;
            default:
                Log.Refused(logger, peer.Address, ResponseName(code));
                break;
        }
    }

    private async Task SendAsync(Request request, byte[] command, CancellationToken cancellationToken)
    {
        _request = request;
        _requestDeadline = time.GetUtcNow() + RecordAccessTimeout;
        _lastRecordSequence = null;
        if (request is Request.Since or Request.All)
        {
            _downloaded = 0;
        }

        await peer.WriteAsync(GattUuids.RecordAccessControlPoint, command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The RACP response codes (Glucose Profile / GATT Specification Supplement).</summary>
    internal static string ResponseName(byte code) => code switch
    {
        0x01 => "success",
        0x02 => "op code not supported",
        0x03 => "invalid operator",
        0x04 => "operator not supported",
        0x05 => "invalid operand",
        0x06 => "no records found",
        0x07 => "abort unsuccessful",
        0x08 => "procedure not completed",
        0x09 => "operand not supported",
        _ => $"reserved code 0x{code:X2}",
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 1110, Level = LogLevel.Information, Message = "Glucose meter {Address}: {Count} stored record(s) received")]
        public static partial void Downloaded(ILogger logger, string address, int count);

        [LoggerMessage(EventId = 1111, Level = LogLevel.Warning, Message = "Glucose meter {Address} refused the record request: {Reason}")]
        public static partial void Refused(ILogger logger, string address, string reason);

        [LoggerMessage(EventId = 1112, Level = LogLevel.Warning, Message = "Glucose meter {Address} silent for {Seconds} s during the download ({Count} record(s) so far): aborting it")]
        public static partial void RecordAccessTimedOut(ILogger logger, string address, double seconds, int count);

        [LoggerMessage(EventId = 1113, Level = LogLevel.Warning, Message = "Glucose meter {Address}: its last record is number {OnMeter}, below {Stored} already stored: its memory was reset; downloading every record")]
        public static partial void MeterReset(ILogger logger, string address, int onMeter, int stored);

        [LoggerMessage(EventId = 1114, Level = LogLevel.Information, Message = "Glucose meter {Address} has no record access control point: live readings only")]
        public static partial void NoRecordAccess(ILogger logger, string address);

        [LoggerMessage(EventId = 1115, Level = LogLevel.Warning, Message = "Glucose meter {Address}: a context arrived without its measurement; ignored")]
        public static partial void OrphanContext(ILogger logger, string address);

        [LoggerMessage(EventId = 1116, Level = LogLevel.Warning, Message = "Glucose meter {Address}: unreadable control point response {Value}")]
        public static partial void UnreadableResponse(ILogger logger, string address, string value);

        [LoggerMessage(EventId = 1117, Level = LogLevel.Warning, Message = "Glucose meter {Address} did not answer the abort")]
        public static partial void AbortUnanswered(ILogger logger, string address);
    }
}
