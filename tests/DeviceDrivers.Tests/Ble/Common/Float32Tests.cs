using System.Buffers.Binary;
using System.Globalization;
using EdgeGateway.DeviceDrivers.Ble.Common;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Tests.Ble.Common;

// Reference: GATT Specification Supplement §2.2.1 (medfloat32) and IEEE 11073-20601 §F.8:
// value = mantissa (24-bit) × 10^exponent (8-bit), both two's complement, exponent NOT biased;
// specials 0x007FFFFF NaN, 0x00800000 NRes, 0x007FFFFE +INF, 0x00800002 −INF, 0x00800001 reserved.
public class Float32Tests
{
    [Theory]
    [InlineData(0xFF00016Cu, "36.4")]        // exp −1, mantissa 364: a body temperature in °C
    [InlineData(0xFE000E38u, "36.40")]       // exp −2, mantissa 3640: keeps its resolution
    [InlineData(0xFF0003B9u, "95.3")]        // exp −1, mantissa 953: 95.3 °F stays 95.3
    [InlineData(0x00000025u, "37")]          // exp 0
    [InlineData(0xFFFFFFFFu, "-0.1")]        // exp −1, mantissa −1
    [InlineData(0x02000007u, "700")]         // exp +2
    [InlineData(0x007FFFFDu, "8388605")]     // the largest ordinary mantissa
    [InlineData(0x00800003u, "-8388605")]    // the smallest ordinary mantissa
    [InlineData(0xE4000001u, "0.0000000000000000000000000001")] // exp −28, the finest a decimal holds
    public void Decode_OrdinaryValues_AreMantissaTimesTenToTheSignedExponent(uint raw, string expected)
    {
        var quantity = Float32.Decode(raw, "Cel");

        Assert.Equal(AbsentReason.None, quantity.Absent);
        Assert.Equal(expected, quantity.Value!.Value.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("Cel", quantity.Unit);
    }

    [Fact]
    public void Decode_LittleEndianBytesOfTheCharacteristic_ReadAsTheSpecificationSays()
    {
        // 36.4 °C as a thermometer sends it: 6C 01 00 FF.
        var raw = BinaryPrimitives.ReadUInt32LittleEndian([0x6C, 0x01, 0x00, 0xFF]);

        Assert.Equal(36.4m, Float32.Decode(raw, "Cel").Value);
    }

    [Fact]
    public void Decode_ExponentIsNotBiased()
    {
        // A biased reading (e − 128, or e − 8 as one library does for SFLOAT) would be far off.
        Assert.Equal(36.4m, Float32.Decode(0xFF00016C, "Cel").Value);
    }

    [Theory]
    [InlineData(0x007FFFFFu, AbsentReason.NotANumber)]
    [InlineData(0x00800000u, AbsentReason.Error)]
    [InlineData(0x007FFFFEu, AbsentReason.PositiveInfinity)]
    [InlineData(0x00800002u, AbsentReason.NegativeInfinity)]
    [InlineData(0x00800001u, AbsentReason.Error)]
    [InlineData(0xFF7FFFFFu, AbsentReason.NotANumber)]   // a reserved mantissa with any exponent
    [InlineData(0x027FFFFEu, AbsentReason.PositiveInfinity)]
    public void Decode_SpecialValues_HaveNoNumberButAReason(uint raw, AbsentReason reason)
    {
        var quantity = Float32.Decode(raw, "Cel");

        Assert.Null(quantity.Value);
        Assert.Equal(reason, quantity.Absent);
    }

    [Theory]
    [InlineData(0x80000001u)] // exp −128
    [InlineData(0xE3000001u)] // exp −29: finer than a decimal holds
    [InlineData(0x16000001u)] // exp +22
    [InlineData(0x7F7FFFFDu)] // exp +127, the largest mantissa
    public void Decode_ExponentsNoMeasurementHas_AreAnError_NeverAWrongNumber(uint raw)
    {
        var quantity = Float32.Decode(raw, "Cel");

        Assert.Null(quantity.Value);
        Assert.Equal(AbsentReason.Error, quantity.Absent);
    }

    [Theory]
    [InlineData(364, -1)]
    [InlineData(-5, 0)]
    [InlineData(8388605, 21)]
    [InlineData(-8388605, -28)]
    [InlineData(1, -3)]
    public void Encode_ThenDecode_GivesTheValueBack(int mantissa, int exponent)
    {
        var expected = exponent >= 0 ? mantissa * Pow10(exponent) : mantissa / Pow10(-exponent);

        Assert.Equal(expected, Float32.Decode(Float32.Encode(mantissa, exponent), "u").Value);
    }

    [Fact]
    public void Decode_AnyRawValue_NeverThrows_AndANumberIsAlwaysExact()
    {
        // 1,000,000 random raw values plus every exponent with the extreme mantissas.
        var random = new Random(20261129);
        var raws = Enumerable.Range(0, 1_000_000).Select(_ => (uint)random.NextInt64(0, 1L << 32))
            .Concat(Enumerable.Range(0, 256).SelectMany(e => new[] { ((uint)e << 24) | 0x7FFFFD, ((uint)e << 24) | 0x800003 }));
        foreach (var raw in raws)
        {
            var quantity = Float32.Decode(raw, "u");
            if (quantity.Value is { } value)
            {
                var mantissa = (int)(raw & 0xFFFFFF) >= 0x800000 ? (int)(raw & 0xFFFFFF) - 0x1000000 : (int)(raw & 0xFFFFFF);
                var exponent = (sbyte)(raw >> 24);
                Assert.InRange(exponent, -28, 21);
                if (exponent <= 0)
                {
                    Assert.Equal(mantissa, value * Pow10(-exponent));
                }
                else
                {
                    Assert.Equal(mantissa * Pow10(exponent), value);
                }
            }
        }
    }

    private static decimal Pow10(int exponent)
    {
        var value = 1m;
        for (var i = 0; i < exponent; i++)
        {
            value *= 10;
        }

        return value;
    }
}
