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
            handler.SslOptions.ClientCertificates =
                [TlsTrust.LoadClientCertificate(FhirUplinkOptions.SectionName, options.ClientCertificate, options.ClientKey, options.ClientCertificatePassword)];
        }

        if (!string.IsNullOrWhiteSpace(options.CaCertificate))
        {
            var trusted = TlsTrust.LoadPinnedCa(FhirUplinkOptions.SectionName, options.CaCertificate);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                TlsTrust.IsIssuedByPinnedCa(certificate, chain, errors, trusted);
        }

        return handler;
    }
}
