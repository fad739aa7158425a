using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Serial.Beurer;
using static EdgeGateway.Tests.Shared.Frames;

namespace EdgeGateway.DeviceDrivers.Tests.Serial;

// Layout: the Beurer BM58 (USB-serial edition) record answering A3 nn, as babo/bm58 (bm58.py: header
// AC, bytes 1–2 + 25, 3 pulse, 4 month, 5 day, 6 hour, 7 minute, 8 year − 2000; A9 "not available"),
// atbrask/BM65DataDownloader (beurer.py, Measurement) and DaveDavenport/BPM (source/bpm.cc, the
// measurement struct) read it. No raw capture is published: the vectors are built from that layout
// and checked against the drivers' arithmetic (125 = 0x64 + 25).
public sealed class Bm58Tests
{
    private readonly Bm58Decoder _decoder = new();

    [Fact]
    public void Record_GivesThePanelAndThePulse_WithTheDeviceTime_FromMemory()
    {
        var result = _decoder.Decode(Hex("AC 64 37 48 0B 1D 08 0F 1A"));

        Assert.True(result.IsSuccess, result.Error?.ToString());
        var (panel, pulse) = (result.Measurements[0], result.Measurements[1]);
        Assert.Equal(Loinc.BloodPressurePanel, panel.Code);
        Assert.Equal([(Loinc.Systolic, 125m), (Loinc.Diastolic, 80m)], panel.Components.Select(c => (c.Code, c.Quantity.Value!.Value)));
        Assert.All(panel.Components, c => Assert.Equal(Ucum.MillimetreOfMercury, c.Quantity.Unit));
        Assert.Equal(Quantity.Of(72, Ucum.PerMinute), pulse.Value!.Quantity);
        Assert.All(result.Measurements, m =>
        {
            Assert.Equal(new DateTime(2026, 11, 29, 8, 15, 0), m.DeviceLocalTime);
            Assert.Equal(ReadingFlags.MeasurementFromStorage, m.Flags);
        });
    }

    [Theory]
    [InlineData(25, 25)]     // byte 0: the lowest the offset can say
    [InlineData(280, 200)]   // 255 + 25
    public void Pressures_AreTheBytesPlus25(int systolic, int diastolic)
    {
        var record = Bm58Encoder.Encode(new DateTime(2024, 2, 29, 23, 59, 0), systolic, diastolic, 60);

        Assert.Equal([systolic, diastolic], _decoder.Decode(record).Measurements[0].Components.Select(c => (int)c.Quantity.Value!.Value));
    }

    [Fact]
    public void HeaderOtherThanAC_IsRefused_NoChecksumMeansTheHeaderIsTheOnlyProof()
    {
        var result = _decoder.Decode(Hex("AD 64 37 48 0B 1D 08 0F 1A"));

        Assert.Equal(DecodeErrorKind.Malformed, result.Error!.Kind);
        Assert.Contains("0xAD", result.Error.Message, StringComparison.Ordinal);
        Assert.Equal(DecodeErrorKind.InvalidField, _decoder.Decode(Hex("AC 64 37 48 0B 1D 08 0F 9A")).Error!.Kind);
    }

    [Fact]
    public void PulseZero_IsNoValue()
    {
        Assert.False(_decoder.Decode(Hex("AC 64 37 00 0B 1D 08 0F 1A")).Measurements[1].Value!.Quantity.HasValue);
    }

    [Theory]
    [InlineData("AC 64 37 48 0B 1D 08 0F", DecodeErrorKind.TooShort, 8)]
    [InlineData("AC 64 37 48 0B 1D 08 0F 1A 00", DecodeErrorKind.TrailingBytes, 9)]
    [InlineData("AC 64 37 48 00 1D 08 0F 1A", DecodeErrorKind.InvalidField, 4)]   // month 0
    [InlineData("AC 64 37 48 0D 1D 08 0F 1A", DecodeErrorKind.InvalidField, 4)]   // month 13
    [InlineData("AC 64 37 48 0B 1F 08 0F 1A", DecodeErrorKind.InvalidField, 5)]   // 31 November
    [InlineData("AC 64 37 48 02 1D 08 0F 19", DecodeErrorKind.InvalidField, 5)]   // 29 February 2025
    [InlineData("AC 64 37 48 0B 1D 18 0F 1A", DecodeErrorKind.InvalidField, 6)]   // hour 24
    [InlineData("AC 64 37 48 0B 1D 08 3C 1A", DecodeErrorKind.InvalidField, 7)]   // minute 60
    [InlineData("", DecodeErrorKind.TooShort, 0)]
    public void BadRecord_IsATypedError(string hex, DecodeErrorKind kind, int offset)
    {
        var error = _decoder.Decode(Hex(hex)).Error;

        Assert.Equal(kind, error?.Kind);
        Assert.Equal(offset, error?.Offset);
    }

    [Fact]
    public void Encoder_RoundTrips()
    {
        var taken = new DateTime(2031, 1, 1, 0, 0, 0);
        var result = _decoder.Decode(Bm58Encoder.Encode(taken, 141, 92, 88));

        Assert.Equal(taken, result.Measurements[0].DeviceLocalTime);
        Assert.Equal(88m, result.Measurements[1].Value!.Quantity.Value);
    }

    [Fact]
    public void Decoder_RandomAndMutatedRecords_NeverThrow()
    {
        var random = new Random(58);
        var valid = Hex("AC 64 37 48 0B 1D 08 0F 1A");
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        for (var i = 0; i < 100_000; i++)
        {
            byte[] frame;
            if (i % 2 == 0)
            {
                frame = new byte[random.Next(12)];
                random.NextBytes(frame);
            }
            else
            {
                frame = (byte[])valid.Clone();
                frame[random.Next(frame.Length)] = (byte)random.Next(256);
            }

            var result = _decoder.Decode(frame);

            Assert.True(result.IsSuccess ^ result.Error is not null);
            if (result.IsSuccess)
            {
                Assert.Equal(9, frame.Length);
                _ = ReadingFactory.Create(result, frame, DateTimeOffset.UtcNow, new FrameSource("bp-1", Bm58Decoder.ProtocolName, zone));
            }
        }
    }
}
