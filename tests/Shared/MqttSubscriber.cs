using System.Collections.Concurrent;
using System.Text;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeGateway.Tests.Shared;

/// <summary>One message as a subscriber received it.</summary>
public sealed record ReceivedMessage(string Topic, string Text, bool Retained, string? ContentType);

/// <summary>The specialist's side of the broker: an MQTT 5 client subscribed at QoS 1, collecting what arrives.</summary>
public sealed class MqttSubscriber : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    private MqttSubscriber()
    {
    }

    /// <summary>Every message received, in arrival order.</summary>
    public ConcurrentQueue<ReceivedMessage> Messages { get; } = new();

    /// <summary>The messages on topics ending with <paramref name="suffix"/>.</summary>
    public IReadOnlyList<ReceivedMessage> On(string suffix) => [.. Messages.Where(m => m.Topic.EndsWith(suffix, StringComparison.Ordinal))];

    /// <summary>Connects to the loopback broker on <paramref name="port"/> and subscribes to <paramref name="filter"/>.</summary>
    public static async Task<MqttSubscriber> ConnectAsync(int port, string filter)
    {
        var subscriber = new MqttSubscriber();
        subscriber._client.ApplicationMessageReceivedAsync += args =>
        {
            var message = args.ApplicationMessage;
            subscriber.Messages.Enqueue(new ReceivedMessage(message.Topic, Encoding.UTF8.GetString(message.Payload), message.Retain, message.ContentType));
            return Task.CompletedTask;
        };
        await subscriber._client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port)
            .WithProtocolVersion(MqttProtocolVersion.V500).WithClientId($"specialist-{Guid.NewGuid():N}").Build());
        await subscriber._client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return subscriber;
    }

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
