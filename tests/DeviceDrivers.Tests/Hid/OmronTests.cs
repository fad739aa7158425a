using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Hid.Omron;
using EdgeGateway.DeviceDrivers.Readings;
using static EdgeGateway.Tests.Shared.Frames;

namespace EdgeGateway.DeviceDrivers.Tests.Hid;

// Sources: openyou/libomron doc/omron_protocol_notes.asciidoc (report count byte, commands, XOR checksum,
// the GME return example), src/omron.c (GDC/GME command bytes, data[6] count, data[11..13] sys/dia/pulse),
// and the USBlyzer capture doc/logs/hem790it/1_1_07_OneReading.html of the vendor software reading an
// M7080IT, whose export doc/logs/hem790it/"new2 BP Report 042109.csv" says 1/01/2007 12:06:38 AM,
// 123/78 mmHg, 87 /min: the capture's GME answer 07 01 01 00 06 26 … 7B 4E 57 is that reading (seconds
// binary, pressures without offset).
public sealed class OmronTests
{
    /// <summary>The capture's question (07 47 4D 45 00 00 00 00 + 01 00) and answer (07 4F 4B 00 07 01 01 00 + 07 06 26 00 00 7B 4E 57 + 03 00 00 45).</summary>
    public const string CapturedRecord = "47 4D 45 00 00 00 00 00 4F 4B 00 07 01 01 00 06 26 00 00 7B 4E 57 00 00 45";

    private readonly OmronDecoder _decoder = new();

    [Fact]
    public void CapturedRecord_IsTheReadingTheVendorSoftwareExported()
    {
        var result = _decoder.Decode(Hex(CapturedRecord));

        Assert.True(result.IsSuccess, result.Error?.ToString());
        var (panel, pulse) = (result.Measurements[0], result.Measurements[1]);
        Assert.Equal([(Loinc.Systolic, 123m), (Loinc.Diastolic, 78m)], panel.Components.Select(c => (c.Code, c.Quantity.Value!.Value)));
        Assert.Equal(87m, pulse.Value!.Quantity.Value);
        Assert.All(result.Measurements, m =>
        {
            Assert.Equal(new DateTime(2007, 1, 1, 0, 6, 38), m.DeviceLocalTime);
            Assert.Equal(0, m.DeviceUserIndex);
            Assert.Equal(ReadingFlags.MeasurementFromStorage, m.Flags);
            Assert.Empty(m.Notes);
        });
    }

    [Fact]
    public void LibomronReturnExample_Decodes()
    {
        // "0x07 0x01 0x03 0x00 0x06 0x33 0x00 0x00 0x70 0x4b 0x47 0x00 0x00 0x4c": SYS 112, DIA 75, pulse 71.
        var result = _decoder.Decode(Hex("47 4D 45 00 00 00 00 00 4F 4B 00 07 01 03 00 06 33 00 00 70 4B 47 00 00 4C"));

        Assert.Equal(new DateTime(2007, 1, 3, 0, 6, 51), result.Measurements[0].DeviceLocalTime);
        Assert.Equal([112m, 75m], result.Measurements[0].Components.Select(c => c.Quantity.Value!.Value));
        Assert.Equal(71m, result.Measurements[1].Value!.Quantity.Value);
    }

