using EdgeGateway.DeviceDrivers.Hid.Omron;
using EdgeGateway.DeviceDrivers.Simulation;
using EdgeGateway.DeviceDrivers.Tests.Transports;
using EdgeGateway.DeviceDrivers.Transports;
using EdgeGateway.DeviceDrivers.Transports.Links;
using EdgeGateway.Tests.Shared;
using static EdgeGateway.Tests.Shared.Frames;

namespace EdgeGateway.DeviceDrivers.Tests.Hid;

// The conversation of openyou/libomron (doc/omron_protocol_notes.asciidoc, src/omron.c: clear, VER00, GDC,
// GME, END; "NO" answered by asking again; a flush on garbage) as the vendor software held it in the
// capture doc/logs/hem790it/1_1_07_OneReading.html: feature report 01 01 once, then the clear block, VER,
// GDC, GME, END. The first test replays the capture's input reports byte for byte, stale bytes included.
public sealed class OmronSessionTests : IAsyncDisposable
{
    private static readonly OmronTimeouts Fast = new(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(30), TimeSpan.FromMilliseconds(50), 3);
    private static readonly DateTime Morning = new(2026, 11, 29, 8, 0, 0);
    private readonly CancellationTokenSource _cancel = new(TimeSpan.FromSeconds(30));
    private readonly OmronSession _session = new(Fast);

    public async ValueTask DisposeAsync()
    {
        await _cancel.CancelAsync();
        _cancel.Dispose();
    }

    /// <summary>The capture's answers, report by report, by command; bank 1 is not in the capture: "NO".</summary>
    private static byte[] Captured(byte[] message) => message switch
    {
        [0, ..] => Hex("02 4F 4B 00 06 00 00 00"),
        [(byte)'V', ..] => Hex("07 4F 4B 00 4D 37 30 38 07 30 49 54 20 32 30 37 01 4A 49 54 20 32 30 37"),
        [(byte)'G', (byte)'D', (byte)'C', 0, 0, ..] => Hex("07 4F 4B 00 00 13 00 01 01 12 30 30 00 13 00 01"),
        [(byte)'G', (byte)'M', (byte)'E', 0, 0, 0, 0, ..] => Hex("07 4F 4B 00 07 01 01 00 07 06 26 00 00 7B 4E 57 03 00 00 45 00 7B 4E 57"),
        [(byte)'E', (byte)'N', (byte)'D', ..] => Hex("02 4F 4B 45 00 7B 4E 57 05 4F 46 46 0D 0A 4E 57"),
        _ => Hex("02 4E 4F 00 00 00 00 00"),
    };

    private IAsyncEnumerator<ReceivedFrame> Start(SimulatorLink link) => _session.RunAsync(link, _cancel.Token).GetAsyncEnumerator(_cancel.Token);

    private static byte[] Record(int minutes, int systolic = 120) => OmronEncoder.Payload(Morning.AddMinutes(minutes), systolic, 80, 70);

    [Fact]
    public async Task CapturedConversation_TheRecordIsHandedOnWithItsQuestion_AndTheDeviceIsTold()
    {
        var device = new ReportScript(Captured);
        var link = new SimulatorLink(device);
        var frames = Start(link);

        Assert.True(await frames.MoveNextAsync());
        Assert.Equal(Hex(OmronTests.CapturedRecord), frames.Current.Bytes.ToArray());
        Assert.True(frames.Current.FromMemory);

        var next = frames.MoveNextAsync();
        await Eventually.Holds(() => _session.Downloads == 1, 10);
        Assert.Equal(["clear", "VER", "GDC", "GME", "GDC", "END"], device.Messages);
        Assert.Equal([OmronWire.DeviceInfoMode.ToArray()], link.Features);
        Assert.True(_session.FeatureReportTaken);
        Assert.Equal("M7080IT 207", _session.Version);
        // The stale bytes past each count, and "OFF\r\n", are not noise.
        Assert.Equal(0, link.Garbage);

        // Switched off: the session waits for its node to go.
        Assert.False(next.IsCompleted);
        await link.CloseAsync();
        Assert.False(await next);
        Assert.Null(_session.Failure);
    }

    [Fact]
    public async Task TwoUsers_EveryRecordOfBothBanksIsDownloaded_NewestFirst_ThenEnd()
    {
        var device = new OmronSimulator([Record(2), Record(1)], [Record(5, 140)], reportNumbers: false);
        var link = new SimulatorLink(device) { ByteByByte = true };
        var frames = Start(link);

        var received = new List<byte[]>();
        for (var i = 0; i < 3; i++)
        {
            Assert.True(await frames.MoveNextAsync());
            received.Add(frames.Current.Bytes.ToArray());
        }

        Assert.Equal(
        [
            [.. OmronWire.Measurement(0, 0), (byte)'O', (byte)'K', .. Record(2)],
            [.. OmronWire.Measurement(0, 1), (byte)'O', (byte)'K', .. Record(1)],
            [.. OmronWire.Measurement(1, 0), (byte)'O', (byte)'K', .. Record(5, 140)],
        ], received);
        _ = frames.MoveNextAsync();
        await Eventually.Holds(() => device.Ends == 1, 10);
        Assert.Equal(OmronSimulator.VersionText, _session.Version);
    }

