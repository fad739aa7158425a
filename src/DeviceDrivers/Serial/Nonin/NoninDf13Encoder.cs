using System.Buffers.Binary;
using System.Text;
using EdgeGateway.DeviceDrivers.Simulation;

namespace EdgeGateway.DeviceDrivers.Serial.Nonin;

/// <summary>Writes data format #13 packets (the inverse of <see cref="NoninDf13Decoder"/>), for simulators and tests.</summary>
public static class NoninDf13Encoder
{
    /// <summary>
    /// The packet for a measurement taken at <paramref name="time"/>: pulse rate (511 = missing), SpO2
    /// (127 = missing), the two status bytes, the time in BCD (or binary), and the 9-character serial
    /// number the longer packet carries when given.
    /// </summary>
    public static byte[] Encode(DateTime time, int heartRate, int spo2, byte statusHigh = 0x02, byte statusLow = 0x00, bool bcd = true, string? serialNumber = null)
    {
        var length = NoninDf13Decoder.MinDataLength + (serialNumber is null ? 0 : 9);
        var packet = new byte[NoninDf13Decoder.Overhead + length];
        NoninDf13Decoder.Header.CopyTo(packet);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), (ushort)length);
        NoninDf13Time.Write(time, bcd, packet.AsSpan(6, 8));
        packet[14] = statusHigh;
        packet[15] = statusLow;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(16), (ushort)heartRate);
        packet[19] = (byte)spo2;
        if (serialNumber is not null)
        {
            Encoding.ASCII.GetBytes(serialNumber.PadRight(9).AsSpan(0, 9), packet.AsSpan(20, 9));
        }

        packet[6 + length] = NoninDf13Decoder.Checksum(packet.AsSpan(6, length));
        packet[^1] = (byte)NoninControl.Etx;
        return packet;
    }
}

/// <summary>The set-data-format command (short form: STX, op code 0x70, 2 data bytes — data type 02 and the format — ETX).</summary>
public static class NoninCommands
{
    /// <summary>Selects serial data format <paramref name="format"/>; the oximeter answers ACK 06 or NAK 15.</summary>
    public static byte[] SetDataFormat(byte format) =>
        [(byte)NoninControl.Stx, (byte)NoninControl.SetFormat, 0x02, 0x02, format, (byte)NoninControl.Etx];
}

/// <summary>A simulated Nonin oximeter in data format #13: a spot check now and then, stamped by its own clock.</summary>
public sealed class NoninDf13Simulator(Random random, TimeProvider time) : IDeviceSimulator
{
    /// <inheritdoc />
    public string Protocol => NoninDf13Decoder.ProtocolName;

    /// <inheritdoc />
    public byte[] NextFrame() =>
        NoninDf13Encoder.Encode(time.GetLocalNow().DateTime, random.Next(58, 95), random.Next(94, 100));
}
