using EdgeGateway.SyncAgent.Tests.Support;
using EdgeGateway.SyncAgent.Uplink.Fhir;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.SyncAgent.Tests.Uplink.Fhir;

/// <summary>The real handshake: Kestrel over TLS requiring a client certificate, our handler pinning the platform's CA.</summary>
public sealed class MutualTlsTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private TestCertificates _pki = null!;
    private FakePlatform _platform = null!;

    public async Task InitializeAsync()
    {
        _pki = new TestCertificates(_directory.Path);
        _platform = await FakePlatform.StartAsync(_pki.Server);
    }

    public async Task DisposeAsync()
    {
        await _platform.DisposeAsync();
        _pki.Dispose();
        _directory.Dispose();
    }

    private FhirUplinkOptions Options(string? caPem, bool withClientCertificate = true) => new()
    {
        BaseUrl = _platform.BaseUrl,
        ClientCertificate = withClientCertificate ? _pki.ClientPem : null,
        ClientKey = withClientCertificate ? _pki.ClientKeyPem : null,
        CaCertificate = caPem,
        Timeout = TimeSpan.FromSeconds(10),
    };

    [Fact]
    public async Task Send_ClientCertificateAndPinnedCa_IsDelivered()
    {
        var uplink = UplinkFactory.Create(Options(_pki.CaPem));

        var result = await uplink.SendAsync(UplinkFactory.Readings(4), CancellationToken.None);

        Assert.Null(result.Failure);
        Assert.Equal(4, _platform.Count);
    }

    [Fact]
    public async Task Send_PlatformCertificateFromAnotherCa_IsNotTrusted()
    {
        var otherDirectory = Path.Combine(_directory.Path, "other");
        Directory.CreateDirectory(otherDirectory);
        using var other = new TestCertificates(otherDirectory, "Some Other CA");
        var uplink = UplinkFactory.Create(Options(other.CaPem));

        var result = await uplink.SendAsync(UplinkFactory.Readings(4), CancellationToken.None);

        Assert.NotNull(result.Failure);
        Assert.Empty(result.Acknowledged);
        Assert.Equal(0, _platform.Count);
    }

    [Fact]
    public async Task Send_WithoutClientCertificate_IsRefusedByThePlatform()
    {
        var uplink = UplinkFactory.Create(Options(_pki.CaPem, withClientCertificate: false));

        var result = await uplink.SendAsync(UplinkFactory.Readings(4), CancellationToken.None);

        Assert.NotNull(result.Failure);
        Assert.Equal(0, _platform.Count);
    }

    [Fact]
    public void Options_HttpsWithoutClientCertificate_FailNamingTheKey()
    {
        var result = new FhirUplinkOptionsValidator().Validate(null, Options(_pki.CaPem, withClientCertificate: false));

        Assert.True(result.Failed);
        Assert.Contains("Upstream:Fhir:ClientCertificate", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_HttpsWithoutPinnedCa_FailNamingTheKey()
    {
        var result = new FhirUplinkOptionsValidator().Validate(null, Options(caPem: null));

        Assert.True(result.Failed);
        Assert.Contains("Upstream:Fhir:CaCertificate", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://192.0.2.10/fhir", true, "loopback")]
    [InlineData("http://127.0.0.1/fhir", false, "AllowInsecureHttp")]
    [InlineData("ftp://127.0.0.1/fhir", false, "https")]
    public void Options_PlainHttp_OnlyToLoopbackAndOnlyWhenAllowed(string url, bool allowInsecure, string said)
    {
        var result = new FhirUplinkOptionsValidator().Validate(null, new FhirUplinkOptions { BaseUrl = new Uri(url), AllowInsecureHttp = allowInsecure });

        Assert.True(result.Failed);
        Assert.Contains(said, result.FailureMessage, StringComparison.Ordinal);
    }
}
