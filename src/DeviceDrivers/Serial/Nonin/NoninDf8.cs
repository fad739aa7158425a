using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Simulation;

namespace EdgeGateway.DeviceDrivers.Serial.Nonin;

/// <summary>
/// Nonin serial Data Format #8: one 4-byte packet per second (9600 8N1), no checksum — the sync is
/// that only the first byte has bit 7 set:
/// <code>
/// byte 1  status: 1 | SNSD | OOT | LPRF | MPRF | ARTF | HR bit 8 | HR bit 7
/// byte 2  HR bits 6–0
/// byte 3  SpO2 (0–100; 127 = missing)
/// byte 4  status 2: 0 | 0 | SPA | 0 | SNSA | 0 | 0 | low battery
/// </code>
/// HR = (status &amp; 0x03) &lt;&lt; 7 | (byte 2 &amp; 0x7F); 511 = missing. Yields SpO2 (59408-5) and pulse (8867-4).
/// </summary>
public sealed class NoninDf8Decoder : IFrameDecoder
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "nonin-df8";

    /// <summary>The packet length.</summary>
    public const int Length = 4;

    private const byte SensorDisconnect = 0x40, OutOfTrack = 0x20, LowPerfusion = 0x10, MarginalPerfusion = 0x08, Artifact = 0x04;
    private const byte SensorAlarm = 0x08, LowBattery = 0x01;

    /// <inheritdoc />
    public string Protocol => ProtocolName;

    /// <inheritdoc />
    public DecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        if (frame.Length != Length)
        {
            return DecodeResult.Failure(frame.Length < Length ? DecodeErrorKind.TooShort : DecodeErrorKind.TrailingBytes,
                $"a Nonin data format #8 packet is {Length} bytes, got {frame.Length}", Math.Min(frame.Length, Length));
        }

        if ((frame[0] & 0x80) == 0 || (frame[1] & 0x80) != 0 || (frame[2] & 0x80) != 0 || (frame[3] & 0x80) != 0)
        {
            return DecodeResult.Failure(DecodeErrorKind.Malformed, "bit 7 must be set in the status byte only: the packet is out of sync", 0);
        }

        var status = frame[0];
        var status2 = frame[3];
        var flags = ReadingFlags.None;
        if ((status & SensorDisconnect) != 0) flags |= ReadingFlags.SensorDisconnected;
        if ((status & OutOfTrack) != 0) flags |= ReadingFlags.OutOfTrack;
        if ((status & LowPerfusion) != 0) flags |= ReadingFlags.LowPerfusion;
        if ((status & MarginalPerfusion) != 0) flags |= ReadingFlags.MarginalPerfusion;
        if ((status & Artifact) != 0) flags |= ReadingFlags.Artifact;
        if ((status2 & SensorAlarm) != 0) flags |= ReadingFlags.SensorMalfunction;
        if ((status2 & LowBattery) != 0) flags |= ReadingFlags.DeviceBatteryLow;
        if ((status2 & 0x56) != 0) flags |= ReadingFlags.ReservedStatusValue;

        return DecodeResult.Success(NoninValues.Measurements(((status & 0x03) << 7) | (frame[1] & 0x7F), frame[2], flags));
    }
}

/// <summary>What every Nonin format's pulse and SpO2 become.</summary>
internal static class NoninValues
{
    /// <summary>What every Nonin format sends for "no pulse rate" and "no SpO2".</summary>
    public const int MissingHeartRate = 511, MissingSpo2 = 127;

    /// <summary>
    /// SpO2 and pulse readings; no number when the oximeter says it has none (511, 127, SpO2 above
    /// 100, "no measurement") or that the sensor gives unusable data (disconnected, sensor alarm).
    /// </summary>
    public static Measurement[] Measurements(int heartRate, int spo2, ReadingFlags flags, DateTime? deviceTime = null)
    {
        var unusable = (flags & (ReadingFlags.SensorDisconnected | ReadingFlags.SensorMalfunction | ReadingFlags.MeasurementUnavailable)) != 0;
        var pulse = heartRate == MissingHeartRate || unusable ? Quantity.Missing(AbsentReason.Error, Ucum.PerMinute) : Quantity.Of(heartRate, Ucum.PerMinute);
        var saturation = spo2 == MissingSpo2 || spo2 > 100 || unusable ? Quantity.Missing(AbsentReason.Error, Ucum.Percent) : Quantity.Of(spo2, Ucum.Percent);
        return Oximetry.Measurements(saturation, pulse, null, deviceTime, flags, []);
    }
}

/// <summary>Writes DF8 packets (the inverse of <see cref="NoninDf8Decoder"/>), for simulators and tests.</summary>
public static class NoninDf8Encoder
{
    /// <summary>The packet for a pulse rate (511 = missing), SpO2 (127 = missing) and status bits.</summary>
    public static byte[] Encode(int heartRate, int spo2, byte statusBits = 0, byte status2 = 0) =>
    [
        (byte)(0x80 | (statusBits & 0x7C) | ((heartRate >> 7) & 0x03)),
        (byte)(heartRate & 0x7F),
        (byte)(spo2 & 0x7F),
        (byte)(status2 & 0x7F),
    ];
}

/// <summary>A simulated Nonin oximeter in data format #8: a resting adult, now and then an artifact.</summary>
public sealed class NoninDf8Simulator(Random random) : IDeviceSimulator
{
    /// <inheritdoc />
    public string Protocol => NoninDf8Decoder.ProtocolName;

    /// <inheritdoc />
    public byte[] NextFrame() =>
        NoninDf8Encoder.Encode(random.Next(58, 95), random.Next(94, 100), random.Next(10) == 0 ? (byte)0x04 : (byte)0, 0x20);
}
