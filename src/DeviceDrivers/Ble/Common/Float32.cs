using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Ble.Common;

/// <summary>
/// IEEE 11073-20601 32-bit FLOAT as the Bluetooth GATT Specification Supplement (§2.2.1,
/// "medfloat32") defines it: bits 31–24 a two's-complement exponent (base 10, NOT biased), bits
/// 23–0 a two's-complement mantissa. The mantissas 0x7FFFFF, 0x800000, 0x7FFFFE, 0x800002 and
/// 0x800001 are reserved for NaN, NRes, +INF, −INF and "reserved for future use". Used by the
/// Health Thermometer's Temperature Measurement (0x2A1C).
/// </summary>
public static class Float32
{
    private const int MantissaNaN = 0x7FFFFF;
    private const int MantissaNRes = -0x800000;          // 0x800000 as a signed 24-bit value
    private const int MantissaPositiveInfinity = 0x7FFFFE;
    private const int MantissaNegativeInfinity = -0x7FFFFE; // 0x800002
    private const int MantissaReserved = -0x7FFFFF;      // 0x800001

    /// <summary>
    /// The exponents whose every value a <see cref="decimal"/> holds exactly: 10^−28 is its finest
    /// step, and 8,388,605 × 10^21 is below its largest value. No clinical measurement lies outside;
    /// a value that does is reported as an error, never as a wrong number.
    /// </summary>
    private const int MinExponent = -28, MaxExponent = 21;

    /// <summary>The raw encoding of NaN (used by simulators and tests).</summary>
    public const uint NaN = 0x007FFFFF;

    /// <summary>Decodes <paramref name="raw"/> into a value in <paramref name="unit"/>, or the absent reason.</summary>
    public static Quantity Decode(uint raw, string unit)
    {
        var mantissa = (int)(raw & 0x00FFFFFF);
        if (mantissa >= 0x800000)
        {
            mantissa -= 0x1000000;
        }

        var exponent = (int)(sbyte)(raw >> 24);
        return mantissa switch
        {
            MantissaNaN => Quantity.Missing(AbsentReason.NotANumber, unit),
            MantissaNRes or MantissaReserved => Quantity.Missing(AbsentReason.Error, unit),
            MantissaPositiveInfinity => Quantity.Missing(AbsentReason.PositiveInfinity, unit),
            MantissaNegativeInfinity => Quantity.Missing(AbsentReason.NegativeInfinity, unit),
            _ when exponent is < MinExponent or > MaxExponent => Quantity.Missing(AbsentReason.Error, unit),
            _ => Quantity.Of(SFloat.Scale(mantissa, exponent), unit),
        };
    }

    /// <summary>Encodes mantissa × 10^exponent (used by simulators). Throws on values outside the format.</summary>
    public static uint Encode(int mantissa, int exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(mantissa, -0x7FFFFD);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(mantissa, 0x7FFFFD);
        ArgumentOutOfRangeException.ThrowIfLessThan(exponent, -128);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(exponent, 127);
        return ((uint)(exponent & 0xFF) << 24) | ((uint)mantissa & 0x00FFFFFF);
    }
}
