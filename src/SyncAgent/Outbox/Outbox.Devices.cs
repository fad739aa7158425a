using EdgeGateway.DeviceDrivers.Readings;
using LiteDB;

namespace EdgeGateway.SyncAgent.Outbox;

public sealed partial class Outbox
{
    private const string SeenCollection = "seen";
    private const string DevicesCollection = "devices";

    /// <summary>
    /// How long a reading is remembered as seen: longer than any device keeps records in its memory
    /// (meters keep a few hundred, cuffs a few months).
    /// </summary>
    private static readonly TimeSpan SeenRetention = TimeSpan.FromDays(400);

    /// <summary>
    /// Like <see cref="AppendAsync"/>, but a reading its device already sent — the same
    /// <paramref name="fingerprint"/> (see <see cref="ReadingFingerprint"/>) from the same device —
    /// is not stored again: returns null. The check and the append are one transaction, so a crash
    /// between them neither loses the reading nor lets it in twice.
    /// </summary>
    public Task<long?> AppendOnceAsync(Reading reading, string fingerprint, RecordClass recordClass = RecordClass.Clinical,
        Delivery delivery = Delivery.Routine, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reading);
        ArgumentException.ThrowIfNullOrEmpty(fingerprint);
        return SubmitAsync(scope => scope.InsertOnce(reading, fingerprint, recordClass, delivery), cancellationToken, addsData: true);
    }

    /// <summary>
    /// The device's own record number (e.g. a glucose meter's sequence number) of the last reading
    /// stored from <paramref name="deviceId"/>, kept after the reading itself is sent; null when none.
    /// </summary>
    public int? LastDeviceSequence(string deviceId) =>
        _devices.FindById(deviceId) is { } device ? device["seq"].AsInt32 : null;

    internal sealed partial class WriterScope
    {
        public long? InsertOnce(Reading reading, string fingerprint, RecordClass recordClass, Delivery delivery)
        {
            var key = new BsonValue(Outbox._sealer.Fingerprint(reading.DeviceId + "\n" + fingerprint));
            if (Outbox._seen.FindById(key) is not null)
            {
                return null;
            }

            Outbox._seen.Insert(new BsonDocument { ["_id"] = key, ["t"] = Now.ToUnixTimeMilliseconds() });
            if (reading.Measurement.DeviceSequenceNumber is { } sequence)
            {
                Outbox._devices.Upsert(new BsonDocument { ["_id"] = reading.DeviceId, ["seq"] = sequence });
            }

            return Insert(reading, recordClass, delivery);
        }

        /// <summary>Forgets readings seen before <paramref name="cutoffMs"/>.</summary>
        public int ForgetSeen(long cutoffMs) => Outbox._seen.DeleteMany(Query.LT("t", cutoffMs));
    }
}
