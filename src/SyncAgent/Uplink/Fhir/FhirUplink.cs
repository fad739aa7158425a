using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
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
    private volatile bool _gzipRefused;
    private long _bytesSent;
    private long _requests;

    /// <summary>Request body bytes put on the wire since start (after compression).</summary>
    public long BytesSent => Interlocked.Read(ref _bytesSent);

    /// <summary>Requests sent since start.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Delivers <paramref name="batch"/>, splitting it as the platform requires; never throws for what the platform or the network does.</summary>
    public async Task<UplinkResult> SendAsync(IReadOnlyList<StoredReading> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var acknowledged = new List<long>();
        var refused = new List<(long, string)>();
        var pending = new Stack<IReadOnlyList<StoredReading>>();
        pending.Push(batch);
        while (pending.TryPop(out var part))
        {
            if (part.Count == 0)
            {
                continue;
            }

            var built = builder.Build(part);
            Answer answer;
            try
            {
                answer = await PostAsync(built.Bundle, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
            {
                // Refused connection, reset, TLS failure, timeout, an open circuit: the link's problem, not the readings'.
                Log.NotDelivered(logger, part.Count, ex.Message);
                return new UplinkResult(acknowledged, refused, $"platform unreachable: {ex.Message}");
            }

            switch (answer)
            {
                case { Status: >= HttpStatusCode.OK and < HttpStatusCode.MultipleChoices }:
                    var failure = ReadTransactionResponse(built, part, answer.Body as Bundle, acknowledged, refused);
                    if (failure is not null)
                    {
                        return new UplinkResult(acknowledged, refused, failure);
                    }

                    break;

                case { Status: HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests or >= HttpStatusCode.InternalServerError }:
                    return new UplinkResult(acknowledged, refused, PlatformAnswer.Describe(answer.Status, answer.Body as OperationOutcome), answer.RetryAfter);

                case { Status: >= HttpStatusCode.BadRequest }:
                    Refuse(built, part, answer, pending, refused);
                    break;

                default:
                    return new UplinkResult(acknowledged, refused, $"unexpected answer HTTP {(int)answer.Status}");
            }
        }

        return new UplinkResult(acknowledged, refused, null);
    }

    /// <summary>A 4xx: blame one entry if the platform names it, else split, else (a batch of one) refuse it.</summary>
    private void Refuse(TransactionBatch built, IReadOnlyList<StoredReading> part, Answer answer,
        Stack<IReadOnlyList<StoredReading>> pending, List<(long, string)> refused)
    {
        var outcome = answer.Body as OperationOutcome;
        var reason = PlatformAnswer.Describe(answer.Status, outcome);
        if (PlatformAnswer.BlamedEntry(outcome) is { } entry && entry >= 0 && entry < built.EntryRecords.Count)
        {
            var blamed = built.EntryRecords[entry].ToHashSet();
            foreach (var id in blamed)
            {
                refused.Add((id, reason));
            }

            pending.Push([.. part.Where(r => !blamed.Contains(r.RecordId))]);
            return;
        }

        if (part.Count > 1)
        {
            Log.SplittingBatch(logger, part.Count, (int)answer.Status);
            var half = part.Count / 2;
            pending.Push([.. part.Skip(half)]);
            pending.Push([.. part.Take(half)]);
            return;
        }

        refused.Add((part[0].RecordId, reason));
    }

    private static string? ReadTransactionResponse(TransactionBatch built, IReadOnlyList<StoredReading> part, Bundle? response,
        List<long> acknowledged, List<(long, string)> refused)
    {
        if (response is null || response.Entry.Count != built.Bundle.Entry.Count)
        {
            return $"the platform's transaction-response has {response?.Entry.Count ?? 0} entries for {built.Bundle.Entry.Count} sent";
        }

        foreach (var stored in part)
        {
            var status = response.Entry[built.ObservationEntries[stored.RecordId]].Response?.Status;
            if (PlatformAnswer.IsSuccess(status))
            {
                acknowledged.Add(stored.RecordId);
            }
            else if (PlatformAnswer.IsClientError(status))
            {
                refused.Add((stored.RecordId, $"entry status {status}"));
            }
        }

        // Entries neither acknowledged nor refused (5xx inside a 2xx) stay in the Outbox for the next try.
        return acknowledged.Count + refused.Count < part.Count ? "some entries were not accepted; retrying them later" : null;
    }

    private sealed record Answer(HttpStatusCode Status, Resource? Body, TimeSpan? RetryAfter);

    private async Task<Answer> PostAsync(Bundle bundle, CancellationToken cancellationToken)
    {
        var json = Encoding.UTF8.GetBytes(FhirJson.Serialize(bundle));
        while (true)
        {
            var gzip = options.Value.Gzip && !_gzipRefused;
            var body = gzip ? Compress(json) : json;
            using var request = new HttpRequestMessage(HttpMethod.Post, options.Value.BaseUrl) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = FhirJsonType;
            if (gzip)
            {
                request.Content.Headers.ContentEncoding.Add("gzip");
            }

            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/fhir+json"));
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

    private static byte[] Compress(byte[] json)
    {
        using var buffer = new MemoryStream(json.Length / 4);
        // Smallest size: the link is the scarce resource, and a batch compresses in milliseconds.
        using (var gzip = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            gzip.Write(json);
        }

        return buffer.ToArray();
    }
}
