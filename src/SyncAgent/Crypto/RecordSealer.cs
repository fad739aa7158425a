using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EdgeGateway.SyncAgent.Crypto;

/// <summary>
/// Seals each Outbox record with AES-256-GCM: a random 96-bit nonce per record, a 128-bit tag, and
/// as associated data the record id, the key id and the purpose (the record's class, or "reason"):
/// a sealed payload moved to another record, or a record whose clear class was changed (say from
/// clinical to the evictable diagnostic), fails to open.
/// Layout of a sealed payload: <c>nonce(12) ‖ tag(16) ‖ ciphertext</c>; the key id is stored beside it.
/// </summary>
public sealed class RecordSealer(KeyRing keys) : IDisposable
{
    private readonly bool _sealPayloads = true;

    // Seal runs on the Outbox's single writer thread only: one cipher instance for the current key
    // saves its key schedule on every record. TryOpen (any thread) makes its own.
    private AesGcm? _currentCipher;

    /// <summary>For <c>edgegateway bench</c>'s unencrypted baseline only: payloads pass through in clear.</summary>
    internal RecordSealer(KeyRing keys, bool sealPayloads) : this(keys) => _sealPayloads = sealPayloads;

    private const int NonceSize = 12;
    private const int TagSize = 16;

    // A key of its own for fingerprints, derived from the database secret (which, unlike the record
    // keys, never rotates): a fingerprint must match the same reading next year too.
    private readonly byte[] _fingerprintKey = HKDF.DeriveKey(HashAlgorithmName.SHA256,
        System.Text.Encoding.UTF8.GetBytes(keys.DatabasePassword), 32, info: "edgegateway/seen-readings"u8.ToArray());

    /// <summary>
    /// A 16-byte keyed fingerprint (HMAC-SHA-256) of <paramref name="text"/>: recognises a reading seen
    /// before without keeping its time or values, even hashed, in a form anyone could test guesses against.
    /// </summary>
    public byte[] Fingerprint(string text) =>
        HMACSHA256.HashData(_fingerprintKey, System.Text.Encoding.UTF8.GetBytes(text)).AsSpan(0, 16).ToArray();

    /// <summary>The key id <see cref="Seal"/> uses.</summary>
    public int CurrentKeyId => keys.CurrentKeyId;

    private const int AssociatedDataSize = 13;

    /// <summary>
    /// Seals <paramref name="plaintext"/> for record <paramref name="recordId"/> and <paramref name="purpose"/>
    /// under the current key. Not thread-safe: the Outbox calls it from its single writer only.
    /// </summary>
    public byte[] Seal(long recordId, byte purpose, ReadOnlySpan<byte> plaintext)
    {
        if (!_sealPayloads)
        {
            return plaintext.ToArray();
        }

        var sealedPayload = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = sealedPayload.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        Span<byte> associated = stackalloc byte[AssociatedDataSize];
        WriteAssociatedData(associated, recordId, keys.CurrentKeyId, purpose);
        if (_currentCipher is null)
        {
            keys.TryGetKey(keys.CurrentKeyId, out var key);
            _currentCipher = new AesGcm(key, TagSize);
        }

        _currentCipher.Encrypt(nonce, plaintext, sealedPayload.AsSpan(NonceSize + TagSize), sealedPayload.AsSpan(NonceSize, TagSize), associated);
        return sealedPayload;
    }

    /// <summary>
    /// Opens a sealed payload. Returns false — never throws — when the key is unknown, the payload
    /// is too short, or the tag does not verify (tampering, a torn write, or the wrong record).
    /// </summary>
    public bool TryOpen(long recordId, int keyId, byte purpose, ReadOnlySpan<byte> sealedPayload, out byte[] plaintext)
    {
        if (!_sealPayloads)
        {
            plaintext = sealedPayload.ToArray();
            return true;
        }

        plaintext = [];
        if (sealedPayload.Length < NonceSize + TagSize || !keys.TryGetKey(keyId, out var key))
        {
            return false;
        }

        var output = new byte[sealedPayload.Length - NonceSize - TagSize];
        Span<byte> associated = stackalloc byte[AssociatedDataSize];
        WriteAssociatedData(associated, recordId, keyId, purpose);
        try
        {
            using var gcm = new AesGcm(key, TagSize);
            gcm.Decrypt(sealedPayload[..NonceSize], sealedPayload[(NonceSize + TagSize)..],
                sealedPayload.Slice(NonceSize, TagSize), output, associated);
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }

        plaintext = output;
        return true;
    }

    private static void WriteAssociatedData(Span<byte> destination, long recordId, int keyId, byte purpose)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, recordId);
        BinaryPrimitives.WriteInt32LittleEndian(destination[8..], keyId);
        destination[12] = purpose;
    }

    /// <inheritdoc />
    public void Dispose() => _currentCipher?.Dispose();
}
