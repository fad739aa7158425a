using EdgeGateway.SyncAgent.Fhir;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace EdgeGateway.Gateway.Bench;

/// <summary>
/// The loopback FHIR endpoint the benchmark drains to: real Kestrel, real decompression and a real
/// FHIR parse of every Bundle, answering a transaction-response with one <c>201 Created</c> per entry.
/// </summary>
internal sealed class BenchPlatform : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BenchPlatform(WebApplication app, Uri baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public static async Task<BenchPlatform> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddRequestDecompression();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.UseRequestDecompression();
        app.MapPost("/", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var bundle = FhirJson.Deserialize<Bundle>(await reader.ReadToEndAsync());
            var response = new Bundle { Type = Bundle.BundleType.TransactionResponse };
            foreach (var _ in bundle.Entry)
            {
                response.Entry.Add(new Bundle.EntryComponent { Response = new Bundle.ResponseComponent { Status = "201 Created" } });
            }

            return Results.Content(FhirJson.Serialize(response), "application/fhir+json");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchPlatform(app, new Uri(address + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
