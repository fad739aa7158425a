using EdgeGateway.DeviceDrivers.Ble.Glucose;
using EdgeGateway.DeviceDrivers.Readings;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.DeviceDrivers.Transports.Ble;

/// <summary>
/// A glucose meter: joins each measurement with the context that follows it, and after every
/// (re)connection downloads the records stored since the last one the gateway has, through the
/// Record Access Control Point (0x2A52):
/// <list type="number">
/// <item>a meter never read: every record (<c>01 01</c>);</item>
/// <item>otherwise, first the record numbered as the last one stored (<c>01 04 01 NN NN NN NN</c>): if the meter
/// has it, with the same time, it is the same meter with the same memory, and the records after it
/// are asked for (<c>01 03 01 NN NN</c>); if not — memory reset, numbers wrapped, another meter under the
/// same device id — every record is asked for;</item>
/// <item>a meter that refuses a request gets "all records" instead; one that stops answering is sent "abort" (<c>03 00</c>).</item>
/// </list>
/// Whatever the meter sends twice, the Outbox stores once. Records that come in answer to a request
/// are marked as from the meter's memory.
/// </summary>
internal sealed partial class GlucoseSession(IGattPeer peer, Func<DeviceRecord?> lastStored, TimeProvider time, ILogger logger) : IGattSession
{
    /// <summary>How long a measurement announcing a context waits for it.</summary>
    internal static readonly TimeSpan ContextWait = TimeSpan.FromSeconds(2);

    /// <summary>How long the meter may stay silent during a download before it is aborted.</summary>
    internal static readonly TimeSpan RecordAccessTimeout = TimeSpan.FromSeconds(30);

    private const byte ReportStoredRecords = 0x01, Abort = 0x03, NumberOfRecordsResponse = 0x05, ResponseCode = 0x06;
    private const byte AllRecords = 0x01, GreaterOrEqual = 0x03, WithinRange = 0x04, SequenceNumberFilter = 0x01;
    private const byte Success = 0x01, NoRecordsFound = 0x06;

    private static readonly GlucoseDecoder Decoder = new();

    private byte[]? _pending;
    private DateTimeOffset _pendingAt;
    private bool _pendingStored;
    private Request _request = Request.None;
    private DateTimeOffset _requestDeadline;
    private int _downloaded;
    private DeviceRecord? _last;
    private bool _lastFound;

    private enum Request : byte
    {
        None,
        Check,
        Since,
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
        // What was stored before this connection: the records this download stores must not move it.
        _last = lastStored();
        if (_last is { Sequence: >= 0 and <= ushort.MaxValue } last)
        {
            var number = (ushort)last.Sequence;
            await SendAsync(Request.Check, [ReportStoredRecords, WithinRange, SequenceNumberFilter, (byte)number, (byte)(number >> 8), (byte)number, (byte)(number >> 8)], cancellationToken).ConfigureAwait(false);
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
                // The next request first: if the link fails on it, the held measurement is still
                // held, and the transport flushes it with the rest.
                await OnResponseAsync(notification.Value, cancellationToken).ConfigureAwait(false);
                return Flush();
            default:
                return [];
        }
    }

    public async Task<IReadOnlyList<ReceivedFrame>> OnDeadlineAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
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

