// A writer for the crash tests: appends readings from several producers as fast as the Outbox
// acknowledges them, and writes each acknowledged reading id to a log, one line each, after the
// acknowledgement. With a platform URL it also drains the Outbox to it, as the gateway does. The
// test kills this process with SIGKILL at a random moment and checks that every id in the log is
// in the Outbox or at the platform, once.
// Usage: OutboxCrashChild DATA_DIR ACK_LOG [PLATFORM_URL]
using System.Diagnostics.Metrics;
using System.Text;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.SyncAgent.Fhir;
using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.SyncAgent.Sync;
using EdgeGateway.SyncAgent.Uplink.Fhir;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

var dataDir = args[0];
var ackLog = args[1];
await using var outbox = Outbox.Open(new StorageOptions { DataDir = dataDir }, NullLogger<Outbox>.Instance);
await using var log = new StreamWriter(new FileStream(ackLog, FileMode.Append, FileAccess.Write, FileShare.Read), Encoding.ASCII) { AutoFlush = true };
var gate = new Lock();

if (args.Length > 2)
{
    var options = new FhirUplinkOptions { BaseUrl = new Uri(args[2]), AllowInsecureHttp = true, BatchSize = 50 };
    using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    var uplink = new FhirUplink(new HttpClient(), new TransactionBundleBuilder(new ObservationMapper("crash")), Options.Create(options), NullLogger<FhirUplink>.Instance);
    var statistics = new SyncStatistics(services.GetRequiredService<IMeterFactory>(), () => (outbox.Count, outbox.FileBytes, null), TimeProvider.System);
    var worker = new SyncWorker(outbox, uplink, Options.Create(options), statistics, new LinkActivity(TimeProvider.System),
        new ConnectivityProbe(options.BaseUrl, options.ProbeInterval, TimeSpan.FromSeconds(5)), TimeProvider.System, NullLogger<SyncWorker>.Instance);
    _ = Task.Run(() => worker.RunAsync(CancellationToken.None));
}

Console.WriteLine("ready");
var producers = Enumerable.Range(0, 8).Select(producer => Task.Run(async () =>
{
    for (var n = 0; ; n++)
    {
        var reading = new Reading
        {
            ReadingId = ReadingIds.Process.Next(),
            DeviceId = $"crash-{producer}",
            Protocol = "ble-blood-pressure",
            Measurement = new Measurement
            {
                Code = Loinc.HeartRate,
                Display = "Heart rate",
                Value = new ObservedValue(Loinc.HeartRate, "Heart rate", Quantity.Of(60 + (n % 40), Ucum.PerMinute)),
            },
            ReceivedAt = DateTimeOffset.UtcNow,
            RawFrame = [0x00, (byte)n],
        };
        await outbox.AppendAsync(reading);
        lock (gate)
        {
            // Written to the kernel at once (AutoFlush): a SIGKILL cannot lose it, only a power cut could.
            log.WriteLine(reading.ReadingId);
        }
    }
})).ToArray();

await Task.WhenAll(producers);
