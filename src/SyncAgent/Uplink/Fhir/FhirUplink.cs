using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using EdgeGateway.SyncAgent.Fhir;
using EdgeGateway.SyncAgent.Outbox;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeGateway.SyncAgent.Uplink.Fhir;

/// <summary>
/// Sends readings to the national platform as FHIR transaction Bundles (the contract in
/// ARCHITECTURE.md) and sorts out the answer: acknowledged, refused (4xx naming an entry, or a
/// batch of one), or not delivered (down, 5xx, timeout). A 4xx that blames the bundle as a whole —
/// a platform capping conditional entries, a body too large — splits the batch instead of
/// dead-lettering readings that did nothing wrong.
/// </summary>
public sealed partial class FhirUplink(HttpClient http, TransactionBundleBuilder builder, IOptions<FhirUplinkOptions> options, ILogger<FhirUplink> logger)
{
    private static readonly MediaTypeHeaderValue FhirJsonType = new("application/fhir+json") { CharSet = "utf-8" };

    /// <summary>How long a learned cap on entries per transaction holds before the configured size is tried again.</summary>
    private static readonly TimeSpan CapLifetime = TimeSpan.FromHours(1);

    private readonly BandwidthBudget _budget = new(options.Value.MaxBytesPerSecond, TimeProvider.System);
    private volatile bool _gzipRefused;
    private long _bytesSent;
    private long _requests;
    private int _cap = int.MaxValue;
    private long _capSetAt;

    /// <summary>Request body bytes put on the wire since start (after compression).</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Requests sent since start.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>
    /// The most readings per transaction the platform took after refusing a larger one (it caps
    /// conditional entries, or the body size), or null while none was learned. Later batches start
    /// at that size rather than being refused and split every time; after an hour the configured
    /// size is tried again.
    /// </summary>
    public int? LearnedCap
    {
        get
        {
            var cap = Volatile.Read(ref _cap);
            if (cap == int.MaxValue)
            {
                return null;
            }

            if (TimeProvider.System.GetUtcNow().UtcTicks - Interlocked.Read(ref _capSetAt) > CapLifetime.Ticks)
            {
                Volatile.Write(ref _cap, int.MaxValue);
                return null;
            }

            return cap;
        }
    }