        // The context never came: the measurement stands on its own.
        return _pending is not null && now >= _pendingAt + ContextWait ? Flush() : [];
    }

    public IReadOnlyList<ReceivedFrame> Flush()
    {
        if (_pending is not { } pending)
        {
            return [];
        }

        _pending = null;
        return [new ReceivedFrame(pending, _pendingAt, _pendingStored)];
    }

    private IReadOnlyList<ReceivedFrame> OnMeasurement(GattNotification notification)
    {
        var value = notification.Value;
        var fromMemory = _request is Request.Check or Request.Since or Request.All;
        if (fromMemory)
        {
            // A download is progressing: the meter is not silent.
            _downloaded++;
            _requestDeadline = time.GetUtcNow() + RecordAccessTimeout;
            // The same record needs the same number and the same time: without a clock, nothing says so.
            if (_request == Request.Check && _last is { DeviceTime: not null } last && Decoder.Decode(value) is { IsSuccess: true } record
                && record.Measurements[0].DeviceSequenceNumber == last.Sequence && record.Measurements[0].DeviceLocalTime == last.DeviceTime)
            {
                _lastFound = true;
            }
        }

        var released = Flush();
        var announcesContext = value.Length > 0 && (value[0] & 0x10) != 0;
        if (!announcesContext)
        {
            return [.. released, new ReceivedFrame(value, notification.ReceivedAt, fromMemory)];
        }

        _pending = value;
        _pendingAt = notification.ReceivedAt;
        _pendingStored = fromMemory;
        return released;
    }

    private List<ReceivedFrame> OnContext(GattNotification notification)
    {
        var context = notification.Value;
        if (_pending is { Length: >= 3 } pending && context.Length >= 3 && pending[1] == context[1] && pending[2] == context[2])
        {
            _pending = null;
            return [new ReceivedFrame((byte[])[.. pending, .. context], _pendingAt, _pendingStored)];
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
            case (Request.Check, Success) when _lastFound && _last is { Sequence: < ushort.MaxValue } last:
                var next = (ushort)(last.Sequence + 1);
                await SendAsync(Request.Since, [ReportStoredRecords, GreaterOrEqual, SequenceNumberFilter, (byte)next, (byte)(next >> 8)], cancellationToken).ConfigureAwait(false);
                break;
            case (Request.Check, Success or NoRecordsFound):
                // The meter does not hold our last record as we stored it: its memory was reset, its
                // numbers wrapped, or it is another meter. Everything; the Outbox keeps each record once.
                if (!_lastFound || _last is { Sequence: >= ushort.MaxValue })
                {
                    Log.NotTheSameMemory(logger, peer.Address, _last?.Sequence ?? 0);
                }

                await SendAsync(Request.All, [ReportStoredRecords, AllRecords], cancellationToken).ConfigureAwait(false);
                break;
            case (Request.Since or Request.All, Success):
                Log.Downloaded(logger, peer.Address, _downloaded);
                break;
            case (_, NoRecordsFound):
                break;
            case (Request.Check or Request.Since, _):
                Log.Refused(logger, peer.Address, ResponseName(code));
                await SendAsync(Request.All, [ReportStoredRecords, AllRecords], cancellationToken).ConfigureAwait(false);
                break;
            default:
                Log.RefusedAll(logger, peer.Address, ResponseName(code));
                break;
        }
    }

    private async Task SendAsync(Request request, byte[] command, CancellationToken cancellationToken)
    {
        _request = request;
        _requestDeadline = time.GetUtcNow() + RecordAccessTimeout;
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

        [LoggerMessage(EventId = 1111, Level = LogLevel.Warning, Message = "Glucose meter {Address} refused the record request: {Reason}; asking for every record")]
        public static partial void Refused(ILogger logger, string address, string reason);

        [LoggerMessage(EventId = 1118, Level = LogLevel.Warning, Message = "Glucose meter {Address} refused to send its records: {Reason}; trying again at the next connection")]
        public static partial void RefusedAll(ILogger logger, string address, string reason);

        [LoggerMessage(EventId = 1112, Level = LogLevel.Warning, Message = "Glucose meter {Address} silent for {Seconds} s during the download ({Count} record(s) so far): aborting it")]
        public static partial void RecordAccessTimedOut(ILogger logger, string address, double seconds, int count);

        [LoggerMessage(EventId = 1113, Level = LogLevel.Warning, Message = "Glucose meter {Address} does not hold record {Sequence} as stored (memory reset, numbers wrapped, or another meter): downloading every record")]
        public static partial void NotTheSameMemory(ILogger logger, string address, int sequence);

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
