using EdgeGateway.DeviceDrivers.Ble.Common;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Ble.Weight;

/// <summary>
/// Decodes one Weight Measurement (0x2A9D), Weight Scale Service 1.0:
/// <code>
/// byte 0      flags (WeightFlags)
/// bytes 1–2   weight uint16: 0.005 kg per step (SI) or 0.01 lb (imperial); 0xFFFF = measurement unsuccessful
/// [7 bytes]   Date Time          when flags bit 1
/// [1 byte]    user id            when flags bit 2 (0xFF = unknown user)
/// [2+2 bytes] BMI uint16 (0.1 kg/m²), height uint16 (0.001 m or 0.1 in)  when flags bit 3
/// </code>
/// The step is fixed by the characteristic: the resolution the Weight Scale Feature (0x2A9E)
/// advertises only says which steps the scale uses, it does not rescale the value.
/// Yields body weight (29463-7, <c>kg</c> or <c>[lb_av]</c> as sent) and, when present, BMI
/// (39156-5) and height (8302-2, <c>cm</c> or <c>[in_i]</c>).
/// </summary>
public sealed class WeightDecoder : IFrameDecoder
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "ble-weight";

    /// <summary>The weight value that means "measurement unsuccessful".</summary>
    public const ushort Unsuccessful = 0xFFFF;

    /// <inheritdoc />
    public string Protocol => ProtocolName;

    /// <inheritdoc />
    public DecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        var reader = new FieldReader(frame);
        if (!reader.Require(3, "a weight measurement (flags and weight)"))
        {
            return reader.Error!;
        }

        reader.UInt8("flags", out var rawFlags);
        var flags = (WeightFlags)rawFlags;
        var imperial = (flags & WeightFlags.Imperial) != 0;
        reader.UInt16("weight", out var rawWeight);
        var readingFlags = ReadingFlags.None;

        DateTime? time = null;
        if ((flags & WeightFlags.TimeStampPresent) != 0 && !reader.DateTime("time stamp", out time, ref readingFlags))
        {
            return reader.Error!;
        }

        int? user = null;
        if ((flags & WeightFlags.UserIdPresent) != 0)
        {
            if (!reader.UInt8("user id", out var id)) return reader.Error!;
            user = id == 0xFF ? null : id;
        }

        ushort? rawBmi = null, rawHeight = null;
        if ((flags & WeightFlags.BmiAndHeightPresent) != 0)
        {
            if (!reader.UInt16("BMI", out var bmi) || !reader.UInt16("height", out var height)) return reader.Error!;
            (rawBmi, rawHeight) = (bmi, height);
        }

        if (reader.Trailing(rawFlags) is { } trailing)
        {
            return trailing;
        }

        var weight = rawWeight == Unsuccessful
            ? Quantity.Missing(AbsentReason.Error, imperial ? Ucum.Pound : Ucum.Kilogram)
            : imperial ? Quantity.Of(Steps(rawWeight, 1, 2), Ucum.Pound) : Quantity.Of(Steps(rawWeight, 5, 3), Ucum.Kilogram);
        var body = new Measurement
        {
            Code = Loinc.BodyWeight,
            Display = "Body weight",
            Value = new ObservedValue(Loinc.BodyWeight, "Body weight", weight),
            DeviceLocalTime = time,
            DeviceUserIndex = user,
            Flags = readingFlags,
        };
        if (rawBmi is not { } bmiSteps || rawHeight is not { } heightSteps)
        {
            return DecodeResult.Success(body);
        }

        // No weight, no BMI: the scale's BMI of a failed weighing is not a result.
        var bmiValue = weight.HasValue ? Quantity.Of(Steps(bmiSteps, 1, 1), Ucum.KilogramPerSquareMetre) : Quantity.Missing(AbsentReason.Error, Ucum.KilogramPerSquareMetre);
        // 0.001 m per step is 0.1 cm: the vital-signs height profile takes cm or [in_i], not m.
        var heightValue = Quantity.Of(Steps(heightSteps, 1, 1), imperial ? Ucum.Inch : Ucum.Centimetre);
        return DecodeResult.Success(
            body,
            body with { Code = Loinc.BodyMassIndex, Display = "Body mass index (BMI) [Ratio]", Value = new ObservedValue(Loinc.BodyMassIndex, "Body mass index (BMI) [Ratio]", bmiValue) },
            body with { Code = Loinc.BodyHeight, Display = "Body height", Value = new ObservedValue(Loinc.BodyHeight, "Body height", heightValue) });
    }

    /// <summary>raw × multiplier × 10^−scale, exact.</summary>
    private static decimal Steps(ushort raw, int multiplier, byte scale) => new(raw * multiplier, 0, 0, false, scale);
}
