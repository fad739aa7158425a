using System.Buffers.Binary;
using EdgeGateway.DeviceDrivers.Readings;
using LiteDB;

namespace EdgeGateway.SyncAgent.Outbox;

public sealed partial class Outbox
{
    private const string SeenCollection = "fingerprints";
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
        // The keyed hash is computed here, on the caller's thread, not on the single writer's.
        var key = SeenKey(reading.Measurement.DeviceLocalTime, _sealer.Fingerprint(reading.DeviceId + "\n" + fingerprint));
        return SubmitAsync(scope => scope.InsertOnce(reading, key, recordClass, delivery), cancellationToken, addsData: true);
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
    /// A seen reading's key: the device's time (ticks, 0 when it gave none) and 8 bytes of the keyed
    /// fingerprint, whose input holds the device, the time and the values. On disk the keys go one
    /// document per commit, so the check costs no LiteDB insert per reading (one per reading cost 1.7
    /// times the plain append); in memory only the fingerprint's 8 bytes are kept (about 20 bytes
    /// each: a clinic's year of timed readings is a few MB; two different readings share them with
    /// odds of one in 2^64 per pair).
    /// </summary>
    private static UInt128 SeenKey(DateTime? deviceTime, ReadOnlySpan<byte> fingerprint) =>
        new((ulong)(deviceTime?.Ticks ?? 0), BinaryPrimitives.ReadUInt64BigEndian(fingerprint));

    /// <summary>Every key stored, read once at open (the writer alone changes the set afterwards).</summary>
    private static HashSet<ulong> LoadSeenKeys(ILiteCollection<BsonDocument> seen)
    {
        seen.EnsureIndex("n");
        var documents = seen.FindAll().Select(d => d["k"].AsBinary).ToList();
        var keys = new HashSet<ulong>(documents.Sum(packed => packed.Length / 16));
        foreach (var packed in documents)
        {
            for (var i = 0; i + 16 <= packed.Length; i += 16)
            {
                keys.Add((ulong)BinaryPrimitives.ReadUInt128BigEndian(packed.AsSpan(i)));
            }
        }

        return keys;
    }

    internal sealed partial class WriterScope
    {
        private readonly HashSet<UInt128> _newKeys = [];

        public long? InsertOnce(Reading reading, UInt128 key, RecordClass recordClass, Delivery delivery)
        {
            if (Outbox._seenKeys.Contains((ulong)key) || !_newKeys.Add(key))
            {
                return null;
            }

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

        /// <summary>
        /// The transaction's new keys, in one document. "n", when they may be forgotten from, is the
        /// newest of their device times and of now: a reading is remembered 400 days after it was stored
        /// at least, whatever its device's clock said (a clock left at 2000 must not make it forgettable at once).
        /// </summary>
        private void StoreNewKeys()
        {
            if (_newKeys.Count == 0)
            {
                return;
            }

            var packed = new byte[_newKeys.Count * 16];
            var newest = Now.UtcDateTime.Ticks;
            var offset = 0;
            foreach (var key in _newKeys)
            {
                BinaryPrimitives.WriteUInt128BigEndian(packed.AsSpan(offset), key);
                offset += 16;
                newest = Math.Max(newest, (long)(ulong)(key >> 64));
            }

            Outbox._seen.Insert(new BsonDocument { ["k"] = packed, ["n"] = newest });
        }

        /// <summary>Forgets the readings stored, and stamped by their devices, before <paramref name="cutoff"/>; returns how many.</summary>
        public int ForgetSeen(DateTime cutoff)
        {
            var forgotten = 0;
            foreach (var document in Outbox._seen.Find(Query.LT("n", cutoff.Ticks)).ToList())
            {
                var packed = document["k"].AsBinary;
                for (var i = 0; i + 16 <= packed.Length; i += 16)
                {
                    forgotten += Outbox._seenKeys.Remove((ulong)BinaryPrimitives.ReadUInt128BigEndian(packed.AsSpan(i))) ? 1 : 0;
                }

                Outbox._seen.Delete(document["_id"]);
            }

            return forgotten;
        }
    }
}
