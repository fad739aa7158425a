using EdgeGateway.SyncAgent.Fhir;
using EdgeGateway.SyncAgent.Outbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Exceptions;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeGateway.SyncAgent.Uplink.Mqtt;

/// <summary>What the broker did with one batch of live copies.</summary>
/// <param name="Acknowledged">Records whose PUBACK came back with success: their live copy may go.</param>
/// <param name="Refused">Records the broker refused for good (not authorised, invalid topic or payload), with its reason.</param>
/// <param name="Failure">Why the rest were not published (link lost, timeout, broker busy), or null.</param>
public sealed record LiveResult(IReadOnlyList<long> Acknowledged, IReadOnlyList<(long RecordId, string Reason)> Refused, string? Failure);

/// <summary>
/// The MQTT 5 link to the national broker: one persistent session (a stable client id, clean start
/// off), readings published at QoS 1 as FHIR Observations on
/// <c>{prefix}/readings/{DeviceId}</c>, and the retained <c>{prefix}/status</c> topic —
/// <c>online</c> once connected, <c>offline</c> as the last will the broker publishes when the
/// link dies and as the last word of a clean stop. MQTTnet keeps nothing across connections:
/// the Outbox is the queue, and a copy leaves it only on its PUBACK.
/// </summary>
public sealed partial class MqttUplink : IAsyncDisposable
{
    /// <summary>The status payloads.</summary>
    public const string Online = "online", Offline = "offline";

    private readonly IMqttClient _client;
    private readonly MqttUplinkOptions _options;
    private readonly ObservationMapper _mapper;
    private readonly ILogger<MqttUplink> _logger;
    private readonly string _clientId;
    private TaskCompletionSource _disconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Creates the link (not yet connected); <paramref name="siteId"/> and <paramref name="gatewayId"/> make the default client id and topics.</summary>
    public MqttUplink(IOptions<MqttUplinkOptions> options, ObservationMapper mapper, string siteId, string gatewayId, ILogger<MqttUplink> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _mapper = mapper;
        _logger = logger;
        _clientId = _options.ClientId ?? $"edgegw-{siteId}-{gatewayId}";
        TopicPrefix = _options.TopicPrefix ?? $"edgegw/{siteId}/{gatewayId}";
        _client = new MqttClientFactory().CreateMqttClient();
        _client.DisconnectedAsync += args =>
        {
            if (args.ClientWasConnected)
            {
                Log.Disconnected(_logger, args.Reason.ToString(), args.Exception?.Message ?? args.ReasonString ?? "");
            }

            _disconnected.TrySetResult();
            return Task.CompletedTask;
        };
    }

    /// <summary>The topics' prefix.</summary>
    public string TopicPrefix { get; }

    /// <summary>The retained status topic.</summary>
    public string StatusTopic => $"{TopicPrefix}/status";

    /// <summary>True while connected to the broker.</summary>
    public bool IsConnected => _client.IsConnected;

    /// <summary>Completes when the current connection is lost (or at once when there is none).</summary>
    public Task WhenDisconnected
    {
        get
        {
            if (!_client.IsConnected)
            {
                return Task.CompletedTask;
            }

            // Completed while connected: the late notice of an earlier connection's end, not this one's.
            var current = Volatile.Read(ref _disconnected);
            if (current.Task.IsCompleted)
            {
                var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                current = Interlocked.CompareExchange(ref _disconnected, fresh, current) == current ? fresh : Volatile.Read(ref _disconnected);
            }

            return current.Task;
        }
    }

    /// <summary>The topic of a device's readings.</summary>
    public string ReadingsTopic(string deviceId) => $"{TopicPrefix}/readings/{deviceId}";

    /// <summary>
    /// Connects (resuming the broker's session when it kept it) and publishes the retained
    /// <c>online</c> status. Throws when the broker cannot be reached or refuses the connection.
    /// </summary>
    public async Task ConnectAsync(CancellationToken cancellationToken)
    {
        _disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        var result = await _client.ConnectAsync(BuildClientOptions(), timeout.Token).ConfigureAwait(false);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new MqttCommunicationException($"the broker refused the connection: {result.ResultCode} {result.ReasonString}".TrimEnd());
        }

