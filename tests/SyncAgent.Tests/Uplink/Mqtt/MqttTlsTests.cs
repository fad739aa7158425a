using System.Diagnostics.Metrics;
using System.Security.Cryptography.X509Certificates;
using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.SyncAgent.Sync;
using EdgeGateway.SyncAgent.Tests.Support;
using EdgeGateway.SyncAgent.Uplink.Mqtt;
using EdgeGateway.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OutboxStore = EdgeGateway.SyncAgent.Outbox.Outbox;

namespace EdgeGateway.SyncAgent.Tests.Uplink.Mqtt;

/// <summary>The real handshake with Mosquitto over TLS requiring a client certificate, our client pinning the broker's CA; and the options' checks.</summary>
public sealed class MqttTlsTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private TestCertificates _pki = null!;
    private Mosquitto _broker = null!;
    private OutboxStore _outbox = null!;

    public async Task InitializeAsync()
    {
        _pki = new TestCertificates(_directory.Path);
        var serverPem = Path.Combine(_directory.Path, "server.pem");
        var serverKey = Path.Combine(_directory.Path, "server.key");
        await File.WriteAllTextAsync(serverPem, _pki.Server.ExportCertificatePem());
        await File.WriteAllTextAsync(serverKey, _pki.Server.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        _broker = new Mosquitto(tls: (_pki.CaPem, serverPem, serverKey));
        await _broker.StartAsync();
        _outbox = OutboxStore.Open(new StorageOptions { DataDir = Path.Combine(_directory.Path, "data") }, NullLogger<OutboxStore>.Instance);
    }

    public async Task DisposeAsync()
    {
        await _outbox.DisposeAsync();
        _broker.Dispose();
        _pki.Dispose();
        await _services.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task ClientCertificateAndPinnedCa_TheReadingIsAcknowledged()
    {
        var (statistics, _) = await RunUntilAsync(_pki.CaPem, s => s.Published == 2);

        Assert.True(statistics.Published == 2, statistics.LastFailure);
        Assert.Equal(0, _outbox.LiveCount);
    }

    [Fact]
    public async Task BrokerCertificateFromAnotherCa_IsNotTrusted_AndNothingLeaves()
    {
        var otherDirectory = Path.Combine(_directory.Path, "other");
        Directory.CreateDirectory(otherDirectory);
        using var other = new TestCertificates(otherDirectory, "Some Other CA");

        var (statistics, _) = await RunUntilAsync(other.CaPem, s => s.LastFailure is not null);

        Assert.Equal(0, statistics.Published);
        Assert.False(statistics.Connected);
        Assert.Equal(2, _outbox.LiveCount);
    }

    [Theory]
    [InlineData("mqtt://127.0.0.1:1883", false, true, "plain mqtt")]
    [InlineData("mqtt://broker.example:1883", true, true, "loopback test brokers only")]
    [InlineData("mqtts://broker.example:8883", false, false, "ClientCertificate is required")]
    [InlineData("ws://broker.example", false, true, "must be mqtts://")]
    public void Validator_RefusesAnUnsafeOrUnclearBroker(string url, bool allowInsecure, bool withCertificate, string expected)
    {
        var options = new MqttUplinkOptions
        {
            Url = new Uri(url),
            AllowInsecure = allowInsecure,
            ClientCertificate = withCertificate ? _pki.ClientPem : null,
            ClientKey = withCertificate ? _pki.ClientKeyPem : null,
            CaCertificate = _pki.CaPem,
        };

        var result = new MqttUplinkOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("edgegw/#")]
    [InlineData("edgegw/+/gw")]
    [InlineData("edgegw/site/")]
    public void Validator_RefusesATopicPrefixWithWildcards(string prefix)
    {
        var result = new MqttUplinkOptionsValidator().Validate(null, new MqttUplinkOptions
        {
            Url = new Uri("mqtt://127.0.0.1:1883"), AllowInsecure = true, TopicPrefix = prefix,
        });

        Assert.Contains("Upstream:Mqtt:TopicPrefix", result.FailureMessage, StringComparison.Ordinal);
    }

    private async Task<(LiveStatistics Statistics, MqttUplinkOptions Options)> RunUntilAsync(string caPem, Func<LiveStatistics, bool> condition)
    {
        var options = new MqttUplinkOptions
        {
            Url = _broker.Url,
            ClientCertificate = _pki.ClientPem,
            ClientKey = _pki.ClientKeyPem,
            CaCertificate = caPem,
            Timeout = TimeSpan.FromSeconds(5),
        };
        var (worker, statistics, uplink) = UplinkFactory.LiveShare(_outbox, options, _services.GetRequiredService<IMeterFactory>());
        await using var _ = uplink;
        foreach (var stored in UplinkFactory.Readings(2))
        {
            await _outbox.AppendAsync(stored.Reading, RecordClass.Clinical, Delivery.Consultation | Delivery.Live);
        }

        using var stop = new CancellationTokenSource();
        var running = worker.RunAsync(stop.Token);
        await Eventually.Holds(() => condition(statistics), seconds: 30);
        await stop.CancelAsync();
        await running;
        return (statistics, options);
    }
}
