using System.Text;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Hl7v2;
using EdgeGateway.DeviceDrivers.Transports;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.DeviceDrivers.Tests.Lan;

// MLLP: HL7 v2 Implementation Guide, Appendix C ("Minimal Lower Layer Protocol"): 0x0B message 0x1C 0x0D.
// ACK: HL7 v2.6 §2.9.2 (original acknowledgement mode), MSA-1 AA/AE/AR, MSA-2 the message's MSH-10,
// ERR-3 codes from table 0357.
public sealed class MllpTests
{
    private readonly MllpFramer _framer = new(maxMessageLength: 4096);

    [Fact]
    public void Find_ABlockAfterNoise_IsFramedWhole()
    {
        byte[] data = [0x41, 0x42, .. MllpFramer.Wrap("MSH|x"u8), 0x0B, 0x4D];

        var match = _framer.Find(data);

        Assert.Equal(new FrameMatch(2, 8), match);
        Assert.Equal("MSH|x", Encoding.ASCII.GetString(MllpFramer.Message(data.AsMemory(2, 8)).Span));
    }

    [Theory]
    [InlineData(new byte[] { 0x0B, 0x4D, 0x53 }, 0, 0)]                  // not complete yet
    [InlineData(new byte[] { 0x0B, 0x4D, 0x1C }, 0, 0)]                  // end byte, its CR not yet
    [InlineData(new byte[] { 0x0B, 0x4D, 0x0B, 0x4E, 0x1C, 0x0D }, 2, 0)] // a block cut off by the next one
    [InlineData(new byte[] { 0x0B, 0x4D, 0x1C, 0x41 }, 3, 0)]            // end byte without CR: broken
    [InlineData(new byte[] { 0x41, 0x42 }, 2, 0)]                        // no block at all
    public void Find_BrokenOrPartialBlocks(byte[] data, int skip, int length)
    {
        Assert.Equal(new FrameMatch(skip, length), _framer.Find(data));
    }

    [Fact]
    public void Find_ABlockLongerThanTheLimit_IsDropped()
    {
        var data = new byte[5000];
        data[0] = 0x0B;

        Assert.Equal(new FrameMatch(5000, 0), _framer.Find(data));
    }

    [Fact]
    public void Find_RandomBytes_AlwaysAnswersWithinTheData()
    {
        var random = new Random(11);
        for (var i = 0; i < 100_000; i++)
        {
            var data = new byte[random.Next(0, 64)];
            for (var j = 0; j < data.Length; j++)
            {
                data[j] = random.Next(4) switch { 0 => 0x0B, 1 => 0x1C, 2 => 0x0D, _ => (byte)random.Next(256) };
            }

            var match = _framer.Find(data);
            Assert.InRange(match.Skip, 0, data.Length);
            Assert.InRange(match.Skip + match.Length, 0, data.Length);
            if (match.Length > 0)
            {
                Assert.Equal(0x0B, data[match.Skip]);
                Assert.Equal([0x1C, 0x0D], data.AsSpan(match.Skip + match.Length - 2, 2).ToArray());
            }
        }
    }

