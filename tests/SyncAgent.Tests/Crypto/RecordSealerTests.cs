using System.Text;
using EdgeGateway.SyncAgent.Crypto;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.SyncAgent.Tests.Crypto;

public sealed class RecordSealerTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly RecordSealer _sealer;

    public RecordSealerTests() => _sealer = new RecordSealer(KeyRing.LoadOrCreate(Path.Combine(_directory.Path, "k", "outbox.key"), out _));

    public void Dispose()
    {
        _sealer.Dispose();
        _directory.Dispose();
    }

    private static readonly byte[] Plaintext = Encoding.UTF8.GetBytes("{\"systolic\":121}");

    [Fact]
    public void Seal_ThenOpen_GivesThePlaintextBack()
    {
        var sealedPayload = _sealer.Seal(42, 0, Plaintext);

        Assert.True(_sealer.TryOpen(42, _sealer.CurrentKeyId, 0, sealedPayload, out var opened));
        Assert.Equal(Plaintext, opened);
        Assert.Equal(-1, sealedPayload.AsSpan().IndexOf(Plaintext));
    }

    [Fact]
    public void Seal_SamePlaintextTwice_GivesDifferentBytes()
    {
        Assert.NotEqual(_sealer.Seal(1, 0, Plaintext), _sealer.Seal(1, 0, Plaintext));
    }

    [Fact]
    public void TryOpen_AnyFlippedBit_Fails()
    {
        var sealedPayload = _sealer.Seal(7, 0, Plaintext);
        for (var i = 0; i < sealedPayload.Length; i++)
        {
            var tampered = (byte[])sealedPayload.Clone();
            tampered[i] ^= 0x01;

            Assert.False(_sealer.TryOpen(7, _sealer.CurrentKeyId, 0, tampered, out _), $"a flipped bit at byte {i} went unnoticed");
        }
    }

    [Fact]
    public void TryOpen_PayloadMovedToAnotherRecord_Fails()
    {
        var sealedPayload = _sealer.Seal(7, 0, Plaintext);

        Assert.False(_sealer.TryOpen(8, _sealer.CurrentKeyId, 0, sealedPayload, out _));
    }

    [Fact]
    public void TryOpen_PurposeChanged_Fails()
    {
        // A record whose clear class byte was flipped from clinical (0) to diagnostic (1) must not open.
        Assert.False(_sealer.TryOpen(7, _sealer.CurrentKeyId, 1, _sealer.Seal(7, 0, Plaintext), out _));
    }

    [Theory]
    [InlineData(99)]  // a key this ring does not hold
    public void TryOpen_UnknownKey_FailsWithoutThrowing(int keyId)
    {
        Assert.False(_sealer.TryOpen(7, keyId, 0, _sealer.Seal(7, 0, Plaintext), out _));
    }

    [Fact]
    public void TryOpen_TruncatedPayload_FailsWithoutThrowing()
    {
        Assert.False(_sealer.TryOpen(7, _sealer.CurrentKeyId, 0, _sealer.Seal(7, 0, Plaintext).AsSpan(0, 20), out _));
    }
}
