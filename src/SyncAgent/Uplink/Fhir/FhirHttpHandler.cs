using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace EdgeGateway.SyncAgent.Uplink.Fhir;

/// <summary>
/// The HTTP handler to the platform: mutual TLS with the gateway's client certificate (PEM pair or
/// PFX), the platform's CA pinned (a server certificate is trusted only if it chains to it and names
/// the host), connections recycled every few minutes, compressed answers accepted.
/// </summary>
public static class FhirHttpHandler
{
    /// <summary>Creates the handler for <paramref name="options"/>; throws <see cref="InvalidOperationException"/> naming the key of a certificate that cannot be loaded.</summary>
    public static SocketsHttpHandler Create(FhirUplinkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(15),
        };

        if (!string.IsNullOrWhiteSpace(options.ClientCertificate))
        {
            handler.SslOptions.ClientCertificates = [LoadClientCertificate(options)];
        }

        if (!string.IsNullOrWhiteSpace(options.CaCertificate))
        {
            var trusted = new X509Certificate2Collection();
            try
            {
                trusted.ImportFromPemFile(options.CaCertificate);
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                throw new InvalidOperationException($"Upstream:Fhir:CaCertificate '{options.CaCertificate}' is not a PEM certificate: {ex.Message}", ex);
            }

            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                IsIssuedByPinnedCa(certificate, chain, errors, trusted);
        }

        return handler;
    }

    private static X509Certificate2 LoadClientCertificate(FhirUplinkOptions options)
    {
        try
        {
            return string.IsNullOrWhiteSpace(options.ClientKey)
                ? X509CertificateLoader.LoadPkcs12FromFile(options.ClientCertificate!, options.ClientCertificatePassword)
                : X509Certificate2.CreateFromPemFile(options.ClientCertificate!, options.ClientKey);
        }
        catch (System.Security.Cryptography.CryptographicException ex)
        {
            throw new InvalidOperationException(
                $"Upstream:Fhir:ClientCertificate '{options.ClientCertificate}' cannot be loaded (a PEM certificate with Upstream:Fhir:ClientKey, or a PFX): {ex.Message}", ex);
        }
    }

    private static bool IsIssuedByPinnedCa(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, X509Certificate2Collection trusted)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        // The box is often offline: revocation lists cannot be fetched; the pin is the control.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        // A client certificate from the same CA, with a matching name, must not pass for the server.
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.1"));
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var server = new X509Certificate2(certificate);
        return chain.Build(server);
    }
}
