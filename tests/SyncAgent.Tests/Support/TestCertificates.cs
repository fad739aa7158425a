using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeGateway.SyncAgent.Tests.Support;

/// <summary>A throwaway PKI made in the test: a CA, the platform's server certificate, a gateway client certificate.</summary>
public sealed class TestCertificates : IDisposable
{
    public TestCertificates(string directory, string caName = "EdgeGateway Test CA")
    {
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        Ca = caRequest.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));

        Server = Issue("CN=localhost", server: true, now);
        var client = Issue("CN=gateway gw-test", server: false, now);
        CaPem = Path.Combine(directory, "ca.pem");
        ClientPem = Path.Combine(directory, "client.pem");
        ClientKeyPem = Path.Combine(directory, "client.key");
        File.WriteAllText(CaPem, Ca.ExportCertificatePem());
        File.WriteAllText(ClientPem, client.ExportCertificatePem());
        File.WriteAllText(ClientKeyPem, client.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
        client.Dispose();
    }

    public X509Certificate2 Ca { get; }

    /// <summary>The platform's certificate, with its key, as Kestrel needs it.</summary>
    public X509Certificate2 Server { get; }

    public string CaPem { get; }

    public string ClientPem { get; }

    public string ClientKeyPem { get; }

    private X509Certificate2 Issue(string subject, bool server, DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (server)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        using var issued = request.Create(Ca, now.AddDays(-1), now.AddMonths(6), RandomNumberGenerator.GetBytes(8));
        using var withKey = issued.CopyWithPrivateKey(key);
        // Through PKCS#12, so the key is usable by TLS on every platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
    }
}
