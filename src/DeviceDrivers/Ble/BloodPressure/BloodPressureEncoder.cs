using System.Buffers.Binary;
using EdgeGateway.DeviceDrivers.Ble.Common;

namespace EdgeGateway.DeviceDrivers.Ble.BloodPressure;

/// <summary>One cuff measurement as a device would send it, for simulators.</summary>
/// <param name="Systolic">Systolic pressure in mmHg (whole numbers, as cuffs report).</param>
/// <param name="Diastolic">Diastolic pressure in mmHg.</param>
/// <param name="Mean">Mean arterial pressure in mmHg.</param>
/// <param name="Pulse">Pulse rate in beats per minute, or null for none.</param>
/// <param name="Time">The device clock's local time, or null for none.</param>
/// <param name="UserId">The device's user slot, or null for none.</param>
/// <param name="Status">The measurement status, or null for none.</param>
public sealed record BloodPressureSample(
    int Systolic, int Diastolic, int Mean, int? Pulse, DateTime? Time, byte? UserId, BloodPressureStatus? Status);

/// <summary>Writes the 0x2A35 wire bytes for a sample (the inverse of <see cref="BloodPressureDecoder"/>).</summary>
public static class BloodPressureEncoder
{
    /// <summary>The bytes a device notifies for <paramref name="sample"/>, in mmHg.</summary>
    public static byte[] Encode(BloodPressureSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var flags = BloodPressureFlags.None;
        if (sample.Time is not null) flags |= BloodPressureFlags.TimeStampPresent;
        if (sample.Pulse is not null) flags |= BloodPressureFlags.PulseRatePresent;
        if (sample.UserId is not null) flags |= BloodPressureFlags.UserIdPresent;
        if (sample.Status is not null) flags |= BloodPressureFlags.MeasurementStatusPresent;

        var buffer = new byte[19];
        buffer[0] = (byte)flags;
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(1), SFloat.Encode(sample.Systolic, 0));
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(3), SFloat.Encode(sample.Diastolic, 0));
        BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(5), SFloat.Encode(sample.Mean, 0));
        var offset = 7;
        if (sample.Time is { } time)
        {
            BleDateTime.Write(buffer.AsSpan(offset), time);
            offset += BleDateTime.Length;
        }

        if (sample.Pulse is { } pulse)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(offset), SFloat.Encode(pulse, 0));
            offset += 2;
        }

        if (sample.UserId is { } user)
        {
            buffer[offset++] = user;
        }

        if (sample.Status is { } status)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(buffer.AsSpan(offset), (ushort)status);
            offset += 2;
        }

        return buffer[..offset];
    }
}
