using System.Buffers.Binary;

namespace EdgeGateway.DeviceDrivers.Ble.Common;

/// <summary>Writes a characteristic value field by field, little-endian (the simulators' side of <see cref="FieldReader"/>).</summary>
internal sealed class FieldWriter
{
    private readonly List<byte> _bytes = new(32);

    public FieldWriter UInt8(int value)
    {
        _bytes.Add((byte)value);
        return this;
    }

    public FieldWriter UInt16(int value)
    {
        Span<byte> two = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(two, (ushort)value);
        _bytes.AddRange(two);
        return this;
    }

    public FieldWriter UInt24(uint value) => UInt16((int)(value & 0xFFFF)).UInt8((int)(value >> 16));

    public FieldWriter SFloat(int mantissa, int exponent) => UInt16(Common.SFloat.Encode(mantissa, exponent));

    public FieldWriter Float(int mantissa, int exponent)
    {
        Span<byte> four = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(four, Float32.Encode(mantissa, exponent));
        _bytes.AddRange(four);
        return this;
    }

    public FieldWriter DateTime(DateTime value)
    {
        Span<byte> seven = stackalloc byte[BleDateTime.Length];
        BleDateTime.Write(seven, value);
        _bytes.AddRange(seven);
        return this;
    }

    public byte[] ToArray() => [.. _bytes];
}
