using System.Text.Json;
using EdgeGateway.SyncAgent.Fhir;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace EdgeGateway.Gateway.Bench;

/// <summary>
/// The loopback FHIR endpoint the benchmark drains to: real Kestrel, real decompression, a full JSON
/// parse of every Bundle checking what a platform relies on (a transaction; each entry a resource
/// with a conditional POST), answering a transaction-response with one <c>201 Created</c> per entry.
/// It does not build FHIR objects: a platform does that on its own servers, and on this box's two
/// cores it would measure the endpoint rather than the gateway (a Firely parse of a 500-reading
/// Bundle costs about three times what the gateway spends to read, build, serialize and compress it).
/// That what the gateway sends is valid FHIR is proved in the tests, against the profiles.
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
            using var document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
            if (CountEntries(document.RootElement) is not { } entries)
            {
                return Results.BadRequest("not a transaction Bundle of conditional creates");
            }

            var response = new Bundle { Type = Bundle.BundleType.TransactionResponse };
            for (var i = 0; i < entries; i++)
            {
                response.Entry.Add(new Bundle.EntryComponent { Response = new Bundle.ResponseComponent { Status = "201 Created" } });
            }

            return Results.Content(FhirJson.Serialize(response), "application/fhir+json");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchPlatform(app, new Uri(address + "/"));
    }

    /// <summary>The number of entries of a transaction Bundle whose entries all POST a resource conditionally, or null.</summary>
    private static int? CountEntries(JsonElement bundle)
    {
        if (!bundle.TryGetProperty("resourceType", out var type) || type.GetString() != "Bundle"
            || !bundle.TryGetProperty("type", out var kind) || kind.GetString() != "transaction"
            || !bundle.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var entry in entries.EnumerateArray())
        {
            if (!entry.TryGetProperty("resource", out var resource) || !resource.TryGetProperty("resourceType", out _)
                || !entry.TryGetProperty("request", out var request) || !request.TryGetProperty("ifNoneExist", out _)
                || !request.TryGetProperty("method", out var method) || method.GetString() != "POST")
            {
                return null;
            }
        }

        return entries.GetArrayLength();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
