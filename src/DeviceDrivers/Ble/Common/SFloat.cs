using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Ble.Common;

/// <summary>
/// IEEE 11073-20601 16-bit SFLOAT as the Bluetooth GATT Specification Supplement (§2.2.2,
/// "medfloat16") defines it: bits 15–12 a two's-complement exponent (base 10, NOT biased),
/// bits 11–0 a two's-complement mantissa. The mantissas 0x7FF, 0x800, 0x7FE, 0x802 and 0x801
/// are reserved for NaN, NRes, +INF, −INF and "reserved for future use".
/// </summary>
public static class SFloat
{
    private const int MantissaNaN = 0x07FF;
    private const int MantissaNRes = -0x0800;        // 0x800 as a signed 12-bit value
    private const int MantissaPositiveInfinity = 0x07FE;
    private const int MantissaNegativeInfinity = -0x07FE; // 0x802 as a signed 12-bit value
    private const int MantissaReserved = -0x07FF;     // 0x801 as a signed 12-bit value

    /// <summary>Decodes <paramref name="raw"/> into a value in <paramref name="unit"/>, or the absent reason.</summary>
    public static Quantity Decode(ushort raw, string unit) => Decode(raw, unit, 0);

    /// <summary>
    /// Decodes <paramref name="raw"/> × 10^<paramref name="exponentShift"/>: a change of decimal unit
    /// (kg/L → mg/dL is +5) done on the exponent, so the value keeps exactly the resolution the device stated.
    /// </summary>
    public static Quantity Decode(ushort raw, string unit, int exponentShift)
    {
        var mantissa = raw & 0x0FFF;
        if (mantissa >= 0x0800)
        {
            mantissa -= 0x1000;
        }

        var exponent = raw >> 12;
        if (exponent >= 0x8)
        {
            exponent -= 0x10;
        }

        return mantissa switch
        {
            MantissaNaN => Quantity.Missing(AbsentReason.NotANumber, unit),
            MantissaNRes or MantissaReserved => Quantity.Missing(AbsentReason.Error, unit),
            MantissaPositiveInfinity => Quantity.Missing(AbsentReason.PositiveInfinity, unit),
            MantissaNegativeInfinity => Quantity.Missing(AbsentReason.NegativeInfinity, unit),
            _ => Quantity.Of(Scale(mantissa, exponent + exponentShift), unit),
        };
    }

    /// <summary>Encodes mantissa × 10^exponent (used by simulators). Throws on values outside the format.</summary>
    public static ushort Encode(int mantissa, int exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(mantissa, -2045);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(mantissa, 2045);
        ArgumentOutOfRangeException.ThrowIfLessThan(exponent, -8);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(exponent, 7);
        return (ushort)(((exponent & 0x0F) << 12) | (mantissa & 0x0FFF));
    }

    /// <summary>The raw encoding of NaN (used by simulators and tests).</summary>
    public const ushort NaN = 0x07FF;

    /// <summary>mantissa × 10^exponent as an exact decimal that keeps the stated resolution.</summary>
    internal static decimal Scale(long mantissa, int exponent)
    {
        if (exponent <= 0)
        {
            var negative = mantissa < 0;
            var magnitude = (ulong)Math.Abs(mantissa);
            return new decimal((int)(magnitude & 0xFFFFFFFF), (int)(magnitude >> 32), 0, negative, (byte)-exponent);
        }

        decimal value = mantissa;
        for (var i = 0; i < exponent; i++)
        {
            value *= 10;
        }

        return value;
    }
}
