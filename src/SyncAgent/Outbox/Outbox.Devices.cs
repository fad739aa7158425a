using System.Buffers.Binary;
using EdgeGateway.DeviceDrivers.Readings;
using LiteDB;

namespace EdgeGateway.SyncAgent.Outbox;

public sealed partial class Outbox
{
    private const string SeenCollection = "seen";
    private const string DevicesCollection = "devices";

    /// <summary>
    /// How long a reading is remembered as seen, by the device's own time: longer than devices keep
    /// records in their memory (meters keep a few hundred, cuffs a few months).
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
    public int? LastDeviceSequence(string deviceId) => LastDeviceRecord(deviceId)?.Sequence;

    /// <summary>
    /// The last record stored from <paramref name="deviceId"/>: its number and the time the device
    /// gave it (a meter whose memory was reset, or another meter under the same id, has another
    /// record under that number). Null when none.
    /// </summary>
    public DeviceRecord? LastDeviceRecord(string deviceId) =>
        _devices.FindById(deviceId) is { } device
            ? new DeviceRecord(device["seq"].AsInt32, device["t"].IsNull ? null : new DateTime(device["t"].AsInt64, DateTimeKind.Unspecified))
            : null;

    /// <summary>
    /// The device's time (big-endian ticks, 0 when it gave none) then 8 bytes of the keyed
    /// fingerprint: live readings arrive in time order, so each key lands at the right edge of the
    /// index (a random key dirtied a page of it per reading, and cost 2.5 times the ingest), and
    /// forgetting old ones is one range.
    /// </summary>
    private static byte[] SeenKey(DateTime? deviceTime, ReadOnlySpan<byte> fingerprint)
    {
        var key = new byte[16];
        BinaryPrimitives.WriteInt64BigEndian(key, deviceTime?.Ticks ?? 0);
        fingerprint[..Math.Min(8, fingerprint.Length)].CopyTo(key.AsSpan(8));
        return key;
    }

    internal sealed partial class WriterScope
    {
        public long? InsertOnce(Reading reading, string fingerprint, RecordClass recordClass, Delivery delivery)
        {
            var key = new BsonValue(SeenKey(reading.Measurement.DeviceLocalTime, Outbox._sealer.Fingerprint(reading.DeviceId + "\n" + fingerprint)));
            if (Outbox._seen.FindById(key) is not null)
            {
                return null;
            }

            Outbox._seen.Insert(new BsonDocument { ["_id"] = key });
            if (reading.Measurement.DeviceSequenceNumber is { } sequence)
            {
                Outbox._devices.Upsert(new BsonDocument
                {
                    ["_id"] = reading.DeviceId,
                    ["seq"] = sequence,
                    ["t"] = reading.Measurement.DeviceLocalTime is { } time ? time.Ticks : BsonValue.Null,
                });
            }

            return Insert(reading, recordClass, delivery);
        }

        /// <summary>Forgets readings the device stamped before <paramref name="cutoff"/> (those without a device time are kept).</summary>
        public int ForgetSeen(DateTime cutoff) =>
            Outbox._seen.DeleteMany(Query.And(
                Query.GTE("_id", new BsonValue(SeenKey(DateTime.MinValue.AddTicks(1), []))),
                Query.LT("_id", new BsonValue(SeenKey(cutoff, [])))));
    }
}
