using EdgeGateway.DeviceDrivers.Serial.Beurer;
using EdgeGateway.DeviceDrivers.Tests.Transports;
using EdgeGateway.DeviceDrivers.Transports;
using EdgeGateway.DeviceDrivers.Transports.Links;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.DeviceDrivers.Tests.Serial;

// The BM58 conversation (babo/bm58 bm58.py, atbrask/BM65DataDownloader beurer.py, DaveDavenport/BPM
// bpm.cc): AA → 55, A4 → description, A2 → count, A3 nn → 9-byte record or A9; played by the simulator
// or by a script for the faults no driver documents.
public sealed class Bm58SessionTests : IAsyncDisposable
{
    private static readonly Bm58Timeouts Fast = new(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(60), 3);
    private static readonly DateTime Morning = new(2026, 11, 29, 8, 0, 0);
    private readonly CancellationTokenSource _cancel = new(TimeSpan.FromSeconds(30));
    private readonly Bm58Session _session = new(Fast);

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        _cancel.Dispose();
    }

    /// <summary>Runs the session; the enumerator is left to the cancellation at the end (a pending read cannot be disposed).</summary>
    private IAsyncEnumerator<ReceivedFrame> Start(SimulatorLink link) => _session.RunAsync(link, _cancel.Token).GetAsyncEnumerator(_cancel.Token);

    private static byte[] Record(int minutes, int systolic = 120) => Bm58Encoder.Encode(Morning.AddMinutes(minutes), systolic, 80, 70);

    [Fact]
    public async Task DeviceThatAnswers_EveryRecordIsHandedOnFromMemory_ThenItIsOnlyPolled()
    {
        var device = new Bm58Simulator([Record(0), Record(1), Record(2)]);
        var link = new SimulatorLink(device);
        var frames = Start(link);

        for (var i = 0; i < 3; i++)
        {
            Assert.True(await frames.MoveNextAsync());
            Assert.Equal(Record(i), frames.Current.Bytes.ToArray());
            Assert.True(frames.Current.FromMemory);
        }

        // Still answering: polled, not downloaded again.
        var next = frames.MoveNextAsync();
        await Eventually.Holds(() => link.Written.Count(w => w is [0xAA]) >= 5, 10);
        Assert.Equal(1, device.CountRequests);
        Assert.Equal(1, _session.Downloads);
        Assert.Equal("BM58 SIMULATOR EDGEGATEWAY 0001", _session.Description);
        Assert.Equal([[0xAA], [0xA4], [0xA2], [0xA3, 1], [0xA3, 2], [0xA3, 3]], link.Written.Take(6));
        Assert.False(next.IsCompleted);
    }

    [Fact]
    public async Task DeviceSwitchedOffAndOnAgain_IsDownloadedAgain_WithItsNewRecord()
    {
        var device = new Bm58Simulator([Record(0)]);
        var link = new SimulatorLink(device);
        var frames = Start(link);
        Assert.True(await frames.MoveNextAsync());

        device.On = false;
        var next = frames.MoveNextAsync();
        var polls = link.Written.Count;
        await Eventually.Holds(() => link.Written.Count >= polls + 2, 10);
        device.Add(Record(30, 135));
        device.On = true;

        Assert.True(await next);
        Assert.Equal(Record(0), frames.Current.Bytes.ToArray());
        Assert.True(await frames.MoveNextAsync());
        Assert.Equal(Record(30, 135), frames.Current.Bytes.ToArray());
        Assert.Equal(2, device.CountRequests);
    }

    [Fact]
    public async Task NothingAnswers_AttentionIsSentEveryPoll_AndTheSessionWaits()
    {
        var device = new Bm58Simulator([Record(0)]) { On = false };
        var link = new SimulatorLink(device);
        var frames = Start(link);
        var next = frames.MoveNextAsync();

        await Eventually.Holds(() => link.Written.Count >= 3, 10);
        Assert.All(link.Written, w => Assert.Equal([0xAA], w));
        Assert.False(next.IsCompleted);

        device.On = true;
        Assert.True(await next);
    }

    [Fact]
    public async Task NoiseBeforeTheAnswer_IsSkippedAndCounted()
    {
        var link = new SimulatorLink(new ScriptedDevice(sent => sent switch
        {
            [0xAA] => [0x00, 0x13, 0x55],
            [0xA4] => "BM58"u8.ToArray(),
            [0xA2] => [1],
            [0xA3, 1] => Record(0),
            _ => [],
        }));
        var frames = Start(link);

        Assert.True(await frames.MoveNextAsync());
        Assert.Equal(2, link.Garbage);
    }

    [Fact]
    public async Task RecordTheDeviceDoesNotHold_A9_IsSkipped()
    {
        var link = new SimulatorLink(new ScriptedDevice(sent => sent switch
        {
            [0xAA] => [0x55],
            [0xA4] => "BM58"u8.ToArray(),
            [0xA2] => [3],
            [0xA3, 2] => [0xA9],
            [0xA3, var n] => Record(n),
            _ => [],
        }));
        var frames = Start(link);

        Assert.True(await frames.MoveNextAsync());
        Assert.Equal(Record(1), frames.Current.Bytes.ToArray());
        Assert.True(await frames.MoveNextAsync());
        Assert.Equal(Record(3), frames.Current.Bytes.ToArray());
    }

    [Fact]
    public async Task DeviceSilentMidDownload_EndsTheSessionWithATypedFailure_AfterThreeRecordsInARow()
    {
        var link = new SimulatorLink(new ScriptedDevice(sent => sent switch
        {
            [0xAA] => [0x55],
            [0xA4] => "BM58"u8.ToArray(),
            [0xA2] => [5],
            [0xA3, 1] => Record(1),
            _ => [],
        }));
        var frames = Start(link);

        Assert.True(await frames.MoveNextAsync());
        Assert.False(await frames.MoveNextAsync());
        Assert.Equal((DownloadFailureKind.NoAnswer, "record 4"), (_session.Failure!.Kind, _session.Failure.Step));
        Assert.Equal(["record 2", "record 3", "record 4"], _session.Skipped.Select(s => s.Step));
        Assert.Equal(3, link.Written.Count(w => w is [0xA3, 2]));
    }

    [Fact]
    public async Task OneRecordNeverWhole_IsPassedOver_AndTheNextOneFollows()
    {
        var link = new SimulatorLink(new ScriptedDevice(sent => sent switch
        {
            [0xAA] => [0x55],
            [0xA4] => "BM58"u8.ToArray(),
            [0xA2] => [2],
            [0xA3, 1] => Record(1)[..4],
            [0xA3, 2] => Record(2),
            _ => [],
        }));
        var frames = Start(link);

        Assert.True(await frames.MoveNextAsync());
        Assert.Equal(Record(2), frames.Current.Bytes.ToArray());
        Assert.Equal((DownloadFailureKind.Garbled, "record 1"), (Assert.Single(_session.Skipped).Kind, _session.Skipped[0].Step));
    }

    [Fact]
    public async Task ARecordShiftedByALateTail_IsNeverTaken()
    {
        // The answer's tail arrives after the timeout, glued before the next answer's head: the header
        // check and the wait for quiet keep the shifted 9 bytes from being taken for a record.
        var attempt = 0;
        var link = new SimulatorLink(new ScriptedDevice(sent => sent switch
        {
            [0xAA] => [0x55],
            [0xA4] => "BM58"u8.ToArray(),
            [0xA2] => [1],
            [0xA3, 1] => attempt++ == 0 ? Record(1)[..1] : [.. Record(1)[1..], .. Record(1)[..1]],
            _ => [],
        }));
        var frames = Start(link);

        var next = frames.MoveNextAsync();
        await EdgeGateway.Tests.Shared.Eventually.Holds(() => _session.Skipped.Count == 1 || next.IsCompleted, 20);
        Assert.False(next.IsCompleted && await next);
        Assert.Equal(DownloadFailureKind.Garbled, Assert.Single(_session.Skipped).Kind);
    }

    [Fact]
    public async Task RecordCutShort_IsAskedAgain()
    {
        var cut = 0;
        var link = new SimulatorLink(new ScriptedDevice(sent => sent switch
        {
            [0xAA] => [0x55],
            [0xA4] => "BM58"u8.ToArray(),
            [0xA2] => [1],
            [0xA3, 1] => cut++ == 0 ? Record(1)[..5] : Record(1),
            _ => [],
        }));
        var frames = Start(link);

        Assert.True(await frames.MoveNextAsync());
        Assert.Equal(Record(1), frames.Current.Bytes.ToArray());
        Assert.Equal(2, cut);
        Assert.Equal(5, link.Garbage);
    }

    [Fact]
    public async Task ImpossibleRecord_IsAskedAgain_ThenHandedOnForTheDecoderToRefuse_AndTheNextOneFollows()
    {
        var impossible = Hex("AC 64 37 48 0D 1D 08 0F 1A");
        var link = new SimulatorLink(new ScriptedDevice(sent => sent switch
        {
            [0xAA] => [0x55],
            [0xA4] => "BM58"u8.ToArray(),
            [0xA2] => [2],
            [0xA3, 1] => impossible,
            [0xA3, 2] => Record(2),
            _ => [],
        }));
        var frames = Start(link);

        Assert.True(await frames.MoveNextAsync());
        Assert.Equal(impossible, frames.Current.Bytes.ToArray());
        Assert.True(await frames.MoveNextAsync());
        Assert.Equal(Record(2), frames.Current.Bytes.ToArray());
        Assert.Equal(3, link.Written.Count(w => w is [0xA3, 1]));
    }

    [Fact]
    public async Task CablePulledMidDownload_EndsTheSession_LinkLost()
    {
        SimulatorLink? link = null;
        link = new SimulatorLink(new ScriptedDevice(sent =>
        {
            if (sent is [0xA3, 2])
            {
                _ = link!.CloseAsync();
                return [];
            }

            return sent switch
            {
                [0xAA] => [0x55],
                [0xA4] => "BM58"u8.ToArray(),
                [0xA2] => [3],
                [0xA3, var n] => Record(n),
                _ => [],
            };
        }));
        var frames = Start(link);

        Assert.True(await frames.MoveNextAsync());
        Assert.False(await frames.MoveNextAsync());
        Assert.Equal(DownloadFailureKind.LinkLost, _session.Failure?.Kind);
    }

    [Fact]
    public async Task RandomAnswers_NeverThrow_AndTheSessionEitherEndsOrGoesOn()
    {
        var random = new Random(4800);
        var link = new SimulatorLink(new ScriptedDevice(_ =>
        {
            var answer = new byte[random.Next(0, 12)];
            random.NextBytes(answer);
            if (answer.Length > 0 && random.Next(3) == 0)
            {
                answer[0] = random.Next(2) == 0 ? (byte)0x55 : (byte)0xAC;
            }

            return answer;
        }));
        var session = new Bm58Session(Fast with { Answer = TimeSpan.FromMilliseconds(30), Quiet = TimeSpan.FromMilliseconds(10), Poll = TimeSpan.FromMilliseconds(1) });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        var received = new List<ReceivedFrame>();
        while (!stop.IsCancellationRequested)
        {
            // A session that gave up is started again, as its transport would after reopening the port.
            await foreach (var frame in session.RunAsync(link, stop.Token))
            {
                received.Add(frame);
            }
        }

        Assert.All(received, f => Assert.Equal(Bm58Decoder.Length, f.Bytes.Length));
        Assert.True(link.Written.Count > 10);
    }

    private static byte[] Hex(string hex) => Frames.Hex(hex);
}