        Log.Connected(_logger, _options.Url!, _clientId, result.IsSessionPresent);
        try
        {
            var status = await _client.PublishAsync(Status(Online), timeout.Token).ConfigureAwait(false);
            if (!status.IsSuccess)
            {
                // Refused by the broker's rules: sending again will not change it; readings still go.
                Log.StatusRefused(_logger, status.ReasonCode.ToString());
            }
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            // Connected but unheard: the retained status would stay "offline". Start over.
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None).ConfigureAwait(false);
            throw new MqttCommunicationException($"the broker did not acknowledge the gateway's status: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// Publishes <paramref name="readings"/> at QoS 1, up to <see cref="MqttUplinkOptions.MaxInFlight"/>
    /// awaiting their PUBACK at once, in Outbox order. Never throws for the link: a failure is in the result.
    /// </summary>
    public async Task<LiveResult> PublishAsync(IReadOnlyList<StoredReading> readings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(readings);
        var acknowledged = new List<long>();
        var refused = new List<(long, string)>();
        for (var start = 0; start < readings.Count; start += _options.MaxInFlight)
        {
            var window = readings.Skip(start).Take(_options.MaxInFlight).ToList();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.Timeout);
            // Started in order on the one connection, so the broker receives them in order.
            var publishes = window.Select(r => PublishOneAsync(r, timeout.Token)).ToList();
            string? failure = null;
            for (var i = 0; i < window.Count; i++)
            {
                var outcome = await publishes[i].ConfigureAwait(false);
                switch (outcome.Kind)
                {
                    case OutcomeKind.Acknowledged:
                        acknowledged.Add(window[i].RecordId);
                        break;
                    case OutcomeKind.Refused:
                        refused.Add((window[i].RecordId, outcome.Reason));
                        break;
                    default:
                        failure ??= outcome.Reason;
                        break;
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (failure is not null)
            {
                return new LiveResult(acknowledged, refused, failure);
            }
        }

        return new LiveResult(acknowledged, refused, null);
    }

    /// <summary>Says <c>offline</c> (retained) and disconnects cleanly; a clean disconnect does not fire the last will.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        if (!_client.IsConnected)
        {
            return;
        }

        try
        {
            await _client.PublishAsync(Status(Offline), cancellationToken).ConfigureAwait(false);
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            // The link went first: the broker publishes the last will (offline) by itself.
            Log.DisconnectFailed(_logger, ex.Message);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task<(OutcomeKind Kind, string Reason)> PublishOneAsync(StoredReading stored, CancellationToken cancellationToken)
    {
        MqttApplicationMessage message;
        try
        {
            var json = FhirJson.SerializeToUtf8Bytes(_mapper.Map(stored.Reading));
            message = new MqttApplicationMessageBuilder()
                .WithTopic(ReadingsTopic(stored.Reading.DeviceId))
                .WithPayload(json)
                .WithContentType("application/fhir+json")
                .WithPayloadFormatIndicator(MqttPayloadFormatIndicator.CharacterData)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
                .Build();
            MqttTopicValidator.ThrowIfInvalid(message);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // This one reading cannot be put in a message: it alone is refused, the others go.
            return (OutcomeKind.Refused, $"cannot be published: {ex.Message}");
        }

        try
        {
            var result = await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
            return result.ReasonCode switch
            {
                // No one listening right now is not a refusal: the broker took it.
                MqttClientPublishReasonCode.Success or MqttClientPublishReasonCode.NoMatchingSubscribers => (OutcomeKind.Acknowledged, ""),
                // Sending it again cannot change these answers.
                MqttClientPublishReasonCode.NotAuthorized or MqttClientPublishReasonCode.TopicNameInvalid or MqttClientPublishReasonCode.PayloadFormatInvalid
                    => (OutcomeKind.Refused, $"the broker refused it: {result.ReasonCode} {result.ReasonString}".TrimEnd()),
                // Busy, over quota, unspecified: later.
                _ => (OutcomeKind.Failed, $"the broker did not take it: {result.ReasonCode} {result.ReasonString}".TrimEnd()),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            return (OutcomeKind.Failed, $"no acknowledgement within {_options.Timeout.TotalSeconds:0} s");
        }
        catch (Exception ex) when (ex is MqttCommunicationException or MqttProtocolViolationException or InvalidOperationException or IOException)
        {
            return (OutcomeKind.Failed, ex.Message);
        }
    }

    private MqttApplicationMessage Status(string state) =>
        new MqttApplicationMessageBuilder()
            .WithTopic(StatusTopic)
            .WithPayload(state)
            .WithRetainFlag()
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();

    private MqttClientOptions BuildClientOptions()
    {
        var url = _options.Url!;
        var builder = new MqttClientOptionsBuilder()
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(_clientId)
            .WithCleanStart(false)
            .WithSessionExpiryInterval((uint)_options.SessionExpiry.TotalSeconds)
            .WithKeepAlivePeriod(_options.KeepAlive)
            .WithTimeout(_options.Timeout)
            .WithTcpServer(url.Host.Trim('[', ']'), url.IsDefaultPort || url.Port < 0 ? (url.Scheme == "mqtts" ? 8883 : 1883) : url.Port)
            .WithWillTopic(StatusTopic)
            .WithWillPayload(Offline)
            .WithWillRetain()
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (_options.Username is { } user)
        {
            var password = _options.PasswordFile is { } file ? File.ReadAllText(file).TrimEnd('\r', '\n') : null;
            builder.WithCredentials(user, password);
        }

        if (url.Scheme == "mqtts")
        {
            var client = TlsTrust.LoadClientCertificate(MqttUplinkOptions.SectionName, _options.ClientCertificate!, _options.ClientKey, _options.ClientCertificatePassword);
            var trusted = TlsTrust.LoadPinnedCa(MqttUplinkOptions.SectionName, _options.CaCertificate!);
            builder.WithTlsOptions(tls => tls
                .UseTls()
                .WithTargetHost(url.Host)
                .WithClientCertificates([client])
                .WithCertificateValidationHandler(args => TlsTrust.IsIssuedByPinnedCa(args.Certificate, args.Chain, args.SslPolicyErrors, trusted)));
        }

        return builder.Build();
    }

    private enum OutcomeKind
    {
        Acknowledged,
        Refused,
        Failed,
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "Connected to the national broker {Url} as {ClientId} (session resumed: {SessionPresent})")]
        public static partial void Connected(ILogger logger, Uri url, string clientId, bool sessionPresent);

        [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Link to the national broker lost ({Reason}: {Detail})")]
        public static partial void Disconnected(ILogger logger, string reason, string detail);

        [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "The broker refused the gateway's status ({Reason})")]
        public static partial void StatusRefused(ILogger logger, string reason);

        [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Clean disconnect from the broker failed ({Reason}); it will publish the last will")]
        public static partial void DisconnectFailed(ILogger logger, string reason);
    }
}
