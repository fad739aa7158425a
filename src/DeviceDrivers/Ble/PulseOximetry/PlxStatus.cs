using EdgeGateway.DeviceDrivers.Ble.Common;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Ble.PulseOximetry;

/// <summary>
/// The PLX Measurement Status (uint16) and Device and Sensor Status (uint24) fields, shared by
/// the spot-check and continuous measurements (Pulse Oximeter Service 1.0, GATT Specification
/// Supplement), as the quality facts a clinician reads next to the value.
/// </summary>
internal static class PlxStatus
{
    // Measurement Status: bits 0–4 reserved; 7 "validated data" and 8 "fully qualified data" are
    // good news and say nothing to add.
    private static readonly (int Bit, ReadingFlags Flag)[] Measurement =
    [
        (5, ReadingFlags.MeasurementOngoing),
        (6, ReadingFlags.EarlyEstimate),
        (9, ReadingFlags.MeasurementFromStorage),
        (10, ReadingFlags.DemonstrationData),
        (11, ReadingFlags.TestingData),
        (12, ReadingFlags.CalibrationOngoing),
        (13, ReadingFlags.MeasurementUnavailable),
        (14, ReadingFlags.QuestionableMeasurement),
        (15, ReadingFlags.InvalidMeasurement),
    ];

    // Device and Sensor Status: bit 0 "extended display update ongoing" concerns the screen only;
    // bits 16–23 are reserved.
    private static readonly (int Bit, ReadingFlags Flag)[] Device =
    [
        (1, ReadingFlags.EquipmentMalfunction),
        (2, ReadingFlags.SignalProcessingIrregularity),
        (3, ReadingFlags.InadequateSignal),
        (4, ReadingFlags.PoorSignal),
        (5, ReadingFlags.LowPerfusion),
        (6, ReadingFlags.ErraticSignal),
        (7, ReadingFlags.NonPulsatileSignal),
        (8, ReadingFlags.QuestionablePulse),
        (9, ReadingFlags.SignalAnalysisOngoing),
        (10, ReadingFlags.SensorInterference),
        (11, ReadingFlags.SensorUnconnected),
        (12, ReadingFlags.UnknownSensor),
        (13, ReadingFlags.SensorDisplaced),
        (14, ReadingFlags.SensorMalfunction),
        (15, ReadingFlags.SensorDisconnected),
    ];

    public static ReadingFlags FromMeasurementStatus(ushort status) => StatusBits.Map(status, Measurement, reserved: 0x001F);

    public static ReadingFlags FromDeviceStatus(uint status) => StatusBits.Map(status, Device, reserved: 0xFF0000);

    /// <summary>
    /// The fields both PLX measurements end with, each when its flag says: measurement status,
    /// device and sensor status, pulse amplitude index.
    /// </summary>
    public static bool TryReadTail(ref FieldReader reader, bool measurementStatus, bool deviceStatus, bool amplitudeIndex, ref ReadingFlags flags, out Quantity? pai)
    {
        pai = null;
        if (measurementStatus)
        {
            if (!reader.UInt16("measurement status", out var status)) return false;
            flags |= FromMeasurementStatus(status);
        }

        if (deviceStatus)
        {
            if (!reader.UInt24("device and sensor status", out var status)) return false;
            flags |= FromDeviceStatus(status);
        }

        if (amplitudeIndex)
        {
            if (!reader.SFloat("pulse amplitude index", Ucum.Percent, out var index)) return false;
            pai = index;
        }

        return true;
    }
}
