// A writer for the Outbox's crash tests: appends readings from several producers as fast as the
// Outbox acknowledges them, and writes each acknowledged reading id to a log, one line each, after
// the acknowledgement. The test kills this process with SIGKILL at a random moment and checks that
// every id in the log is in the Outbox. Usage: OutboxCrashChild DATA_DIR ACK_LOG
using System.Text;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.SyncAgent.Outbox;
using Microsoft.Extensions.Logging.Abstractions;

var dataDir = args[0];
var ackLog = args[1];
await using var outbox = Outbox.Open(new StorageOptions { DataDir = dataDir }, NullLogger<Outbox>.Instance);
await using var log = new StreamWriter(new FileStream(ackLog, FileMode.Append, FileAccess.Write, FileShare.Read), Encoding.ASCII) { AutoFlush = true };
var gate = new Lock();
Console.WriteLine("ready");

var producers = Enumerable.Range(0, 8).Select(producer => Task.Run(async () =>
{
    for (var n = 0; ; n++)
    {
        var reading = new Reading
        {
            ReadingId = Guid.CreateVersion7().ToString(),
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
