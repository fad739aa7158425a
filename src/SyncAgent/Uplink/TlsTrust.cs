using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeGateway.SyncAgent.Uplink;

/// <summary>
/// Mutual TLS to the national services, shared by the FHIR and MQTT uplinks: the gateway's client
/// certificate (PEM pair or PFX) and the service's CA pinned — a server certificate is trusted only
/// if it chains to that CA, names the host, and is meant for a server.
/// </summary>
public static class TlsTrust
{
    /// <summary>Loads the client certificate; throws <see cref="InvalidOperationException"/> naming <paramref name="section"/>'s key.</summary>
    public static X509Certificate2 LoadClientCertificate(string section, string path, string? keyPath, string? password)
    {
        try
        {
            return string.IsNullOrWhiteSpace(keyPath)
                ? X509CertificateLoader.LoadPkcs12FromFile(path, password)
                : X509Certificate2.CreateFromPemFile(path, keyPath);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException(
                $"{section}:ClientCertificate '{path}' cannot be loaded (a PEM certificate with {section}:ClientKey, or a PFX): {ex.Message}", ex);
        }
    }

    /// <summary>Loads the pinned CA certificate(s); throws <see cref="InvalidOperationException"/> naming <paramref name="section"/>'s key.</summary>
    public static X509Certificate2Collection LoadPinnedCa(string section, string path)
    {
        var trusted = new X509Certificate2Collection();
        try
        {
            trusted.ImportFromPemFile(path);
        }
        catch (CryptographicException ex)
        {
            throw new InvalidOperationException($"{section}:CaCertificate '{path}' is not a PEM certificate: {ex.Message}", ex);
        }

        return trusted;
    }

    /// <summary>True when <paramref name="certificate"/> names the host and chains to <paramref name="trusted"/> as a server certificate.</summary>
    public static bool IsIssuedByPinnedCa(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, X509Certificate2Collection trusted)
    {
        ArgumentNullException.ThrowIfNull(trusted);
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
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));
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

    /// <summary>True when <paramref name="host"/> is a loopback name or address (the only place plain text is allowed, for tests).</summary>
    public static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
