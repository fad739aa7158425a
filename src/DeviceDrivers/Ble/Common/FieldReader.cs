using System.Buffers.Binary;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Ble.Common;

/// <summary>
/// Reads a GATT characteristic value's fields in order (all little-endian). The first field the
/// frame cannot hold stops reading with a typed error naming the field and its offset; nothing
/// throws, whatever the bytes.
/// </summary>
internal ref struct FieldReader(ReadOnlySpan<byte> frame)
{
    private readonly ReadOnlySpan<byte> _frame = frame;

    /// <summary>The offset of the next field.</summary>
    public int Offset { get; private set; }

    /// <summary>Why reading stopped, once a read returned false.</summary>
    public DecodeError? Error { get; private set; }

    /// <summary>Bytes not read yet.</summary>
    public readonly int Remaining => _frame.Length - Offset;

    /// <summary>Checks that the frame holds its fixed part before any field is read.</summary>
    public bool Require(int length, string what)
    {
        if (_frame.Length >= length)
        {
            return true;
        }

        Error = new DecodeError(DecodeErrorKind.TooShort, $"{what} needs at least {length} bytes, got {_frame.Length}", _frame.Length);
        return false;
    }

    public bool UInt8(string field, out byte value)
    {
        value = 0;
        if (!Take(1, field, out var bytes)) return false;
        value = bytes[0];
        return true;
    }

    public bool UInt16(string field, out ushort value)
    {
        value = 0;
        if (!Take(2, field, out var bytes)) return false;
        value = BinaryPrimitives.ReadUInt16LittleEndian(bytes);
        return true;
    }

    public bool Int16(string field, out short value)
    {
        value = 0;
        if (!Take(2, field, out var bytes)) return false;
        value = BinaryPrimitives.ReadInt16LittleEndian(bytes);
        return true;
    }

    public bool UInt24(string field, out uint value)
    {
        value = 0;
        if (!Take(3, field, out var bytes)) return false;
        value = (uint)(bytes[0] | (bytes[1] << 8) | (bytes[2] << 16));
        return true;
    }

    public bool SFloat(string field, string unit, out Quantity value)
    {
        value = default;
        if (!UInt16(field, out var raw)) return false;
        value = Common.SFloat.Decode(raw, unit);
        return true;
    }

    public bool Float(string field, string unit, out Quantity value)
    {
        value = default;
        if (!Take(4, field, out var bytes)) return false;
        value = Float32.Decode(BinaryPrimitives.ReadUInt32LittleEndian(bytes), unit);
        return true;
    }

    /// <summary>A 7-byte Date Time: null with <see cref="ReadingFlags.DeviceClockUnknown"/> when the device says it does not know.</summary>
    public bool DateTime(string field, out DateTime? value, ref ReadingFlags flags)
    {
        value = null;
        var start = Offset;
        if (!Take(BleDateTime.Length, field, out var bytes)) return false;
        switch (BleDateTime.TryRead(bytes, out var time, out var problem))
        {
            case BleDateTime.Status.Valid:
                value = time;
                return true;
            case BleDateTime.Status.Unknown:
                flags |= ReadingFlags.DeviceClockUnknown;
                return true;
            default:
                return Invalid($"{field}: {problem}", start);
        }
    }

    /// <summary>Stops reading with <see cref="DecodeErrorKind.InvalidField"/> at <paramref name="offset"/>.</summary>
    public bool Invalid(string message, int offset)
    {
        Error = new DecodeError(DecodeErrorKind.InvalidField, message, offset);
        return false;
    }

    /// <summary>The error for bytes left after the last announced field, or null when none are.</summary>
    public readonly DecodeError? Trailing(byte flags) => Offset == _frame.Length
        ? null
        : new DecodeError(DecodeErrorKind.TrailingBytes,
            $"{_frame.Length - Offset} byte(s) after the last field the flags 0x{flags:X2} announce", Offset);

    /// <summary>The bytes not read yet, without reading them.</summary>
    public readonly ReadOnlySpan<byte> Rest => _frame[Offset..];

    private bool Take(int length, string field, out ReadOnlySpan<byte> bytes)
    {
        if (_frame.Length - Offset < length)
        {
            bytes = default;
            Error = new DecodeError(DecodeErrorKind.MissingField,
                $"the flags announce a {field} ({length} byte(s) at offset {Offset}) but the frame ends at {_frame.Length}", Offset);
            return false;
        }

        bytes = _frame.Slice(Offset, length);
        Offset += length;
        return true;
    }
}
