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

        var saturation = new Measurement
        {
            // The observation is coded 59408-5 (by pulse oximetry); the FHIR mapping adds 2708-6,
            // which the vital-signs oxygen-saturation profile requires.
            Code = Loinc.OxygenSaturationByPulseOximetry,
            Display = "Oxygen saturation in Arterial blood by Pulse oximetry",
            Value = new ObservedValue(Loinc.OxygenSaturationByPulseOximetry, "Oxygen saturation in Arterial blood by Pulse oximetry", spo2),
            DeviceLocalTime = deviceTime,
            Flags = flags,
            Notes = notes,
        };
        var heartRate = saturation with
        {
            Code = Loinc.HeartRate,
            Display = "Heart rate",
            Value = new ObservedValue(Loinc.HeartRate, "Heart rate", pulseRate),
            Notes = [],
        };
        if (pai is not { } index)
        {
            return [saturation, heartRate];
        }

        var perfusion = saturation with
        {
            Code = Loinc.PerfusionIndex,
            Display = "Perfusion index Tissue by Pulse oximetry",
            Value = new ObservedValue(Loinc.PerfusionIndex, "Perfusion index Tissue by Pulse oximetry", index),
            Notes = [],
        };
        return [saturation, heartRate, perfusion];
    }

    private static Quantity Invalid(Quantity quantity) => quantity.HasValue ? Quantity.Missing(AbsentReason.Error, quantity.Unit) : quantity;

    /// <summary>The device clock's time unless the device says its clock is not set.</summary>
    public static DateTime? Trusted(DateTime? time, ReadingFlags flags) =>
        (flags & ReadingFlags.DeviceClockUnknown) != 0 ? null : time;
}
