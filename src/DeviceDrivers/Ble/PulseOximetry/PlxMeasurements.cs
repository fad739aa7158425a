using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Ble.PulseOximetry;

/// <summary>What one PLX value yields: oxygen saturation, pulse rate and, when sent, the perfusion (pulse amplitude) index.</summary>
internal static class PlxMeasurements
{
    public static Measurement[] Build(Quantity spo2, Quantity pulseRate, Quantity? pai, DateTime? deviceTime, ReadingFlags flags, IReadOnlyList<string> notes)
    {
        // The device says the measurement is invalid or unavailable: no number goes out as a result.
        if ((flags & (ReadingFlags.InvalidMeasurement | ReadingFlags.MeasurementUnavailable)) != 0)
        {
            (spo2, pulseRate) = (Invalid(spo2), Invalid(pulseRate));
            pai = pai is { } amplitude ? Invalid(amplitude) : null;
        }

        return Oximetry.Measurements(spo2, pulseRate, pai, deviceTime, flags, notes);
    }

    private static Quantity Invalid(Quantity quantity) => quantity.HasValue ? Quantity.Missing(AbsentReason.Error, quantity.Unit) : quantity;

    /// <summary>The device clock's time unless the device says its clock is not set.</summary>
    public static DateTime? Trusted(DateTime? time, ReadingFlags flags) =>
        (flags & ReadingFlags.DeviceClockUnknown) != 0 ? null : time;
}