    [Fact]
    public async Task NodeWithoutFeatureReports_ThePtyCase_TheDownloadGoesOnWithoutTheMode()
    {
        var device = new OmronSimulator([Record(0)], reportNumbers: false);
        var link = new SimulatorLink(device) { FeaturesSupported = false };
        var frames = Start(link);

        Assert.True(await frames.MoveNextAsync());
        Assert.False(_session.FeatureReportTaken);
    }

    [Fact]
    public async Task NothingAnswersTheClear_ItIsSentAgainEveryPoll_UntilTheDeviceWakes()
    {
        var device = new OmronSimulator([Record(0)], reportNumbers: false) { On = false };
        var link = new SimulatorLink(device);
        var frames = Start(link);
        var next = frames.MoveNextAsync();

        await Eventually.Holds(() => link.Features.Count >= 2, 10);
        Assert.False(next.IsCompleted);
        Assert.Empty(device.Commands);

        device.On = true;
        Assert.True(await next);
    }

    [Fact]
    public async Task No_IsAskedAgain_AsLibomronSays()
    {
        var refusals = 0;
        var device = new ReportScript(message => message is [(byte)'G', (byte)'M', (byte)'E', ..] && refusals++ == 0 ? Hex("02 4E 4F 00 00 00 00 00") : Captured(message));
        var frames = Start(new SimulatorLink(device));

        Assert.True(await frames.MoveNextAsync());
        Assert.Equal(Hex(OmronTests.CapturedRecord), frames.Current.Bytes.ToArray());
        Assert.Equal(2, device.Messages.Count(m => m == "GME"));
    }

    [Fact]
    public async Task BadChecksum_IsAskedAgain_AfterAFlush()
    {
        var corrupted = 0;
        var device = new ReportScript(message =>
        {
            var answer = Captured(message);
            if (message is [(byte)'G', (byte)'M', (byte)'E', ..] && corrupted++ == 0)
            {
                answer = (byte[])answer.Clone();
                answer[13] ^= 0x01; // the systolic byte
            }

            return answer;
        });
        var link = new SimulatorLink(device);
        var frames = Start(link);

        Assert.True(await frames.MoveNextAsync());
        Assert.Equal(Hex(OmronTests.CapturedRecord), frames.Current.Bytes.ToArray());
        Assert.Equal(17, link.Garbage);
    }

    [Fact]
    public async Task ReportCountAboveTheReport_IsGarbage_AndAskedAgain()
    {
        var odd = 0;
        var device = new ReportScript(message => message is [(byte)'V', ..] && odd++ == 0 ? Hex("08 60 00 00 00 00 00 00 09 00 00 00 00 00 00 00") : Captured(message));
        var frames = Start(new SimulatorLink(device));

        Assert.True(await frames.MoveNextAsync());
        Assert.Equal("M7080IT 207", _session.Version);
    }

    [Fact]
    public async Task OneRecordNeverAnswered_IsPassedOver_TheOthersDownloaded_AndEndStillSent()
    {
        var device = new ReportScript(message => message switch
        {
            [(byte)'G', (byte)'D', (byte)'C', 0, 0, ..] => Hex("07 4F 4B 00 00 13 00 03 01 10 00 00 00 00 00 00"),
            [(byte)'G', (byte)'M', (byte)'E', 0, 0, 0, 1, ..] => [],
            [(byte)'G', (byte)'M', (byte)'E', 0, 0, 0, 2, ..] => Captured([.. "GME"u8, 0, 0, 0, 0]),
            _ => Captured(message),
        });
        var frames = Start(new SimulatorLink(device));

        Assert.True(await frames.MoveNextAsync());
        Assert.True(await frames.MoveNextAsync());
        Assert.Equal(2, frames.Current.Bytes.Span[6]);
        var skipped = Assert.Single(_session.Skipped);
        Assert.Equal((DownloadFailureKind.NoAnswer, "record 1 of bank 0"), (skipped.Kind, skipped.Step));
        var rest = frames.MoveNextAsync();
        await EdgeGateway.Tests.Shared.Eventually.Holds(() => device.Messages.Contains("END"), 20);
        Assert.Null(_session.Failure);
        await _cancel.CancelAsync();
        try
        {
            await rest;
        }
        catch (OperationCanceledException)
        {
            // Stopping while it waits for the node to go.
        }
    }

