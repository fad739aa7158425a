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
public sealed class RecordSealer(KeyRing keys)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>The key id <see cref="Seal"/> uses.</summary>
    public int CurrentKeyId => keys.CurrentKeyId;

    private const int AssociatedDataSize = 13;

    /// <summary>Seals <paramref name="plaintext"/> for record <paramref name="recordId"/> and <paramref name="purpose"/> under the current key.</summary>
    public byte[] Seal(long recordId, byte purpose, ReadOnlySpan<byte> plaintext)
    {
        keys.TryGetKey(keys.CurrentKeyId, out var key);
        var sealedPayload = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = sealedPayload.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        Span<byte> associated = stackalloc byte[AssociatedDataSize];
        WriteAssociatedData(associated, recordId, keys.CurrentKeyId, purpose);
        using var gcm = new AesGcm(key, TagSize);
        gcm.Encrypt(nonce, plaintext, sealedPayload.AsSpan(NonceSize + TagSize), sealedPayload.AsSpan(NonceSize, TagSize), associated);
        return sealedPayload;
    }

    /// <summary>
    /// Opens a sealed payload. Returns false — never throws — when the key is unknown, the payload
    /// is too short, or the tag does not verify (tampering, a torn write, or the wrong record).
    /// </summary>
    public bool TryOpen(long recordId, int keyId, byte purpose, ReadOnlySpan<byte> sealedPayload, out byte[] plaintext)
    {
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
}
