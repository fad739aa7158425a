using EdgeGateway.Gateway.Tests.Support;
using EdgeGateway.SyncAgent.Sync;
using EdgeGateway.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace EdgeGateway.Gateway.Tests.Proxy;

/// <summary>The real gateway relaying a real (Kestrel) video service through YARP, and raising the link signal while video flows.</summary>
public sealed class VideoProxyTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new();
    private WebApplication _videoService = null!;
    private Uri _videoAddress = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _videoService = builder.Build();
        // A stream that lasts until the viewer leaves, as a consultation's video does.
        _videoService.MapGet("/{**path}", async (HttpContext context) =>
        {
            context.Response.ContentType = "video/mp4";
            var chunk = new byte[4096];
            while (!context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(50, context.RequestAborted);
            }
        });
        await _videoService.StartAsync();
        _videoAddress = new Uri(_videoService.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public async Task DisposeAsync()
    {
        await _videoService.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task VideoRoute_RelaysTheStream_AndHoldsTheLinkOnlyWhileItFlows()
    {
        await using var gateway = await StartGatewayAsync();
        var link = gateway.App.Services.GetRequiredService<LinkActivity>();
        Assert.False(link.VideoActive);

        using (var response = await gateway.Http.GetAsync("/visio/room-1/stream", HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.True(response.IsSuccessStatusCode);
            await using var body = await response.Content.ReadAsStreamAsync();
            var buffer = new byte[8192];
            Assert.True(await body.ReadAtLeastAsync(buffer, 8192) == 8192, "the video bytes come through the proxy");
            Assert.Equal(1, link.VideoSessions);
            Assert.True(link.VideoActive);
        }

        await Eventually.Holds(() => link.VideoSessions == 0);
    }

    [Fact]
    public async Task OtherRoute_IsRelayed_WithoutHoldingTheLink()
    {
        await using var gateway = await StartGatewayAsync();
        var link = gateway.App.Services.GetRequiredService<LinkActivity>();

        using var response = await gateway.Http.GetAsync("/docs/leaflet.pdf", HttpCompletionOption.ResponseHeadersRead);
        await using var body = await response.Content.ReadAsStreamAsync();
        Assert.Equal(4096, await body.ReadAtLeastAsync(new byte[4096], 4096));

        Assert.Equal(0, link.VideoSessions);
        Assert.False(link.VideoActive);
    }

    [Fact]
    public async Task VideoServiceDown_TheViewerGets502_AndTheLinkIsReleased()
    {
        await using var gateway = await StartGatewayAsync($"http://127.0.0.1:{Mosquitto.FreePort()}/");
        var link = gateway.App.Services.GetRequiredService<LinkActivity>();

        using var response = await gateway.Http.GetAsync("/visio/room-1/stream");

        Assert.Equal(System.Net.HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Equal(0, link.VideoSessions);
    }

    private Task<GatewayUnderTest> StartGatewayAsync(string? videoDestination = null) =>
        GatewayUnderTest.StartAsync(_root.Path, TimeSpan.FromSeconds(5),
            "--ReverseProxy:Routes:visio:ClusterId=video",
            "--ReverseProxy:Routes:visio:Match:Path=/visio/{**rest}",
            "--ReverseProxy:Routes:visio:Metadata:Video=true",
            "--ReverseProxy:Routes:docs:ClusterId=video",
            "--ReverseProxy:Routes:docs:Match:Path=/docs/{**rest}",
            $"--ReverseProxy:Clusters:video:Destinations:main:Address={videoDestination ?? _videoAddress.ToString()}");
}
