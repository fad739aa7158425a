namespace EdgeGateway.DeviceDrivers.Readings;

/// <summary>What an oximeter's reading yields, whatever its protocol: oxygen saturation, pulse rate and, when sent, the perfusion index.</summary>
public static class Oximetry
{
    /// <summary>The saturation (59408-5, the mapping adds 2708-6), the pulse (8867-4) and the perfusion index (61006-3) when given.</summary>
    public static Measurement[] Measurements(Quantity spo2, Quantity pulseRate, Quantity? perfusionIndex, DateTime? deviceTime, ReadingFlags flags, IReadOnlyList<string> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var saturation = new Measurement
        {
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
        if (perfusionIndex is not { } index)
        {
            return [saturation, heartRate];
        }

        return
        [
            saturation,
            heartRate,
            saturation with
            {
                Code = Loinc.PerfusionIndex,
                Display = "Perfusion index Tissue by Pulse oximetry",
                Value = new ObservedValue(Loinc.PerfusionIndex, "Perfusion index Tissue by Pulse oximetry", index),
                Notes = [],
            },
        ];
    }
}
