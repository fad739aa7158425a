using System.Text;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Serial.Masimo;
using EdgeGateway.DeviceDrivers.Transports;

namespace EdgeGateway.DeviceDrivers.Tests.Serial;

// Lines captured from a Masimo Rad-8 in ASCII 1 mode, published in yahnatan/pulseox (README.md,
// "cat /dev/ttyUSB0"); layout from the Rad-8 operator's manual's serial output section.
public sealed class MasimoAsciiTests
{
    private const string Captured = "02/22/16 22:47:45 SN=0000056661 SPO2=098% BPM=097 PI=03.60% SPCO=--.-% SPMET=--.-% DESAT=-- PIDELTA=+-- ALARM=0000 EXC=000800\r\n";

    private readonly MasimoAsciiDecoder _decoder = new();

    [Fact]
    public void CapturedLine_Gives98Percent97PerMinuteAndAPerfusionIndexOf3Point60()
    {
        var result = _decoder.Decode(Encoding.ASCII.GetBytes(Captured));

        Assert.Equal([Loinc.OxygenSaturationByPulseOximetry, Loinc.HeartRate, Loinc.PerfusionIndex], result.Measurements.Select(m => m.Code));
        Assert.Equal([Quantity.Of(98, Ucum.Percent), Quantity.Of(97, Ucum.PerMinute), Quantity.Of(3.60m, Ucum.Percent)], result.Measurements.Select(m => m.Value!.Quantity));
        Assert.Equal("3.60", result.Measurements[2].Value!.Quantity.Value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(result.Measurements, m =>
        {
            Assert.Equal(new DateTime(2016, 2, 22, 22, 47, 45), m.DeviceLocalTime);
            Assert.Equal(ReadingFlags.None, m.Flags);
        });
        Assert.Empty(result.Measurements[0].Notes);
    }

    [Fact]
    public void Dashes_AreNotAvailable_NeverNumbers()
    {
        var line = "02/22/16 22:47:46 SN=0000056661 SPO2=---% BPM=--- PI=--.--% ALARM=0000 EXC=000000\r\n";

        var result = _decoder.Decode(Encoding.ASCII.GetBytes(line));

        Assert.All(result.Measurements, m => Assert.Equal(AbsentReason.Error, m.Value!.Quantity.Absent));
    }

    [Theory]
    [InlineData("000001", ReadingFlags.SensorDisconnected)]
    [InlineData("000004", ReadingFlags.LowPerfusion)]
    [InlineData("000020", ReadingFlags.SensorUnconnected)]
    [InlineData("000800", ReadingFlags.None)]
    public void Exceptions_BecomeFlags(string exception, ReadingFlags expected)
    {
        var line = Captured.Replace("EXC=000800", "EXC=" + exception, StringComparison.Ordinal);

        Assert.All(_decoder.Decode(Encoding.ASCII.GetBytes(line)).Measurements, m => Assert.Equal(expected, m.Flags));
    }

    [Fact]
    public void UnknownExceptionOrAnAlarm_IsSaidWithItsCode()
    {
        var line = Captured.Replace("ALARM=0000 EXC=000800", "ALARM=0020 EXC=000810", StringComparison.Ordinal);

        var notes = _decoder.Decode(Encoding.ASCII.GetBytes(line)).Measurements[0].Notes;

        Assert.Equal(["Oximeter exception code 0x000010", "Oximeter alarm code 0020"], notes);
    }

    [Theory]
    [InlineData("garbage\r\n", DecodeErrorKind.Malformed)]
    [InlineData("02/22/16 22:47:45 SN=1 PI=03.60%\r\n", DecodeErrorKind.MissingField)]
    [InlineData("02/22/16 22:47:45 SPO2=9x8% BPM=097\r\n", DecodeErrorKind.InvalidField)]
    [InlineData("02/30/16 22:47:45 SPO2=098% BPM=097\r\n", DecodeErrorKind.Malformed)]
    [InlineData("02/22/16 22:47:45 SPO2=198% BPM=097\r\n", DecodeErrorKind.InvalidField)]   // a flipped bit: no oximeter says 198 %
    public void BadLine_IsATypedError(string line, DecodeErrorKind kind)
    {
        Assert.Equal(kind, _decoder.Decode(Encoding.ASCII.GetBytes(line)).Error?.Kind);
    }

    [Fact]
    public void BinaryNoise_IsMalformed_AndRandomBytesNeverThrow()
    {
        Assert.Equal(DecodeErrorKind.Malformed, _decoder.Decode([0x02, 0xFF, 0x10, 0x0A]).Error?.Kind);
        var framer = new LineFramer();
        var random = new Random(4);
        var original = Encoding.ASCII.GetBytes(Captured);
        for (var i = 0; i < 100_000; i++)
        {
            var bytes = (byte[])original.Clone();
            for (var k = random.Next(1, 4); k > 0; k--)
            {
                bytes[random.Next(bytes.Length)] = (byte)(random.Next(2) == 0 ? random.Next(0x20, 0x7F) : random.Next(256));
            }

            var match = framer.Find(bytes);
            Assert.InRange(match.Skip + match.Length, 0, bytes.Length);
            var result = _decoder.Decode(bytes);
            Assert.True(result.IsSuccess ? result.Measurements.Count >= 2 : result.Error!.Offset >= 0 && result.Error.Message.Length > 0);
        }
    }

    [Fact]
    public void Simulator_WritesLinesTheDecoderReads()
    {
        var simulator = new MasimoAsciiSimulator(new Random(5), TimeProvider.System);

        Assert.All(Enumerable.Range(0, 50), _ => Assert.True(_decoder.Decode(simulator.NextFrame()).IsSuccess));
    }
}
