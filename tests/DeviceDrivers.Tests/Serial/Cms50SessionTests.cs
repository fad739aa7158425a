using EdgeGateway.DeviceDrivers.Serial.Contec;
using EdgeGateway.DeviceDrivers.Tests.Transports;
using EdgeGateway.DeviceDrivers.Transports;
using EdgeGateway.DeviceDrivers.Transports.Links;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.DeviceDrivers.Tests.Serial;

// The V7.0 stored-record conversation as OSCAR's cms50f37_loader.cpp holds it (A7, A2 → 0C; A3 → 0A;
// A4 → 08; A5 → 07 and 12; A6 → 0F packets) and François Revol's CMS50F 3.7 dumps show it
// (https://pastebin.com/f1rN8SbB, https://pastebin.com/8d4j0S1n); AD → 10 as kaivol/pulox asks it. The
// CMS50D+'s year 0 is OSCAR's ("cms50D+ detected": its start is set by hand). Played by
// Cms50RecordingSimulator, or by a script for the faults no source documents.
public sealed class Cms50SessionTests : IAsyncDisposable
{
    private static readonly Cms50Timeouts Fast = new(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(30), 3);
    private static readonly DateTime Captured = new(2014, 8, 18, 2, 38, 18);
    private readonly CancellationTokenSource _cancel = new(TimeSpan.FromSeconds(30));
    private readonly Cms50Decoder _decoder = new();

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        _cancel.Dispose();
    }

    /// <summary>Runs the session; the enumerator is left to the cancellation at the end (a pending read cannot be disposed).</summary>
    private IAsyncEnumerator<ReceivedFrame> Start(Cms50Session session, SimulatorLink link) => session.RunAsync(link, _cancel.Token).GetAsyncEnumerator(_cancel.Token);

    private static (int, int)[] Samples(int count) => [.. Enumerable.Range(0, count).Select(i => (90 + i % 10, 60 + i))];

    private static byte[] Command(byte command, params byte[] arguments) => Cms50Commands.Build(command, arguments);

    [Fact]
    public async Task DatedRecording_EverySampleIsHandedOnFromMemoryAtItsSecond_ThenRealTimeStarts()
    {
        var device = new Cms50RecordingSimulator(Captured, Samples(7));
        var link = new SimulatorLink(device);
        var session = new Cms50Session(Fast);
        var frames = Start(session, link);

        for (var i = 0; i < 7; i++)
        {
            Assert.True(await frames.MoveNextAsync());
            Assert.True(frames.Current.FromMemory);
            var measurements = _decoder.Decode(frames.Current.Bytes.Span).Measurements;
            Assert.Equal([90m + i, 60m + i], measurements.Select(m => m.Value!.Quantity.Value));
            Assert.All(measurements, m => Assert.Equal(Captured.AddSeconds(i), m.DeviceLocalTime));
        }

        // Then the stream: A1, and the real-time packets it brings.
        Assert.True(await frames.MoveNextAsync());
        Assert.False(frames.Current.FromMemory);
        Assert.Equal(Cms50Encoder.Encode(65, 97), frames.Current.Bytes.ToArray());
        Assert.Equal(1, session.Downloads);
        Assert.Null(session.Failure);
        Assert.Equal(
            [
                Command(Cms50Commands.StopData), Command(Cms50Commands.StopRealTime), Command(Cms50Commands.AskUserAmount),
                Command(Cms50Commands.AskSegmentAmount, 0), Command(Cms50Commands.AskStartTime, 0, 0), Command(Cms50Commands.AskDataLength, 0, 0),
                Command(Cms50Commands.AskData, 0, 0), Command(Cms50Commands.StartRealTime),
            ],
            link.Written);
    }

    [Fact]
    public async Task DeviceWithoutAClock_SaysYearZero_ItsRecordingStaysOnTheDevice_AndRealTimeStartsAtOnce()
    {
        var device = new Cms50RecordingSimulator(null, Samples(30));
        var link = new SimulatorLink(device);
        var session = new Cms50Session(Fast);
        var frames = Start(session, link);

        Assert.True(await frames.MoveNextAsync());
        Assert.False(frames.Current.FromMemory);
        Assert.Equal(0, device.DataRequests);
        Assert.Equal(1, session.Undated);
        Assert.Equal(0, session.Downloads);
        Assert.DoesNotContain(link.Written, w => w[2] is Cms50Commands.AskDataLength or Cms50Commands.AskData);
    }

    [Fact]
    public async Task NoRecording_NothingIsAskedOfIt_AndRealTimeStarts()
    {
        var device = new Cms50RecordingSimulator(Captured, []);
        var link = new SimulatorLink(device);
        var frames = Start(new Cms50Session(Fast), link);

        Assert.True(await frames.MoveNextAsync());
        Assert.False(frames.Current.FromMemory);
        Assert.Equal([Cms50Commands.StopData, Cms50Commands.StopRealTime, Cms50Commands.AskUserAmount, Cms50Commands.AskSegmentAmount, Cms50Commands.StartRealTime],
            device.Commands);
    }

    [Fact]
    public async Task DeviceThatAnswersNoQuestion_DownloadFailsTyped_AfterEachAttempt_AndRealTimeStartsAllTheSame()
    {
        var link = new SimulatorLink(new ScriptedDevice(sent => sent is [0x7D, _, Cms50Commands.StartRealTime, ..] ? Cms50Encoder.Encode(70, 98) : []));
        var session = new Cms50Session(Fast);
        var frames = Start(session, link);

        Assert.True(await frames.MoveNextAsync());
        Assert.Equal(Cms50Encoder.Encode(70, 98), frames.Current.Bytes.ToArray());
        Assert.Equal(new DownloadFailure(DownloadFailureKind.NoAnswer, "users", "no answer after 3 attempts"), session.Failure);
        Assert.Equal(3, link.Written.Count(w => w[2] == Cms50Commands.AskUserAmount));
    }

    [Fact]
    public async Task RecordingCutShortEveryTime_IsStoppedAndAskedAgain_ThenGivenUp_NothingOfItHandedOn()
    {
        var device = new Cms50RecordingSimulator(Captured, Samples(12));
        var link = new SimulatorLink(new ScriptedDevice(sent => sent is [0x7D, _, Cms50Commands.AskData, ..]
            ? Cms50Storage.Data(Samples(12))[..16]
            : device.Receive(sent)));
        var session = new Cms50Session(Fast);
        var frames = Start(session, link);

        Assert.True(await frames.MoveNextAsync());
        Assert.False(frames.Current.FromMemory);
        // Passed over (logged and counted when the session ends); the stream follows.
        Assert.Equal(new DownloadFailure(DownloadFailureKind.NoAnswer, "user 0 recording 0", "the samples stopped before the end 3 times"), Assert.Single(session.Skipped));
        Assert.Null(session.Failure);
        Assert.Equal(3, link.Written.Count(w => w[2] == Cms50Commands.AskData));
        Assert.Equal(4, link.Written.Count(w => w[2] == Cms50Commands.StopData));
    }

    [Fact]
    public async Task RecordingCutShortOnce_IsAskedAgain_AndHandedOnWhole()
    {
        var device = new Cms50RecordingSimulator(Captured, Samples(12));
        var cut = 0;
        var link = new SimulatorLink(new ScriptedDevice(sent => sent is [0x7D, _, Cms50Commands.AskData, ..] && cut++ == 0
            ? Cms50Storage.Data(Samples(12))[..20]
            : device.Receive(sent)));
        var session = new Cms50Session(Fast);
        var frames = Start(session, link);

        var stored = new List<ReceivedFrame>();
        while (await frames.MoveNextAsync() && frames.Current.FromMemory)
        {
            stored.Add(frames.Current);
        }

        Assert.Equal(12, stored.Count);
        Assert.Equal(Captured.AddSeconds(11), _decoder.Decode(stored[^1].Bytes.Span).Measurements[0].DeviceLocalTime);
        Assert.Null(session.Failure);
        // The cut packet's first half (and the stop's answer, when it was still unread as the question was asked again).
        Assert.InRange(link.Garbage, 4, 6);
    }

    [Fact]
    public async Task AnswersArrivingAByteAtATime_AmongRealTimePacketsStillOnTheirWay_AreRead()
    {
        var device = new Cms50RecordingSimulator(Captured, Samples(4));
        var link = new SimulatorLink(new ScriptedDevice(sent =>
            [.. sent is [0x7D, _, Cms50Commands.StopRealTime, ..] ? Cms50Encoder.Encode(65, 97) : [], .. device.Receive(sent)])) { ByteByByte = true };
        var session = new Cms50Session(Fast);
        var frames = Start(session, link);

        for (var i = 0; i < 4; i++)
        {
            Assert.True(await frames.MoveNextAsync());
            Assert.True(frames.Current.FromMemory);
        }

        Assert.True(await frames.MoveNextAsync());
        Assert.False(frames.Current.FromMemory);
        Assert.Equal(1, session.Downloads);
    }

    [Fact]
    public async Task QuestionTheDeviceRefuses_EndsTheDownloadTyped_AndRealTimeStarts()
    {
        var device = new Cms50RecordingSimulator(Captured, Samples(4));
        var link = new SimulatorLink(new ScriptedDevice(sent => sent is [0x7D, _, Cms50Commands.AskSegmentAmount, ..]
            ? Cms50Storage.Packet(Cms50PacketType.CommandFeedback, Cms50Commands.AskSegmentAmount, 0x05)
            : device.Receive(sent)));
        var session = new Cms50Session(Fast);
        var frames = Start(session, link);

        Assert.True(await frames.MoveNextAsync());
        Assert.False(frames.Current.FromMemory);
        Assert.Equal(new DownloadFailure(DownloadFailureKind.Refused, "user 0 recordings", "the device refused (reason 05)"), session.Failure);
    }

    [Fact]
    public async Task StartTimeNotSupported_RecordingIsUndated_AndLeft()
    {
        var device = new Cms50RecordingSimulator(Captured, Samples(4));
        var link = new SimulatorLink(new ScriptedDevice(sent => sent is [0x7D, _, Cms50Commands.AskStartTime, ..]
            ? Cms50Storage.Packet(Cms50PacketType.CommandFeedback, Cms50Commands.AskStartTime, 0x05)
            : device.Receive(sent)));
        var session = new Cms50Session(Fast);
        var frames = Start(session, link);

        Assert.True(await frames.MoveNextAsync());
        Assert.False(frames.Current.FromMemory);
        Assert.Equal(1, session.Undated);
        Assert.Null(session.Failure);
    }

    [Fact]
    public async Task SamplesWithThePerfusionIndex_AreNotRead_TypedGarbled()
    {
        var device = new Cms50RecordingSimulator(Captured, Samples(4));
        var link = new SimulatorLink(new ScriptedDevice(sent => sent is [0x7D, _, Cms50Commands.AskData, ..]
            ? Frames.Hex("09 80 E1 C4 CE 82") // OSCAR's comment: "9,80,e1,c4,ce,82 // cms50i data"
            : device.Receive(sent)));
        var session = new Cms50Session(Fast);
        var frames = Start(session, link);

        Assert.True(await frames.MoveNextAsync());
        Assert.False(frames.Current.FromMemory);
        Assert.Equal(DownloadFailureKind.Garbled, Assert.Single(session.Skipped).Kind);
    }

    [Fact]
    public async Task WithoutDownloadRecordings_OnlyTheStreamIsAskedFor()
    {
        var device = new Cms50RecordingSimulator(Captured, Samples(4));
        var link = new SimulatorLink(device);
        var session = new Cms50Session(Fast, downloadRecordings: false);
        var frames = Start(session, link);

        Assert.True(await frames.MoveNextAsync());
        Assert.False(frames.Current.FromMemory);
        Assert.Equal(Cms50Commands.StartRealTime, link.Written[0][2]);
        Assert.Equal(0, device.DataRequests);
    }

    [Fact]
    public async Task LengthOfMoreThanAWeek_IsGarbled()
    {
        var device = new Cms50RecordingSimulator(Captured, Samples(4));
        var link = new SimulatorLink(new ScriptedDevice(sent => sent is [0x7D, _, Cms50Commands.AskDataLength, ..]
            ? Cms50Storage.Length(0, 0, 0x7FFF_FFFF)
            : device.Receive(sent)));
        var session = new Cms50Session(Fast);
        var frames = Start(session, link);

        Assert.True(await frames.MoveNextAsync());
        Assert.Equal(new DownloadFailure(DownloadFailureKind.Garbled, "user 0 recording 0 length", "2147483647 bytes is more than a week of samples"), Assert.Single(session.Skipped));
        Assert.Equal(0, device.DataRequests);
    }

    [Fact]
    public async Task CablePulledMidRecording_EndsTheSession_LinkLost()
    {
        var device = new Cms50RecordingSimulator(Captured, Samples(30));
        SimulatorLink? link = null;
        link = new SimulatorLink(new ScriptedDevice(sent =>
        {
            if (sent is [0x7D, _, Cms50Commands.AskData, ..])
            {
                _ = link!.InjectAsync(Cms50Storage.Data(Samples(30))[..24]).ContinueWith(_ => link.CloseAsync(), TaskScheduler.Default);
                return [];
            }

            return device.Receive(sent);
        }));
        // Time enough for the cable to be pulled before the device counts as silent.
        var session = new Cms50Session(Fast with { Data = TimeSpan.FromSeconds(10) });
        var frames = Start(session, link);

        Assert.False(await frames.MoveNextAsync());
        Assert.Equal(DownloadFailureKind.LinkLost, session.Failure?.Kind);
        Assert.Equal("the port closed after 9 of 30 samples", session.Failure?.Message);
    }

    [Fact]
    public async Task StayConnected_IsSentEveryFewSeconds_FromTheFirstQuestionOn()
    {
        var device = new Cms50RecordingSimulator(null, []);
        var link = new SimulatorLink(device);
        var frames = Start(new Cms50Session(Fast with { KeepAlive = TimeSpan.FromMilliseconds(50) }), link);

        Assert.True(await frames.MoveNextAsync());
        await Eventually.Holds(() => device.Commands.Count(c => c == Cms50Commands.KeepAlive) >= 3, 10);
    }

    [Fact]
    public async Task RandomAnswers_NeverThrow_AndTheSessionEitherEndsOrStreams()
    {
        var random = new Random(115_200);
        var device = new Cms50RecordingSimulator(Captured, Samples(5));
        var link = new SimulatorLink(new ScriptedDevice(sent =>
        {
            var answer = random.Next(3) == 0 ? device.Receive(sent) : new byte[random.Next(0, 20)];
            if (answer.Length > 0 && random.Next(2) == 0)
            {
                answer[random.Next(answer.Length)] = (byte)random.Next(256);
            }

            return answer;
        }));
        var session = new Cms50Session(Fast with { Answer = TimeSpan.FromMilliseconds(20), Data = TimeSpan.FromMilliseconds(20) });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        var received = new List<ReceivedFrame>();
        while (!stop.IsCancellationRequested)
        {
            await foreach (var frame in session.RunAsync(link, stop.Token))
            {
                received.Add(frame);
                if (received.Count > 50)
                {
                    break;
                }
            }

            if (received.Count > 50)
            {
                break;
            }
        }

        Assert.All(received, f => Assert.True(f.FromMemory ? f.Bytes.Length == Cms50StoredSample.Length : f.Bytes.Length == Cms50Decoder.Length));
        Assert.True(link.Written.Count > 5);
    }
}
