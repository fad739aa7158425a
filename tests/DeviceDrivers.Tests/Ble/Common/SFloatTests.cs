using EdgeGateway.DeviceDrivers.Ble.Common;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Tests.Ble.Common;

// Reference: GATT Specification Supplement §2.2.2 (medfloat16) and IEEE 11073-20601 §F.8:
// value = mantissa × 10^exponent, both two's complement, exponent NOT biased.
public class SFloatTests
{
    [Theory]
    [InlineData(0x0078, "120")]      // exp 0, mantissa 120
    [InlineData(0xF4B0, "120.0")]    // exp −1, mantissa 1200: keeps its resolution
    [InlineData(0xFFFF, "-0.1")]     // exp −1, mantissa −1
    [InlineData(0x0FFF, "-1")]       // exp 0, mantissa −1
    [InlineData(0x1001, "10")]       // exp +1, mantissa 1
    [InlineData(0x7001, "10000000")] // exp +7, the largest exponent
    [InlineData(0x8001, "0.00000001")] // exp −8, the smallest exponent
    [InlineData(0xE16C, "3.64")]     // exp −2, mantissa 364 (a body temperature)
    [InlineData(0x07FD, "2045")]     // the largest ordinary mantissa
    public void Decode_OrdinaryValues_AreMantissaTimesTenToTheSignedExponent(int raw, string expected)
    {
        var quantity = SFloat.Decode((ushort)raw, "u");

        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), quantity.Value);
        Assert.Equal(expected, quantity.Value!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(AbsentReason.None, quantity.Absent);
    }

    [Fact]
    public void Decode_ExponentIsNotBiased_TheTrapOfOnePublicLibrary()
    {
        // A biased reading (e − 8) would make 0xF4B0 1200 × 10^7.
        Assert.Equal(120.0m, SFloat.Decode(0xF4B0, "u").Value);
    }

    [Theory]
    [InlineData(0x07FF, AbsentReason.NotANumber)]
    [InlineData(0x0800, AbsentReason.Error)]          // NRes
    [InlineData(0x07FE, AbsentReason.PositiveInfinity)]
    [InlineData(0x0802, AbsentReason.NegativeInfinity)]
    [InlineData(0x0801, AbsentReason.Error)]          // reserved for future use
    public void Decode_SpecialValues_HaveNoNumberButAReason(int raw, AbsentReason reason)
    {
        var quantity = SFloat.Decode((ushort)raw, "mm[Hg]");

        Assert.Null(quantity.Value);
        Assert.Equal(reason, quantity.Absent);
        Assert.Equal("mm[Hg]", quantity.Unit);
    }

    [Theory]
    [InlineData(0x17FF)] // mantissa 0x7FF with exponent +1
    [InlineData(0xF800)] // mantissa 0x800 with exponent −1
    [InlineData(0x27FE)]
    public void Decode_ReservedMantissaWithAnyExponent_IsNeverANumber(int raw)
    {
        // IEEE 11073-20601 names the specials with exponent 0; we treat the reserved mantissas as
        // specials at every exponent, so a malformed value is never shown as a number (20470 mmHg).
        Assert.Null(SFloat.Decode((ushort)raw, "u").Value);
    }

    [Theory]
    [InlineData(120, 0)]
    [InlineData(-5, -1)]
    [InlineData(2045, 7)]
    [InlineData(-2045, -8)]
    public void Encode_ThenDecode_GivesTheSameValue(int mantissa, int exponent)
    {
        var decoded = SFloat.Decode(SFloat.Encode(mantissa, exponent), "u").Value!.Value;

        Assert.Equal(mantissa * (decimal)Math.Pow(10, exponent), decoded);
    }
}
