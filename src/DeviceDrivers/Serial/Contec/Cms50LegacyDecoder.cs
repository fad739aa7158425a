using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Simulation;

namespace EdgeGateway.DeviceDrivers.Serial.Contec;

/// <summary>
/// Contec CMS50D+ (firmware 4.5 and earlier) live data: 19200 8O1, 5-byte packets about 60 a
/// second, no checksum — only the first byte has bit 7 set:
/// <code>
/// byte 1  1 | beep | SpO2 dropping | finger out | signal strength (4 bits)
/// byte 2  pleth
/// byte 3  0 | PR bit 7 | searching | probe error | bar graph (4 bits)
/// byte 4  PR bits 6–0
/// byte 5  SpO2
/// </code>
/// Finger out, searching and probe error give no number (the device is not measuring); "SpO2
/// dropping" is said next to the values.
/// </summary>
public sealed class Cms50LegacyDecoder : IFrameDecoder
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "contec-cms50-legacy";

    /// <summary>The packet length.</summary>
    public const int Length = 5;

    private const byte FingerOut = 0x10, SpO2Dropping = 0x20, ProbeError = 0x10, Searching = 0x20, PulseHighBit = 0x40;

    /// <inheritdoc />
    public string Protocol => ProtocolName;

    /// <inheritdoc />
    public DecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        if (frame.Length != Length)
        {
            return DecodeResult.Failure(frame.Length < Length ? DecodeErrorKind.TooShort : DecodeErrorKind.TrailingBytes,
                $"a CMS50 live packet is {Length} bytes, got {frame.Length}", Math.Min(frame.Length, Length));
        }

        for (var i = 0; i < Length; i++)
        {
            if (((frame[i] & 0x80) != 0) != (i == 0))
            {
                return DecodeResult.Failure(DecodeErrorKind.Malformed, "bit 7 must be set in the first byte only: the packet is out of sync", i);
            }
        }

        var flags = ReadingFlags.None;
        if ((frame[0] & FingerOut) != 0) flags |= ReadingFlags.SensorUnconnected;
        if ((frame[2] & Searching) != 0) flags |= ReadingFlags.OutOfTrack;
        if ((frame[2] & ProbeError) != 0) flags |= ReadingFlags.SensorMalfunction;
        var notes = (frame[0] & SpO2Dropping) != 0 ? new[] { "The oximeter signals SpO2 dropping" } : [];

        var pulseRate = ((frame[2] & PulseHighBit) << 1) | (frame[3] & 0x7F);
        var spo2 = frame[4] & 0x7F;
        var measuring = (flags & (ReadingFlags.SensorUnconnected | ReadingFlags.OutOfTrack | ReadingFlags.SensorMalfunction)) == 0;
        var pulse = measuring && pulseRate is > 0 and < 255 ? Quantity.Of(pulseRate, Ucum.PerMinute) : Quantity.Missing(AbsentReason.Error, Ucum.PerMinute);
        var saturation = measuring && spo2 is > 0 and <= 100 ? Quantity.Of(spo2, Ucum.Percent) : Quantity.Missing(AbsentReason.Error, Ucum.Percent);
        return DecodeResult.Success(Oximetry.Measurements(saturation, pulse, null, null, flags, notes));
    }
}

/// <summary>Writes CMS50 live packets (the inverse of <see cref="Cms50LegacyDecoder"/>), for simulators and tests.</summary>
public static class Cms50LegacyEncoder
{
    /// <summary>A packet with the pulse rate, SpO2, and the flag bits of bytes 1 and 3.</summary>
    public static byte[] Encode(int pulseRate, int spo2, byte status = 0x08, byte bar = 0x05, byte pleth = 0x40) =>
    [
        (byte)(0x80 | (status & 0x7F)),
        (byte)(pleth & 0x7F),
        (byte)((bar & 0x3F) | ((pulseRate & 0x80) >> 1)),
        (byte)(pulseRate & 0x7F),
        (byte)(spo2 & 0x7F),
    ];
}

/// <summary>A simulated CMS50D+ (old firmware) streaming live data.</summary>
public sealed class Cms50LegacySimulator(Random random) : IDeviceSimulator
{
    /// <inheritdoc />
    public string Protocol => Cms50LegacyDecoder.ProtocolName;

    /// <inheritdoc />
    public byte[] NextFrame() => Cms50LegacyEncoder.Encode(random.Next(58, 95), random.Next(94, 100));
}
