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
    public async Task ASenderThatGoesSilentWithoutEot_IsTimedOut_ItsUnfinishedMessageDiscarded_AndTheLineIsFreeAgain()
    {
        var next = _frames.MoveNextAsync();
        await _link.SendAsync(AstmFrames.Enq);
        await _link.NextAnswerAsync();
        for (var i = 0; i < 4; i++)
        {
            await _link.SendAsync(Frames[i]);
            await _link.NextAnswerAsync();
        }

        // Silence: after the receiver's timer the unfinished message is discarded (LIS01-A2 §8.5.2).
        await EdgeGateway.Tests.Shared.Eventually.Holds(() => _session.UnfinishedTransfers == 1, 10);
        Assert.False(next.IsCompleted);

        // A frame now, outside a transfer, is not taken; a new ENQ is answered and the whole message sent again is.
        await _link.SendAsync(Frames[1]);
        await SendWholeAsync();
        Assert.True(await next);
        Assert.Equal(string.Join('\r', AstmTests.MindrayRecords) + "\r", Encoding.Latin1.GetString(_frames.Current.Bytes.Span));
        Assert.True(_link.Garbage > 0);
    }

    [Fact]
    public async Task ANewEnqMidTransfer_DiscardsTheUnfinishedMessage_AndStartsOver()
    {
        var next = _frames.MoveNextAsync();
        await _link.SendAsync(AstmFrames.Enq);
        await _link.NextAnswerAsync();
        await _link.SendAsync(Frames[0]);
        await _link.NextAnswerAsync();

        await SendWholeAsync();

        Assert.True(await next);
        Assert.Equal(string.Join('\r', AstmTests.MindrayRecords) + "\r", Encoding.Latin1.GetString(_frames.Current.Bytes.Span));
        Assert.Equal(1, _session.UnfinishedTransfers);
    }

    [Fact]
    public async Task AFrameCutOffByANewEnq_IsDropped_AndTheEnqAnsweredAtOnce()
    {
        var next = _frames.MoveNextAsync();
        await _link.SendAsync(AstmFrames.Enq);
        await _link.NextAnswerAsync();
        await _link.SendAsync(Frames[0]);
        await _link.NextAnswerAsync();
        // The analyser resets in the middle of frame 2, then starts over.
        await _link.SendAsync(Frames[1][..12]);

        await SendWholeAsync();

        Assert.True(await next);
        Assert.Equal(string.Join('\r', AstmTests.MindrayRecords) + "\r", Encoding.Latin1.GetString(_frames.Current.Bytes.Span));
        Assert.Equal(0, _session.FramesRejected);
    }

    [Fact]
    public async Task FrameNumberZeroFirst_IsNaked_NotTakenForARepeat()
    {
        _ = _frames.MoveNextAsync();
        await _link.SendAsync(AstmFrames.Enq);
        await _link.NextAnswerAsync();
        await _link.SendAsync(AstmFrames.Frame(0, "H|\\^&\r"u8, last: true));

        Assert.Equal(Nak, await _link.NextAnswerAsync());
        Assert.Equal(1, _session.FramesRejected);
    }

    [Fact]
    public async Task AMessageBeyondAMegabyte_IsRefused_AndTheLineIsNeutralAgain()
    {
        _ = _frames.MoveNextAsync();
        await _link.SendAsync(AstmFrames.Enq);
        await _link.NextAnswerAsync();
        var text = Encoding.Latin1.GetBytes(new string('x', AstmFrames.MaxFrameText));
        var answers = new List<byte>();
        for (var i = 1; answers.LastOrDefault() != AstmFrames.Nak && i < 5000; i++)
        {
            await _link.SendAsync(AstmFrames.Frame(i, text, last: false));
            answers.Add((await _link.NextAnswerAsync())[0]);
        }

        Assert.Equal(AstmFrames.Nak, answers[^1]);
        Assert.InRange(answers.Count, (1 << 20) / AstmFrames.MaxFrameText, ((1 << 20) / AstmFrames.MaxFrameText) + 2);
        Assert.Equal(1, _session.UnfinishedTransfers);
        // Neutral: a frame is not answered, an ENQ is.
        await _link.SendAsync(AstmFrames.Enq);
        Assert.Equal(Ack, await _link.NextAnswerAsync());
    }

    private async Task SendWholeAsync()
    {
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

        // Still a working receiver after all that: an analyser that ends its transfer (EOT) and
        // starts a new one is heard at once, whatever noise was on the line before.
        await _link.SendAsync(AstmFrames.Eot);
        // The answers to the noise, until the receiver has gone through all of it.
        using (var quiet = new CancellationTokenSource())
        {
            while (true)
            {
                quiet.CancelAfter(TimeSpan.FromSeconds(1));
                try
                {
                    await _link.Answers.Reader.ReadAsync(quiet.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                quiet.TryReset();
            }
        }

        await SendWholeAsync();
        var expected = string.Join('\r', AstmTests.MindrayRecords) + "\r";
        while (await next)
        {
            if (Encoding.Latin1.GetString(_frames.Current.Bytes.Span) == expected)
            {
                return;
            }

            _frames.Current.Receipt?.Accepted(0, []);
            next = _frames.MoveNextAsync();
        }

        Assert.Fail("the receiver did not take the message after the noise");
    }
}
