using EdgeGateway.DeviceDrivers.Simulation;

namespace EdgeGateway.DeviceDrivers.Serial.Contec;

/// <summary>Computer-to-device commands: a type-7D packet whose first data byte is the command, padded to 7 data bytes.</summary>
public static class Cms50Commands
{
    /// <summary>Starts the real-time packets: <c>7D 81 A1 80 80 80 80 80 80</c>.</summary>
    public const byte StartRealTime = 0xA1;

    /// <summary>Stops them.</summary>
    public const byte StopRealTime = 0xA2;

    /// <summary>Asks how many recordings a user has (user): answered <c>0A</c>.</summary>
    public const byte AskSegmentAmount = 0xA3;

    /// <summary>Asks a recording's length (user, segment): answered <c>08</c>.</summary>
    public const byte AskDataLength = 0xA4;

    /// <summary>Asks when a recording started (user, segment): answered <c>07</c> (date) and <c>12</c> (time).</summary>
    public const byte AskStartTime = 0xA5;

    /// <summary>Asks for a recording's samples (user, segment): answered with <c>0F</c> packets.</summary>
    public const byte AskData = 0xA6;

    /// <summary>Stops the stored data.</summary>
    public const byte StopData = 0xA7;

    /// <summary>Asks how many users the device has: answered <c>10</c>.</summary>
    public const byte AskUserAmount = 0xAD;

    /// <summary>"Stay connected": the device ends the stream unless it gets this at least every 5 s.</summary>
    public const byte KeepAlive = 0xAF;

    /// <summary>The 9-byte command packet for <paramref name="command"/> with its arguments (a user, a segment), padded with zeros.</summary>
    public static byte[] Build(byte command, params byte[] arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var data = new byte[7];
        data[0] = command;
        arguments.AsSpan(0, Math.Min(arguments.Length, 6)).CopyTo(data.AsSpan(1));
        return Cms50Packet.Pack((byte)Cms50PacketType.Command, data);
    }
}

/// <summary>Writes CMS50 real-time packets (the inverse of <see cref="Cms50Decoder"/>), for simulators and tests.</summary>
public static class Cms50Encoder
{
    /// <summary>
    /// A real-time packet with the pulse rate (255 = invalid), SpO2 (127 = invalid), the status bits of
    /// data bytes 0 and 1 (probe error 0x80, low SpO2 0x20, searching too long 0x10; searching 0x80),
    /// and a perfusion index the device could not give (FF FF), as in the published captures.
    /// </summary>
    public static byte[] Encode(int pulseRate, int spo2, byte status = 0x05, byte pleth = 0x33, byte bar = 0x16) =>
        Cms50Packet.Pack((byte)Cms50PacketType.RealTime, [status, pleth, bar, (byte)pulseRate, (byte)spo2, 0xFF, 0xFF]);
}

/// <summary>A simulated CMS50D+ (current firmware) streaming real-time packets.</summary>
public sealed class Cms50Simulator(Random random) : IDeviceSimulator
{
    /// <inheritdoc />
    public string Protocol => Cms50Decoder.ProtocolName;

    /// <inheritdoc />
    public byte[] NextFrame() => Cms50Encoder.Encode(random.Next(58, 95), random.Next(94, 100), pleth: (byte)random.Next(0x10, 0x70));
}