    [Theory]
    [InlineData(0x10, 1)]
    [InlineData(0x20, 2)]
    [InlineData(0x30, 3)]
    public void TruReadSeries_IsSaidInANote(byte status, int nth)
    {
        var panel = _decoder.Decode(OmronEncoder.Frame(1, 4, new DateTime(2026, 11, 29, 8, 0, 5), 128, 84, 66, status)).Measurements[0];

        Assert.Equal($"Reading {nth} of a TruRead series of three", Assert.Single(panel.Notes));
        Assert.Equal(ReadingFlags.MeasurementFromStorage, panel.Flags);
        Assert.Equal(1, panel.DeviceUserIndex);
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x40)]
    public void UnexplainedStatus_IsFlaggedNotGuessed(byte status)
    {
        var panel = _decoder.Decode(OmronEncoder.Frame(0, 0, new DateTime(2026, 11, 29, 8, 0, 5), 128, 84, 66, status)).Measurements[0];

        Assert.True(panel.Flags.HasFlag(ReadingFlags.ReservedStatusValue));
        Assert.Contains($"status {status:X2}", panel.Notes[^1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CapturedRecord + " 00", DecodeErrorKind.TrailingBytes, 25)]
    [InlineData("47 4D 45 00 00 00 00 00 4F 4B 00 07", DecodeErrorKind.TooShort, 12)]
    [InlineData("47 4D 41 00 00 00 00 00 4F 4B 00 07 01 01 00 06 26 00 00 7B 4E 57 00 00 45", DecodeErrorKind.Malformed, 0)]   // GMA
    [InlineData("47 4D 45 00 00 00 01 00 4F 4B 00 07 01 01 00 06 26 00 00 7B 4E 57 00 00 45", DecodeErrorKind.Malformed, 0)]   // question checksum
    [InlineData("47 4D 45 00 00 00 00 00 4E 4F 00 07 01 01 00 06 26 00 00 7B 4E 57 00 00 45", DecodeErrorKind.Malformed, 8)]   // "NO"
    [InlineData("47 4D 45 00 00 00 00 00 4F 4B 00 07 01 01 00 06 26 00 00 7C 4E 57 00 00 45", DecodeErrorKind.BadChecksum, 24)]
    [InlineData("47 4D 45 00 00 00 00 00 4F 4B 00 07 0D 01 00 06 26 00 00 7B 4E 57 00 00 49", DecodeErrorKind.InvalidField, 12)]  // month 13
    [InlineData("47 4D 45 00 00 00 00 00 4F 4B 00 07 02 1E 00 06 26 00 00 7B 4E 57 00 00 59", DecodeErrorKind.InvalidField, 13)]  // 30 February
    [InlineData("47 4D 45 00 00 00 00 00 4F 4B 00 07 01 01 18 06 26 00 00 7B 4E 57 00 00 5D", DecodeErrorKind.InvalidField, 14)]  // hour 24
    [InlineData("47 4D 45 00 00 00 00 00 4F 4B 00 07 01 01 00 06 3C 00 00 7B 4E 57 00 00 5F", DecodeErrorKind.InvalidField, 16)]  // second 60
    public void BadFrame_IsATypedError(string hex, DecodeErrorKind kind, int offset)
    {
        var error = _decoder.Decode(Hex(hex)).Error;

        Assert.Equal(kind, error?.Kind);
        Assert.Equal(offset, error?.Offset);
    }

    [Fact]
    public void Commands_AreTheCapturedOutputReports()
    {
        // The capture's output reports, report by report (bytes past the count are whatever the buffer held).
        Assert.Equal(Hex("05 56 45 52 30 30 00 00"), Assert.Single(OmronWire.Reports(OmronWire.Version)));
        Assert.Equal([Hex("07 47 44 43 00 00 00 00"), Hex("01 00 00 00 00 00 00 00")], OmronWire.Reports(OmronWire.DataCount(0)));
        Assert.Equal([Hex("07 47 4D 45 00 00 00 00"), Hex("01 00 00 00 00 00 00 00")], OmronWire.Reports(OmronWire.Measurement(0, 0)));
        Assert.Equal(Hex("05 45 4E 44 FF FF 00 00"), Assert.Single(OmronWire.Reports(OmronWire.End)));
        Assert.Equal([.. Enumerable.Repeat(Hex("07 00 00 00 00 00 00 00"), 4), Hex("02 00 00 00 00 00 00 00")], OmronWire.Reports(new byte[OmronWire.ClearLength]));
        // libomron: GME's last byte is index ^ bank.
        Assert.Equal(Hex("47 4D 45 00 01 00 05 04"), OmronWire.Measurement(1, 5));
    }

    [Theory]
    [InlineData("4F 4B 00 4D 37 30 38 30 49 54 20 32 30 37 4A", OmronAnswer.Ok)]   // VER: "M7080IT 207", checksum 4A
    [InlineData("4F 4B 00 00 13 00 01 12", OmronAnswer.Ok)]                           // GDC: one record
    [InlineData("4F 4B", OmronAnswer.Ok)]                                             // the clear block, END
    [InlineData("4E 4F", OmronAnswer.No)]
    [InlineData("4F 4B 00 00 13 00 01 13", OmronAnswer.BadChecksum)]
    [InlineData("08 60 00 00 00 00 00", OmronAnswer.Garbled)]
    [InlineData("", OmronAnswer.Garbled)]
    public void Answers_AreCheckedByTheirXor(string hex, OmronAnswer expected)
    {
        Assert.Equal(expected, OmronWire.Check(Hex(hex)));
    }

    [Fact]
    public void Encoder_RoundTrips()
    {
        var taken = new DateTime(2026, 2, 28, 23, 59, 59);
        var result = _decoder.Decode(OmronEncoder.Frame(1, 200, taken, 250, 40, 180));

        Assert.Equal(taken, result.Measurements[0].DeviceLocalTime);
        Assert.Equal([250m, 40m], result.Measurements[0].Components.Select(c => c.Quantity.Value!.Value));
    }

    [Fact]
    public void Decoder_RandomAndMutatedFrames_NeverThrow()
    {
        var random = new Random(790);
        var valid = Hex(CapturedRecord);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        for (var i = 0; i < 100_000; i++)
        {
            byte[] frame;
            if (i % 2 == 0)
            {
                frame = new byte[random.Next(30)];
                random.NextBytes(frame);
            }
            else
            {
                frame = (byte[])valid.Clone();
                frame[random.Next(frame.Length)] = (byte)random.Next(256);
                // Half of them with a checksum fixed up, so the fields behind it are reached.
                if (random.Next(2) == 0)
                {
                    frame[^1] = 0;
                    frame[^1] = OmronWire.Xor(frame.AsSpan(10));
                }
            }

            var result = _decoder.Decode(frame);

            Assert.True(result.IsSuccess ^ result.Error is not null);
            if (result.IsSuccess)
            {
                _ = ReadingFactory.Create(result, frame, DateTimeOffset.UtcNow, new FrameSource("bp-2", OmronDecoder.ProtocolName, zone));
            }
        }
    }
}