    [Fact]
    public void Ack_ForAStoredMessage_IsAA_WithTheControlIdAndSwappedApplications()
    {
        var receipt = new FrameReceipt();
        receipt.Accepted(3, []);

        var ack = Ack(Hl7Messages.WithIns("C-42"), receipt);

        var segments = ack.Split('\r', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("MSH|^~\\&|EDGEGATEWAY|CENTRE|MONITOR|SALLE1|", segments[0], StringComparison.Ordinal);
        Assert.Contains("|ACK^R01^ACK|ack-1|P|2.6", segments[0], StringComparison.Ordinal);
        Assert.Equal("MSA|AA|C-42|", segments[1]);
        Assert.Equal(2, segments.Length);
    }

    [Fact]
    public void Ack_WithPartsLeftOut_IsAE_NamingThemInMsa3AndErr()
    {
        var receipt = new FrameReceipt();
        receipt.Accepted(2, [new DecodeError(DecodeErrorKind.InvalidField, "segment 6: OBX-3 160324^MDC_X is not a vital sign | mapped", 5)]);

        var segments = Ack(Hl7Messages.WithIns("C-43"), receipt).Split('\r', StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("MSA|AE|C-43|2 reading(s) stored; 1 part(s) left out: segment 6: OBX-3 160324\\S\\MDC_X is not a vital sign \\F\\ mapped", segments[1], StringComparison.Ordinal);
        // Segment 6 of the message is its third OBX.
        Assert.StartsWith("ERR||OBX^3|103^Table value not found^HL70357|E|", segments[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Ack_ForAnotherMessageType_IsAR_200()
    {
        var receipt = new FrameReceipt();
        receipt.Refused(new DecodeError(DecodeErrorKind.Malformed, "MSH-9 is 'ADT^A01': only ORU^R01 (observation results) is taken", 0));

        var segments = Ack(Hl7Messages.WithIns("C-44").Replace("ORU^R01", "ADT^A01", StringComparison.Ordinal), receipt).Split('\r', StringSplitOptions.RemoveEmptyEntries);

        Assert.StartsWith("MSA|AR|C-44|", segments[1], StringComparison.Ordinal);
        Assert.StartsWith("ERR||MSH^1^9|200^Unsupported message type^HL70357|E|", segments[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Ack_WhenNotStored_IsAR_SoTheMonitorSendsAgain()
    {
        var receipt = new FrameReceipt();
        receipt.NotStored([]);

        Assert.Equal("AR", Hl7Ack.Code(receipt));
        Assert.Equal("AR", Hl7Ack.Code(new FrameReceipt()));
    }

    [Fact]
    public void Ack_ForGarbage_IsStillAnAck()
    {
        var receipt = new FrameReceipt();
        receipt.Refused(new DecodeError(DecodeErrorKind.Malformed, "the message does not start with an MSH segment", 0));

        var ack = Ack("garbage", receipt);

        Assert.StartsWith("MSH|^~\\&|", ack, StringComparison.Ordinal);
        Assert.Contains("\rMSA|AR||", ack, StringComparison.Ordinal);
        // Delimiters that do not parse: the control id is still echoed.
        Assert.Contains("\rMSA|AR|K-9|", Ack("MSH|^^\\&|A|B|C|D|20261129||ORU^R01|K-9|P|2.6\r", receipt), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Session_AcknowledgesEachMessageAfterItIsHandled_InOrder()
    {
        var link = new MemoryLink();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var session = new MllpSession().RunAsync(link, cancel.Token).GetAsyncEnumerator(cancel.Token);
        await link.SendAsync([0x00, .. MllpFramer.Wrap(Encoding.Latin1.GetBytes(Hl7Messages.WithIns("A1"))), .. MllpFramer.Wrap(Encoding.Latin1.GetBytes(Hl7Messages.WithIns("A2")))]);

        Assert.True(await session.MoveNextAsync());
        Assert.StartsWith("MSH|", Encoding.Latin1.GetString(session.Current.Bytes.Span), StringComparison.Ordinal);
        Assert.False(link.Answers.Reader.TryRead(out _));   // nothing said before it is handled
        session.Current.Receipt!.Accepted(3, []);
        Assert.True(await session.MoveNextAsync());
        var first = await link.NextAnswerAsync();
        Assert.Equal(MllpFramer.StartBlock, first[0]);
        Assert.Contains("MSA|AA|A1", Encoding.Latin1.GetString(first), StringComparison.Ordinal);
        session.Current.Receipt!.NotStored([]);
        await link.CloseAsync();
        Assert.False(await session.MoveNextAsync());
        Assert.Contains("MSA|AR|A2", Encoding.Latin1.GetString(await link.NextAnswerAsync()), StringComparison.Ordinal);
        Assert.Equal(1, link.Garbage);
        await session.DisposeAsync();
    }

    private static string Ack(string message, FrameReceipt receipt) =>
        Encoding.Latin1.GetString(Hl7Ack.For(Encoding.Latin1.GetBytes(message), receipt, new DateTimeOffset(2026, 11, 29, 10, 15, 0, TimeSpan.FromHours(1)), "ack-1"));
}