    /// <summary>Delivers <paramref name="batch"/>, splitting it as the platform requires; never throws for what the platform or the network does.</summary>
    public async Task<UplinkResult> SendAsync(IReadOnlyList<StoredReading> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var acknowledged = new List<long>();
        var refused = new List<(long, string)>();
        var pending = new Stack<IReadOnlyList<StoredReading>>();
        var split = false;
        var largestAfterSplit = 0;
        var chunk = LearnedCap ?? batch.Count;
        // In order: the first chunk is popped first.
        for (var start = ((batch.Count - 1) / Math.Max(1, chunk)) * chunk; start >= 0; start -= chunk)
        {
            pending.Push([.. batch.Skip(start).Take(chunk)]);
        }

        while (pending.TryPop(out var part))
        {
            if (part.Count == 0)
            {
                continue;
            }

            TransactionBatch built;
            try
            {
                built = builder.Build(part);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A reading the mapping cannot express: find it by halving, and refuse it alone.
                if (part.Count > 1)
                {
                    Split(part, pending);
                }
                else
                {
                    refused.Add((part[0].RecordId, $"cannot be expressed in FHIR: {ex.Message}"));
                }

                continue;
            }

            Answer answer;
            try
            {
                answer = await PostAsync(built.Bundle, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
            {
                // Refused connection, reset, TLS failure, timeout, an open circuit: the link's problem, not the readings'.
                Log.NotDelivered(logger, part.Count, ex.Message);
                return new UplinkResult(acknowledged, refused, $"platform unreachable: {ex.Message}", NoRoute: IsNoRoute(ex));
            }

            switch (answer)
            {
                case { Status: >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices }:
                    var failure = ReadTransactionResponse(built, part, answer.Body as Bundle, acknowledged, refused);
                    if (failure is not null)
                    {
                        return new UplinkResult(acknowledged, refused, failure);
                    }

                    if (split)
                    {
                        largestAfterSplit = Math.Max(largestAfterSplit, part.Count);
                    }

                    break;

                case { Status: HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError }:
                    return new UplinkResult(acknowledged, refused, PlatformAnswer.Describe(answer.Status, answer.Body as OperationOutcome), answer.RetryAfter);

                case { Status: >= HttpStatusCode.BadRequest } when IsAboutTheContent(answer):
                    split = true;
                    if (LearnedCap is { } cap && part.Count <= cap)
                    {
                        // Refused at or under the cap: it was wrong (or the platform changed); learn again.
                        Volatile.Write(ref _cap, int.MaxValue);
                    }

                    if (Refuse(built, part, answer, pending, refused) is { } problem)
                    {
                        return new UplinkResult(acknowledged, refused, problem);
                    }

                    break;

                case { Status: >= HttpStatusCode.BadRequest }:
                    // 401, 403, 404, 405, 406…, or a 4xx without a FHIR answer (a proxy's page): the
                    // platform or the settings are wrong, not the readings. Nothing is dead-lettered.
                    return new UplinkResult(acknowledged, refused,
                        $"the platform refused the request itself ({PlatformAnswer.Describe(answer.Status, answer.Body as OperationOutcome)}): check Upstream:Fhir (URL, certificate)");

                default:
                    return new UplinkResult(acknowledged, refused, $"unexpected answer HTTP {(int)answer.Status}");
            }
        }

        if (split && refused.Count == 0 && largestAfterSplit > 0)
        {
            // Split, and no reading to blame: the size was the problem. (A split that found a bad
            // reading says nothing about size.)
            Learn(largestAfterSplit);
        }

        return new UplinkResult(acknowledged, refused, null);
    }

    /// <summary>After a refused transaction was split, the largest part the platform took becomes the cap.</summary>
    private void Learn(int accepted)
    {
        Interlocked.Exchange(ref _capSetAt, TimeProvider.System.GetUtcNow().UtcTicks);
        Volatile.Write(ref _cap, accepted);
        Log.CapLearned(logger, accepted);
    }

    /// <summary>
    /// A 4xx about what was sent: 400 or 422 with the platform's OperationOutcome, or 413 (too
    /// large). Only these may split a batch or refuse a reading.
    /// </summary>
    private static bool IsAboutTheContent(Answer answer) =>
        answer.Status == HttpStatusCode.RequestEntityTooLarge
        || (answer.Status is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity && answer.Body is OperationOutcome);

    private static void Split(IReadOnlyList<StoredReading> part, Stack<IReadOnlyList<StoredReading>> pending)
    {
        // The first half goes out first: order per device is kept.
        var half = part.Count / 2;
        pending.Push([.. part.Skip(half)]);
        pending.Push([.. part.Take(half)]);
    }

    /// <summary>
    /// A 4xx about the content: blame one Observation if the platform names it, else split, else (a
    /// batch of one) refuse it. A blamed Device entry is the gateway's own doing, not the readings':
    /// that returns a failure to back off on instead.
    /// </summary>
    private string? Refuse(TransactionBatch built, IReadOnlyList<StoredReading> part, Answer answer,
        Stack<IReadOnlyList<StoredReading>> pending, List<(long, string)> refused)
    {
        var outcome = answer.Body as OperationOutcome;
        var reason = PlatformAnswer.Describe(answer.Status, outcome);
        if (PlatformAnswer.BlamedEntry(outcome) is { } entry && entry >= 0 && entry < built.EntryRecords.Count)
        {
            if (built.Bundle.Entry[entry].Resource is not Observation)
            {
                return $"the platform refused the gateway's Device entry: {reason}";
            }

            var blamed = built.EntryRecords[entry].ToHashSet();
            foreach (var id in blamed)
            {
                refused.Add((id, reason));
            }

            pending.Push([.. part.Where(r => !blamed.Contains(r.RecordId))]);
            return null;
        }

        if (part.Count > 1)
        {
            Log.SplittingBatch(logger, part.Count, (int)answer.Status);
            Split(part, pending);
            return null;
        }

        refused.Add((part[0].RecordId, reason));
        return null;
    }

    private static string? ReadTransactionResponse(TransactionBatch built, IReadOnlyList<StoredReading> part, Bundle? response,
        List<long> acknowledged, List<(long, string)> refused)
    {
        if (response is null || response.Entry.Count != built.Bundle.Entry.Count)
        {
            return $"the platform's transaction-response has {response?.Entry.Count ?? 0} entries for {built.Bundle.Entry.Count} sent";
        }

        var settled = 0;
        foreach (var stored in part)
        {
            var status = response.Entry[built.ObservationEntries[stored.RecordId]].Response?.Status;
            if (PlatformAnswer.IsSuccess(status))
            {
                acknowledged.Add(stored.RecordId);
                settled++;
            }
            else if (PlatformAnswer.IsClientError(status))
            {
                refused.Add((stored.RecordId, $"entry status {status}"));
                settled++;
            }
        }

        // Entries neither acknowledged nor refused (5xx inside a 2xx) stay in the Outbox for the next
        // try, and nothing after them goes out before they do.
        return settled < part.Count ? "some entries were not accepted; retrying them later" : null;
    }

    private sealed record Answer(HttpStatusCode Status, Resource? Body, TimeSpan? RetryAfter);

    private async Task<Answer> PostAsync(Bundle bundle, CancellationToken cancellationToken)
    {
        // One deadline over the quick retries, the headers and the body: a platform that stalls
        // mid-answer must not hold the worker forever.
        var outer = cancellationToken;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cancellationToken = deadline.Token;
        while (true)
        {
            var gzip = options.Value.Gzip && !_gzipRefused;
            var body = gzip ? SerializeCompressed(bundle) : FhirJson.SerializeToUtf8Bytes(bundle);
            using var request = new HttpRequestMessage(HttpMethod.Post, options.Value.BaseUrl) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = FhirJsonType;
            if (gzip)
            {
                request.Content.Headers.ContentEncoding.Add("gzip");
            }

            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
            if (_budget.Reserve(body.Length) is { } wait && wait > TimeSpan.Zero)
            {
                // The cap's wait is not the platform's slowness: it runs before the deadline does.
                await System.Threading.Tasks.Task.Delay(wait, outer).ConfigureAwait(false);
            }

            deadline.CancelAfter((options.Value.Timeout * 3) + TimeSpan.FromSeconds(5));
            Interlocked.Add(ref _bytesSent, body.Length);
            Interlocked.Increment(ref _requests);
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (gzip && response.StatusCode == HttpStatusCode.UnsupportedMediaType)
            {
                // The platform does not take compressed bodies: send plain from now on.
                _gzipRefused = true;
                Log.GzipRefused(logger);
                continue;
            }

            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return new Answer(response.StatusCode, TryParse(text), response.Headers.RetryAfter?.Delta);
        }
    }

    private static Resource? TryParse(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return FhirJson.Deserialize<Resource>(text);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException or InvalidOperationException
                                       or Hl7.Fhir.Serialization.DeserializationFailedException)
        {
            // A proxy's HTML error page, say: the status code still says what happened.
            return null;
        }
    }

    /// <summary>
    /// The Bundle's JSON written straight through gzip: only the compressed body (about 2 % of the
    /// JSON) is ever held, never the JSON itself (600 KB for 500 readings, a large-object-heap
    /// array per batch that only a full collection gives back).
    /// </summary>
    private static byte[] SerializeCompressed(Bundle bundle)
    {
        using var buffer = new MemoryStream(16 * 1024);
        // Smallest size: the link is the scarce resource, and a batch compresses in milliseconds.
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            FhirJson.Serialize(gzip, bundle);
        }

        return buffer.ToArray();
    }

    /// <summary>True when no connection could be opened at all (as opposed to a platform that answered badly or stalled).</summary>
    private static bool IsNoRoute(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError })
            {
                return true;
            }
        }

        return false;
    }
}
