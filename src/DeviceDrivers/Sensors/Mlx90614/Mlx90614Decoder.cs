using System.Globalization;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Sensors.Mlx90614;

/// <summary>
/// Decodes one <c>i2c-mlx90614</c> frame (two SMBus read-word transactions, see
/// <see cref="Mlx90614Wire"/>): checks the layout and both PECs, then yields the object temperature
/// as a body temperature (8310-5) in <c>Cel</c> to the sensor's 0.02 °C step. It is the skin surface
/// temperature the infrared sensor sees, not a core temperature — no compensation is applied, and a
/// note says so; the site is wherever the sensor was aimed, so none is stated. A temperature the
/// sensor flags as in error gives no number; an ambient temperature outside the sensor's specified
/// accuracy range, or an object temperature no skin has, is flagged questionable.
/// </summary>
public sealed class Mlx90614Decoder : IFrameDecoder
{
    /// <summary>The protocol name.</summary>
    public const string ProtocolName = "i2c-mlx90614";

    /// <summary>Said with every reading: what the number is, and what it is not.</summary>
    public const string SurfaceNote =
        "Skin surface temperature by non-contact infrared sensor (MLX90614 object temperature), not converted to a core temperature: it usually reads lower than an oral, tympanic or rectal temperature.";

    // Datasheet, "Features and benefits": ±0.5 °C from 0 to +50 °C for both T_A and T_O (standard accuracy parts).
    private const decimal AccurateAmbientLowest = 0m;
    private const decimal AccurateAmbientHighest = 50m;

    /// <inheritdoc />
    public string Protocol => ProtocolName;

    /// <inheritdoc />
    public DecodeResult Decode(ReadOnlySpan<byte> frame)
    {
        if (Mlx90614Sample.TryParse(frame, out var sample) is { } error)
        {
            return error;
        }

        var flags = ReadingFlags.None;
        List<string> notes = [SurfaceNote];
        Quantity temperature;
        if (sample.InError)
        {
            // The sensor says its linearized temperature is wrong (datasheet §8.4.6): no number.
            temperature = Quantity.Missing(AbsentReason.Error, Ucum.Celsius);
            flags |= ReadingFlags.SensorMalfunction;
        }
        else
        {
            temperature = Quantity.Of(sample.ObjectCelsius, Ucum.Celsius);
            if (sample.AmbientCelsius is < AccurateAmbientLowest or > AccurateAmbientHighest)
            {
                flags |= ReadingFlags.QuestionableMeasurement;
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"The sensor was at {sample.AmbientCelsius} Cel, outside the 0 to 50 Cel in which it is specified to 0.5 Cel."));
            }

            if (!sample.LooksLikeSkin)
            {
                flags |= ReadingFlags.QuestionableMeasurement;
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"Not a skin temperature ({Mlx90614Sample.SkinLowest} to {Mlx90614Sample.SkinHighest} Cel, warmer than the sensor at {sample.AmbientCelsius} Cel): the sensor may not have been aimed at the patient."));
            }
        }

        return DecodeResult.Success(new Measurement
        {
            Code = Loinc.BodyTemperature,
            Display = "Body temperature",
            Value = new ObservedValue(Loinc.BodyTemperature, "Body temperature", temperature),
            Flags = flags,
            Notes = notes,
        });
    }
}
