// Compiled into two test projects with different global usings: a using needed in one is redundant in the other.
#pragma warning disable IDE0005

using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using EdgeGateway.SyncAgent.Fhir;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.Tests.Shared;

/// <summary>
/// The national platform, played by real Kestrel: takes FHIR transaction Bundles, honours
/// <c>ifNoneExist</c> (so it holds each reading once however often it is sent), and can be made
/// to fail the ways real platforms and links do.
/// </summary>
public sealed class FakePlatform : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Observation> _observations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _devices = new(StringComparer.Ordinal);
    private int _requests;

    private FakePlatform(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Observations in the order the platform first stored them.</summary>
    public ConcurrentQueue<Observation> Stored { get; } = new();

    /// <summary>Every Observation entry received (duplicates included).</summary>
    public int EntriesReceived;

    /// <summary>Answer 503 to every request while true.</summary>
    public volatile bool Unavailable;

    /// <summary>Reset the connection of every <c>n</c>-th request (0: never): a link cut mid-request.</summary>
    public volatile int CutEveryNthRequest;

    /// <summary>Refuse bundles with more entries than this, as a whole (some servers cap conditional transactions).</summary>
    public volatile int MaxEntries = int.MaxValue;

    /// <summary>Answer 415 to gzip bodies.</summary>
    public volatile bool RefuseGzip;

    /// <summary>Refuse (422, naming the entry) any Observation for which this returns true.</summary>
    public Func<Observation, bool>? Reject { get; set; }

    /// <summary>Refuse (400, blaming the whole bundle, naming no entry) a transaction holding an Observation for which this returns true.</summary>
    public Func<Observation, bool>? RejectWithoutEntry { get; set; }

    /// <summary>Answer every request with this status and an HTML page (a proxy, a wrong URL), when set.</summary>
    public volatile int ForceHtmlStatus;

    /// <summary>Refuse (422) the bundle's first Device entry, naming it.</summary>
    public volatile bool RejectDevices;

    /// <summary>Send the headers of the answer, then stall forever.</summary>
    public volatile bool StallBody;

    /// <summary>Gzip bodies received.</summary>
    public int GzipBodies;

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<FakePlatform> StartAsync(X509Certificate2? serverCertificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddRequestDecompression();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen =>
        {
            if (serverCertificate is not null)
            {
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = serverCertificate,
                    ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                    // The test's client certificates come from the test's own CA: accept what it issued.
                    ClientCertificateValidation = (certificate, _, _) => certificate.Issuer.Contains("EdgeGateway Test CA", StringComparison.Ordinal),
                });
            }
        }));
        var app = builder.Build();
        var platform = new FakePlatform(app);
        app.Use(async (context, next) =>
        {
            platform.CountAndMaybeFail(context);
            if (context.RequestAborted.IsCancellationRequested || context.Response.HasStarted)
            {
                return;
            }

            await next(context);
        });
        app.UseRequestDecompression();
        app.MapPost("/", (Func<HttpContext, Task<IResult>>)platform.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        platform.BaseUrl = new Uri(address.Replace("127.0.0.1", serverCertificate is null ? "127.0.0.1" : "localhost", StringComparison.Ordinal) + "/");
        return platform;
    }

    /// <summary>How many distinct readings the platform holds.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _observations.Count;
            }
        }
    }

    private void CountAndMaybeFail(HttpContext context)
    {
        var n = Interlocked.Increment(ref _requests);
        if (CutEveryNthRequest > 0 && n % CutEveryNthRequest == 0)
        {
            context.Abort();
        }
        else if (ForceHtmlStatus != 0)
        {
            context.Response.StatusCode = ForceHtmlStatus;
            context.Response.ContentType = "text/html";
            context.Response.WriteAsync("<html><body>Not here</body></html>").GetAwaiter().GetResult();
        }
        else if (StallBody)
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/fhir+json";
            context.Response.Body.FlushAsync().GetAwaiter().GetResult();
            System.Threading.Tasks.Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default).GetAwaiter().GetResult();
        }
        else if (Unavailable)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        }
        else if (RefuseGzip && context.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.Ordinal))
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
        }
        else
        {
            if (context.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref GzipBodies);
            }

            return;
        }

        // Make HasStarted true so the pipeline stops here.
        context.Response.Body.FlushAsync().GetAwaiter().GetResult();
    }

    private async Task<IResult> HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var bundle = FhirJson.Deserialize<Bundle>(await reader.ReadToEndAsync());
        if (bundle.Type != Bundle.BundleType.Transaction)
        {
            return Outcome(400, "only transaction bundles are accepted", null);
        }

        if (bundle.Entry.Count > MaxEntries)
        {
            return Outcome(400, $"this server accepts at most {MaxEntries} conditional entries in one transaction", null);
        }

        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            if (RejectDevices && bundle.Entry[i].Resource is Device)
            {
                return Outcome(422, "Device.identifier system is not registered", $"Bundle.entry[{i}].resource");
            }

            if (bundle.Entry[i].Resource is Observation observation && Reject?.Invoke(observation) == true)
            {
                return Outcome(422, "Observation.valueQuantity is out of the accepted range", $"Bundle.entry[{i}].resource");
            }

            if (bundle.Entry[i].Resource is Observation suspect && RejectWithoutEntry?.Invoke(suspect) == true)
            {
                return Outcome(400, "the transaction holds an invalid resource", null);
            }
        }

        // All or nothing, as a transaction: apply every entry under one lock.
        var response = new Bundle { Type = Bundle.BundleType.TransactionResponse };
        lock (_gate)
        {
            foreach (var entry in bundle.Entry)
            {
                // Without ifNoneExist every resend would create a duplicate: count it as its own key.
                var key = entry.Request?.IfNoneExist ?? Guid.NewGuid().ToString();
                switch (entry.Resource)
                {
                    case Device:
                        var created = !_devices.ContainsKey(key);
                        if (created)
                        {
                            _devices[key] = Guid.NewGuid().ToString("N");
                        }

                        response.Entry.Add(Answer(created, $"Device/{_devices[key]}"));
                        break;
                    case Observation observation:
                        Interlocked.Increment(ref EntriesReceived);
                        var isNew = !_observations.ContainsKey(key);
                        if (isNew)
                        {
                            _observations[key] = observation;
                            Stored.Enqueue(observation);
                        }

                        response.Entry.Add(Answer(isNew, $"Observation/{Math.Abs(key.GetHashCode(StringComparison.Ordinal))}"));
                        break;
                    default:
                        return Outcome(400, $"unexpected {entry.Resource?.TypeName}", null);
                }
            }
        }

        return Results.Content(FhirJson.Serialize(response), "application/fhir+json", statusCode: 200);
    }

    private static Bundle.EntryComponent Answer(bool created, string location) => new()
    {
        Response = new Bundle.ResponseComponent { Status = created ? "201 Created" : "200 OK", Location = location },
    };

    private static IResult Outcome(int status, string text, string? expression)
    {
        var outcome = new OperationOutcome
        {
            Issue =
            [
                new OperationOutcome.IssueComponent
                {
                    Severity = OperationOutcome.IssueSeverity.Error,
                    Code = OperationOutcome.IssueType.Invalid,
                    Diagnostics = text,
                    Expression = expression is null ? [] : [expression],
                },
            ],
        };
        return Results.Content(FhirJson.Serialize(outcome), "application/fhir+json", statusCode: status);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
