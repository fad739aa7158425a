using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EdgeGateway.DeviceDrivers.Ble.BloodPressure;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.SyncAgent.Fhir;
using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.SyncAgent.Uplink.Fhir;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Gateway.Bench;

/// <summary>
/// <c>edgegateway bench</c>: synthetic readings (real 0x2A35 frames through the real decoder) into
/// the real Outbox in a real data directory, durable and encrypted, then drained to a loopback FHIR
/// endpoint. The same ingest without encryption and without fsync is measured in the same run as
/// baselines. With <c>--json</c> the last line is one JSON object.
/// </summary>
internal static class BenchCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var dataDir = new Option<string?>("--data-dir") { Description = "Where to put the benchmark's Outbox files (default: a new folder under /tmp, removed after)" };
        var readings = new Option<int>("--readings") { Description = "Readings per run (default 50000)", DefaultValueFactory = _ => 50_000 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of the three ingest configurations (default 3; the median is reported)", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "End with one line of JSON" };
        var command = new Command("bench", "Measure durable encrypted ingest and drain on this machine.") { dataDir, readings, rounds, json };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(dataDir), parse.GetValue(readings), parse.GetValue(rounds), parse.GetValue(json), stdout, stderr, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string? dataDir, int count, int rounds, bool json, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        if (count is < 100 or > 10_000_000)
        {
            await stderr.WriteLineAsync("edgegateway bench: --readings must be between 100 and 10000000").ConfigureAwait(false);
            return 2;
        }

        if (rounds is < 1 or > 9)
        {
            await stderr.WriteLineAsync("edgegateway bench: --rounds must be between 1 and 9").ConfigureAwait(false);
            return 2;
        }

        var root = dataDir ?? Path.Combine(Path.GetTempPath(), $"edgegateway-bench-{Environment.ProcessId}");
        var removeAfter = dataDir is null;
        try
        {
            await stdout.WriteLineAsync($"edgegateway bench: {count} readings, data in {Path.GetFullPath(root)}, {Environment.ProcessorCount} cores").ConfigureAwait(false);
            var synthetic = new SyntheticReadings();

            // Rounds of each configuration in turn (three by default); the median of each is reported.
            // The first round also pays for the JIT and a cold page cache, which the median discounts.
            // Each reading goes in as a device's does: once only, checked against the fingerprints of
            // those already stored; the same ingest without that check is one more baseline.
            var runs = new Dictionary<(BenchBaseline Baseline, bool Once), List<IngestFigures>>
            {
                [(BenchBaseline.None, true)] = [], [(BenchBaseline.NoEncryption, true)] = [], [(BenchBaseline.NoFsync, true)] = [], [(BenchBaseline.None, false)] = [],
            };
            for (var round = 0; round < rounds; round++)
            {
                foreach (var ((baseline, once), figures) in runs)
                {
                    var directory = Path.Combine(root, $"{FolderName(baseline)}{(once ? "" : "-every")}-{round}");
                    figures.Add(await IngestAsync(directory, synthetic, count, baseline, once, cancellationToken).ConfigureAwait(false));
                    if (round < rounds - 1 || baseline != BenchBaseline.None || !once)
                    {
                        Directory.Delete(directory, recursive: true);
                    }
                }
            }

            // The peak while the readings are being buffered and held, before anything drains them.
            var rssBuffered = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
            var durable = Median(runs[(BenchBaseline.None, true)]);
            var plain = Median(runs[(BenchBaseline.NoEncryption, true)]);
            var unsynced = Median(runs[(BenchBaseline.NoFsync, true)]);
            var withoutCheck = Median(runs[(BenchBaseline.None, false)]);
            Report(stdout, "ingest, durable and encrypted, once only", durable);
            Report(stdout, "ingest, durable, NOT encrypted (baseline)", plain);
            Report(stdout, "ingest, encrypted, NO fsync (baseline)", unsynced);
            Report(stdout, "ingest, durable and encrypted, NO once-only check (baseline)", withoutCheck);

            // An untimed warm-up drain first: the first Bundles pay for the JIT and the FHIR model's
            // reflection caches (about a second), once per process, which a gateway running for
            // months never pays again. The ingest's median of rounds discounts the same cost.
            var warmUp = Path.Combine(root, "drain-warm-up");
            await IngestAsync(warmUp, synthetic, Math.Min(count, WarmUpReadings), BenchBaseline.NoFsync, once: false, cancellationToken).ConfigureAwait(false);
            await DrainAsync(warmUp, cancellationToken).ConfigureAwait(false);
            Directory.Delete(warmUp, recursive: true);

            var drain = await DrainAsync(Path.Combine(root, $"{FolderName(BenchBaseline.None)}-{rounds - 1}"), cancellationToken).ConfigureAwait(false);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"drain to loopback FHIR: {drain.PerSecond:F0} readings/s, {drain.WireBytesPerReading:F1} bytes/reading on the wire ({drain.Requests} requests)")).ConfigureAwait(false);

            var rss = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
            await stdout.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"ratios: encryption costs {plain.PerSecond / durable.PerSecond:F2}x, fsync costs {unsynced.PerSecond / durable.PerSecond:F2}x, the once-only check costs {withoutCheck.PerSecond / durable.PerSecond:F2}x; peak RSS {rssBuffered:F0} MB with the readings buffered, {rss:F0} MB over the whole run (drain and loopback endpoint included)")).ConfigureAwait(false);
            if (json)
            {
                var figures = new Dictionary<string, object>
                {
                    ["readings"] = count,
                    ["ingest_per_s"] = Math.Round(durable.PerSecond),
                    ["ack_p50_ms"] = Math.Round(durable.P50Ms, 2),
                    ["ack_p99_ms"] = Math.Round(durable.P99Ms, 2),
                    ["ingest_no_encryption_per_s"] = Math.Round(plain.PerSecond),
                    ["ingest_no_fsync_per_s"] = Math.Round(unsynced.PerSecond),
                    ["ingest_without_once_check_per_s"] = Math.Round(withoutCheck.PerSecond),
                    ["drain_per_s"] = Math.Round(drain.PerSecond),
                    ["wire_bytes_per_reading"] = Math.Round(drain.WireBytesPerReading, 1),
                    ["rss_mb"] = Math.Round(rss),
                    ["rss_buffered_mb"] = Math.Round(rssBuffered),
                };
                await stdout.WriteLineAsync(JsonSerializer.Serialize(figures)).ConfigureAwait(false);
            }

            return 0;
        }
        finally
        {
            if (removeAfter && Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    /// <summary>Readings drained, untimed, before the timed drain.</summary>
    private const int WarmUpReadings = 3000;

    private sealed record IngestFigures(double PerSecond, double P50Ms, double P99Ms);

    private static string FolderName(BenchBaseline baseline) => baseline switch
    {
        BenchBaseline.NoEncryption => "no-encryption",
        BenchBaseline.NoFsync => "no-fsync",
        _ => "durable-encrypted",
    };

    private static IngestFigures Median(List<IngestFigures> runs) => runs.OrderBy(r => r.PerSecond).ElementAt(runs.Count / 2);

    private sealed record DrainFigures(double PerSecond, double WireBytesPerReading, long Requests);

    /// <summary>
    /// Readings made on demand, as devices would send them (a real 0x2A35 frame through the real
    /// decoder for each), so the benchmark's own memory does not hide the Outbox's.
    /// </summary>
    private sealed class SyntheticReadings
    {
        private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        private static readonly DateTime Start = new(2026, 11, 29, 8, 0, 0);
        private readonly BloodPressureDecoder _decoder = new();

        public Reading Make(int i)
        {
            var systolic = 100 + (i * 7 % 60);
            var frame = BloodPressureEncoder.Encode(new BloodPressureSample(systolic, systolic - 40, systolic - 27, 50 + (i % 50), Start.AddSeconds(i), 1, null));
            var source = new FrameSource($"bench-{i % 8}", BloodPressureDecoder.ProtocolName, Zone);
            return ReadingFactory.Create(_decoder.Decode(frame), frame, new DateTimeOffset(Start.AddSeconds(i), TimeSpan.FromHours(1)), source)[i % 2];
        }
    }

    private static async Task<IngestFigures> IngestAsync(string dataDir, SyntheticReadings readings, int count, BenchBaseline baseline, bool once, CancellationToken cancellationToken)
    {
        // 128 concurrent appends (a busy clinic's devices and a stored-record download at once):
        // enough to fill commit groups, few enough that the latency is the commit's, not a long queue.
        const int producers = 128;
        var latencies = new double[count];
        var next = -1;
        await using var outbox = Outbox.Open(new StorageOptions { DataDir = dataDir }, NullLogger<Outbox>.Instance, null, null, baseline);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, producers).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
            {
                var reading = readings.Make(i);
                var started = Stopwatch.GetTimestamp();
                if (once && ReadingFingerprint.Of(reading) is { } fingerprint)
                {
                    await outbox.AppendOnceAsync(reading, fingerprint, RecordClass.Clinical, Delivery.Routine, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await outbox.AppendAsync(reading, RecordClass.Clinical, Delivery.Routine, cancellationToken).ConfigureAwait(false);
                }
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }, cancellationToken))).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        Array.Sort(latencies);
        return new IngestFigures(count / elapsed.TotalSeconds, latencies[latencies.Length / 2], latencies[(int)(latencies.Length * 0.99)]);
    }

    private static async Task<DrainFigures> DrainAsync(string dataDir, CancellationToken cancellationToken)
    {
        await using var platform = await BenchPlatform.StartAsync().ConfigureAwait(false);
        var options = new FhirUplinkOptions { BaseUrl = platform.BaseUrl, AllowInsecureHttp = true, BatchSize = 500, Gzip = true };
        using var http = new HttpClient();
        var uplink = new FhirUplink(http, new TransactionBundleBuilder(new ObservationMapper("bench")), Options.Create(options), NullLogger<FhirUplink>.Instance);
        await using var outbox = Outbox.Open(new StorageOptions { DataDir = dataDir }, NullLogger<Outbox>.Instance);
        var clock = Stopwatch.StartNew();
        var delivered = 0;
        while (outbox.Count > 0)
        {
            var batch = outbox.ReadNext(options.BatchSize);
            var result = await uplink.SendAsync(batch, cancellationToken).ConfigureAwait(false);
            if (result.Failure is { } failure)
            {
                throw new InvalidOperationException($"the loopback endpoint failed: {failure}");
            }

            await outbox.AcknowledgeAsync(result.Acknowledged, cancellationToken).ConfigureAwait(false);
            delivered += result.Acknowledged.Count;
        }

        var elapsed = clock.Elapsed;
        return new DrainFigures(delivered / elapsed.TotalSeconds, uplink.BytesSent / (double)Math.Max(1, delivered), uplink.Requests);
    }

    private static void Report(TextWriter stdout, string what, IngestFigures figures) =>
        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {figures.PerSecond:F0} readings/s, acknowledgement p50 {figures.P50Ms:F2} ms, p99 {figures.P99Ms:F2} ms"));
}