    [Fact]
    public async Task ThreeRecordsInARowNeverAnswered_StopTheDownload_WithATypedFailure_AndEndIsSent()
    {
        var device = new ReportScript(message => message switch
        {
            [(byte)'G', (byte)'D', (byte)'C', 0, 0, ..] => Hex("07 4F 4B 00 00 13 00 04 01 17 00 00 00 00 00 00"),
            [(byte)'G', (byte)'M', (byte)'E', 0, 0, 0, > 0, ..] => [],
            _ => Captured(message),
        });
        var frames = Start(new SimulatorLink(device));

        Assert.True(await frames.MoveNextAsync());
        Assert.False(await frames.MoveNextAsync());
        Assert.Equal((DownloadFailureKind.NoAnswer, "record 3 of bank 0"), (_session.Failure!.Kind, _session.Failure.Step));
        Assert.Equal(3, _session.Skipped.Count);
        Assert.Contains("END", device.Messages);
    }

    [Fact]
    public async Task RefusedEveryTime_EndsTheSession_Refused()
    {
        var device = new ReportScript(message => message is [(byte)'V', ..] ? Hex("02 4E 4F 00 00 00 00 00") : Captured(message));
        var frames = Start(new SimulatorLink(device));

        Assert.False(await frames.MoveNextAsync());
        Assert.Equal(DownloadFailureKind.Refused, _session.Failure?.Kind);
    }

    [Fact]
    public async Task DeviceThatOnlyChatters_IsNotListenedToForEver_Garbled()
    {
        var device = new ReportScript(_ => [.. Enumerable.Repeat(Hex("07 13 37 13 37 13 37 13"), 40).SelectMany(r => r)]);
        var frames = Start(new SimulatorLink(device));

        Assert.False(await frames.MoveNextAsync());
        Assert.Equal(new DownloadFailure(DownloadFailureKind.Garbled, "clear", "no \"OK\" among the reports that came"), _session.Failure);
    }

    [Fact]
    public async Task NodeGoneMidDownload_EndsTheSession_LinkLost()
    {
        SimulatorLink? link = null;
        var device = new ReportScript(message =>
        {
            if (message is [(byte)'G', (byte)'D', (byte)'C', ..])
            {
                _ = link!.CloseAsync();
                return [];
            }

            return Captured(message);
        });
        link = new SimulatorLink(device);
        var frames = Start(link);

        Assert.False(await frames.MoveNextAsync());
        Assert.Equal(DownloadFailureKind.LinkLost, _session.Failure?.Kind);
    }

    [Fact]
    public async Task RandomReports_NeverThrow_AndEverythingHandedOnIsAQuestionAndAnAnswer()
    {
        var random = new Random(7080);
        var device = new ReportScript(message =>
        {
            if (random.Next(4) == 0)
            {
                return Captured(message);
            }

            var answer = new byte[OmronWire.ReportLength * random.Next(0, 4)];
            random.NextBytes(answer);
            for (var i = 0; i < answer.Length; i += OmronWire.ReportLength)
            {
                answer[i] = (byte)random.Next(0, 10);
            }

            return answer;
        });
        var link = new SimulatorLink(device);
        var session = new OmronSession(Fast with { Answer = TimeSpan.FromMilliseconds(30), Quiet = TimeSpan.FromMilliseconds(5), Poll = TimeSpan.FromMilliseconds(1) });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        var received = new List<ReceivedFrame>();
        while (!stop.IsCancellationRequested && device.Messages.Count < 5_000)
        {
            // A session that gave up is started again, as its transport would after reopening the node.
            await foreach (var frame in session.RunAsync(link, stop.Token))
            {
                received.Add(frame);
            }

            await link.InjectAsync([.. Enumerable.Repeat((byte)0, random.Next(0, 3))]);
        }

        Assert.All(received, f => Assert.Equal(OmronDecoder.Length, f.Bytes.Length));
        Assert.True(device.Messages.Count > 10);
    }

    /// <summary>A device played by a script: the computer's 8-byte reports joined into messages, each answered with input reports.</summary>
    private sealed class ReportScript(Func<byte[], byte[]> answer) : IAnsweringSimulator
    {
        private readonly List<byte> _message = [];

        public List<string> Messages { get; } = [];

        public string Protocol => OmronDecoder.ProtocolName;

        public byte[] Receive(ReadOnlySpan<byte> fromGateway)
        {
            var count = Math.Min((int)fromGateway[0], OmronWire.ReportData);
            _message.AddRange(fromGateway.Slice(1, count).ToArray());
            if (count == OmronWire.ReportData)
            {
                return [];
            }

            byte[] message = [.. _message];
            _message.Clear();
            Messages.Add(message.All(b => b == 0) ? "clear" : System.Text.Encoding.ASCII.GetString(message, 0, Math.Min(3, message.Length)));
            return answer(message);
        }
    }
}
