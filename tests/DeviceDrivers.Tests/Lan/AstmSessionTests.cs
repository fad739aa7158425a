using System.Text;
using EdgeGateway.DeviceDrivers.Astm;
using EdgeGateway.DeviceDrivers.Transports;

namespace EdgeGateway.DeviceDrivers.Tests.Lan;

// The receiver of ASTM E1381 / CLSI LIS01-A2 §6–8 against a sender played byte by byte.
public sealed class AstmSessionTests : IAsyncDisposable
{
    private readonly MemoryLink _link = new();
    private readonly CancellationTokenSource _cancel = new(TimeSpan.FromSeconds(30));
    private readonly AstmSession _session = new(new AstmTimeouts(TimeSpan.FromSeconds(2)));
    private readonly IAsyncEnumerator<ReceivedFrame> _frames;

    public AstmSessionTests() => _frames = _session.RunAsync(_link, _cancel.Token).GetAsyncEnumerator(_cancel.Token);

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        await _frames.DisposeAsync();
        _cancel.Dispose();
    }

    private static readonly byte[] Ack = [AstmFrames.Ack];
    private static readonly byte[] Nak = [AstmFrames.Nak];
    private static readonly List<byte[]> Frames = AstmFrames.Frames(AstmTests.MindrayRecords);

    [Fact]
    public async Task AWholeTransfer_EachFrameAcked_TheMessageHandedOnBeforeItsLastFrameIsAcked()
    {
        var next = _frames.MoveNextAsync();
        await _link.SendAsync(AstmFrames.Enq);
        Assert.Equal(Ack, await _link.NextAnswerAsync());
        for (var i = 0; i < Frames.Count - 1; i++)
        {
            await _link.SendAsync(Frames[i]);
            Assert.Equal(Ack, await _link.NextAnswerAsync());
        }

        await _link.SendAsync(Frames[^1]);
        Assert.True(await next);
        Assert.False(_link.Answers.Reader.TryRead(out _));
        Assert.Equal(string.Join('\r', AstmTests.MindrayRecords) + "\r", Encoding.Latin1.GetString(_frames.Current.Bytes.Span));
        _frames.Current.Receipt!.Accepted(1, []);
        next = _frames.MoveNextAsync();
        Assert.Equal(Ack, await _link.NextAnswerAsync());
        await _link.SendAsync(AstmFrames.Eot);
        await _link.CloseAsync();
        Assert.False(await next);
    }

    [Fact]
    public async Task ACorruptedFrame_IsNaked_ThenTakenOnceWhenSentAgain()
    {
        var next = _frames.MoveNextAsync();
        await _link.SendAsync(AstmFrames.Enq);
        await _link.NextAnswerAsync();
        await _link.SendAsync(Frames[0]);
        await _link.NextAnswerAsync();
        var corrupted = (byte[])Frames[1].Clone();
        corrupted[5] ^= 0x01;
        await _link.SendAsync(corrupted);
        Assert.Equal(Nak, await _link.NextAnswerAsync());
        for (var i = 1; i < Frames.Count - 1; i++)
        {
            await _link.SendAsync(Frames[i]);
            Assert.Equal(Ack, await _link.NextAnswerAsync());
        }

        // Our ACK of frame 4 lost: the sender sends it again; it is acknowledged, not taken twice.
        await _link.SendAsync(Frames[^2]);
        Assert.Equal(Ack, await _link.NextAnswerAsync());
        await _link.SendAsync(Frames[^1]);
        Assert.True(await next);
        Assert.Equal(AstmTests.MindrayRecords.Length, Encoding.Latin1.GetString(_frames.Current.Bytes.Span).Split('\r', StringSplitOptions.RemoveEmptyEntries).Length);
        _frames.Current.Receipt!.Accepted(1, []);
        next = _frames.MoveNextAsync();
        Assert.Equal(Ack, await _link.NextAnswerAsync());
        Assert.Equal(1, _session.FramesRejected);
        await _link.CloseAsync();
        Assert.False(await next);
    }

    [Fact]
    public async Task AFrameOutOfSequence_IsNaked()
    {
        _ = _frames.MoveNextAsync();
        await _link.SendAsync(AstmFrames.Enq);
        await _link.NextAnswerAsync();
        await _link.SendAsync(Frames[2]);

        Assert.Equal(Nak, await _link.NextAnswerAsync());
    }

    [Fact]
    public async Task AMessageNotStored_ItsLastFrameIsNaked_AndTheResendIsHandedOnAgainWhole()
    {
        var next = _frames.MoveNextAsync();
        await _link.SendAsync(AstmFrames.Enq);
        await _link.NextAnswerAsync();
        for (var i = 0; i < Frames.Count - 1; i++)
        {
            await _link.SendAsync(Frames[i]);
            await _link.NextAnswerAsync();
        }

        await _link.SendAsync(Frames[^1]);
        Assert.True(await next);
        _frames.Current.Receipt!.NotStored([]);
        next = _frames.MoveNextAsync();
        Assert.Equal(Nak, await _link.NextAnswerAsync());
        await _link.SendAsync(Frames[^1]);
        Assert.True(await next);
        Assert.Equal(string.Join('\r', AstmTests.MindrayRecords) + "\r", Encoding.Latin1.GetString(_frames.Current.Bytes.Span));
        _frames.Current.Receipt!.Accepted(1, []);
        next = _frames.MoveNextAsync();
        Assert.Equal(Ack, await _link.NextAnswerAsync());
        await _link.CloseAsync();
        Assert.False(await next);
    }

    [Fact]
    public async Task ALongRecord_InIntermediateFrames_IsJoined()
    {
        string[] records = ["H|\\^&", "R|1|^^^GLU|98|mg/dL||" + new string('N', 400) + "|F", "L|1|N"];
        var frames = AstmFrames.Frames(records);
        var next = _frames.MoveNextAsync();
        await _link.SendAsync(AstmFrames.Enq);
        await _link.NextAnswerAsync();
        foreach (var frame in frames)
        {
            await _link.SendAsync(frame);
            if (frame != frames[^1])
            {
                Assert.Equal(Ack, await _link.NextAnswerAsync());
            }
        }

        Assert.True(await next);
        Assert.Equal(string.Join('\r', records) + "\r", Encoding.Latin1.GetString(_frames.Current.Bytes.Span));
    }

    [Fact]
    public async Task ASenderThatGoesSilentWithoutEot_IsTimedOut_ItsWholeRecordsHandedOn_AndTheLineIsFreeAgain()
    {
        var next = _frames.MoveNextAsync();
        await _link.SendAsync(AstmFrames.Enq);
        await _link.NextAnswerAsync();
        for (var i = 0; i < 4; i++)
        {
            await _link.SendAsync(Frames[i]);
            await _link.NextAnswerAsync();
        }

        // Silence: after the receiver's timer the acknowledged records (H, P, O, R) come out, without L.
        Assert.True(await next);
        Assert.Equal(string.Join('\r', AstmTests.MindrayRecords[..4]) + "\r", Encoding.Latin1.GetString(_frames.Current.Bytes.Span));
        Assert.Equal(1, _session.UnfinishedTransfers);
        next = _frames.MoveNextAsync();

        // A frame now, outside a transfer, is not taken; a new ENQ is answered.
        await _link.SendAsync(Frames[1]);
        await _link.SendAsync(AstmFrames.Enq);
        Assert.Equal(Ack, await _link.NextAnswerAsync());
        foreach (var frame in Frames)
        {
            await _link.SendAsync(frame);
            if (frame != Frames[^1])
            {
                Assert.Equal(Ack, await _link.NextAnswerAsync());
            }
        }

        Assert.True(await next);
        Assert.StartsWith("H|", Encoding.Latin1.GetString(_frames.Current.Bytes.Span), StringComparison.Ordinal);
        Assert.True(_link.Garbage > 0);
    }

    [Fact]
    public async Task ANewEnqMidTransfer_HandsOnTheWholeRecords_AndStartsOver()
    {
        var next = _frames.MoveNextAsync();
        await _link.SendAsync(AstmFrames.Enq);
        await _link.NextAnswerAsync();
        await _link.SendAsync(Frames[0]);
        await _link.NextAnswerAsync();
        await _link.SendAsync(AstmFrames.Enq);

        Assert.True(await next);
        Assert.Equal(AstmTests.MindrayRecords[0] + "\r", Encoding.Latin1.GetString(_frames.Current.Bytes.Span));
        next = _frames.MoveNextAsync();
        Assert.Equal(Ack, await _link.NextAnswerAsync());
        await _link.SendAsync(Frames[0]);
        Assert.Equal(Ack, await _link.NextAnswerAsync());
    }

    [Fact]
    public async Task RandomBytes_NeverBreakTheSession()
    {
        var random = new Random(23);
        var next = _frames.MoveNextAsync();
        for (var i = 0; i < 2_000; i++)
        {
            var chunk = new byte[random.Next(1, 40)];
            for (var j = 0; j < chunk.Length; j++)
            {
                chunk[j] = random.Next(5) switch { 0 => AstmFrames.Enq, 1 => AstmFrames.Stx, 2 => 0x0A, 3 => AstmFrames.Eot, _ => (byte)random.Next(256) };
            }

            await _link.SendAsync(chunk);
            while (next.IsCompleted && await next)
            {
                _frames.Current.Receipt?.Accepted(0, []);
                next = _frames.MoveNextAsync();
            }
        }

        // Still a working receiver after all that: a sender that starts over (EOT, then a new
        // transfer after the receiver's timer) is heard, whatever noise was left on the line.
        var heard = false;
        await EdgeGateway.Tests.Shared.Eventually.Holds(async () =>
        {
            await _link.SendAsync(AstmFrames.Eot);
            await Task.Delay(2500);
            await _link.SendAsync([AstmFrames.Enq, .. Frames.SelectMany(f => f)]);
            await Task.Delay(200);
            while (!heard && next.IsCompleted && await next)
            {
                heard = Encoding.Latin1.GetString(_frames.Current.Bytes.Span) == string.Join('\r', AstmTests.MindrayRecords) + "\r";
                _frames.Current.Receipt?.Accepted(0, []);
                next = _frames.MoveNextAsync();
            }

            return heard;
        }, 40);
    }
}
