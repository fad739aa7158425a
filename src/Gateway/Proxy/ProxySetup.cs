using EdgeGateway.SyncAgent.Sync;
using Yarp.ReverseProxy.Model;

namespace EdgeGateway.Gateway.Proxy;

/// <summary>
/// The local reverse proxy that relays the consultation's video (YARP, configured by the
/// <c>ReverseProxy</c> section in YARP's own schema). A route whose metadata says
/// <c>"Video": "true"</c> carries a video consultation: while one of its requests or WebSockets
/// is open, the link is reserved for it and the sync worker holds the routine backlog back.
/// </summary>
public static class ProxySetup
{
    /// <summary>The route metadata key marking a video route.</summary>
    public const string VideoMetadataKey = "Video";

    /// <summary>Registers YARP with the routes and clusters of the <c>ReverseProxy</c> section (none by default).</summary>
    public static IHostApplicationBuilder AddVideoProxy(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        return builder;
    }

    /// <summary>Maps the proxy's routes, raising the video signal around every request of a video route.</summary>
    public static WebApplication MapVideoProxy(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var link = app.Services.GetRequiredService<LinkActivity>();
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(async (context, next) =>
            {
                if (!IsVideoRoute(context.GetReverseProxyFeature().Route))
                {
                    await next().ConfigureAwait(false);
                    return;
                }

                using (link.BeginVideo())
                {
                    await next().ConfigureAwait(false);
                }
            });
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        return app;
    }

    private static bool IsVideoRoute(RouteModel route) =>
        route.Config.Metadata?.TryGetValue(VideoMetadataKey, out var value) == true
        && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
