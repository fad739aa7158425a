using System.Globalization;

namespace EdgeGateway.DeviceDrivers.Transports.Ble;

/// <summary>Bluetooth SIG 16-bit UUIDs the gateway uses, and their 128-bit form on the Bluetooth base UUID.</summary>
public static class GattUuids
{
    /// <summary>Health Thermometer service.</summary>
    public const ushort HealthThermometerService = 0x1809;
    /// <summary>Heart Rate service.</summary>
    public const ushort HeartRateService = 0x180D;
    /// <summary>Blood Pressure service.</summary>
    public const ushort BloodPressureService = 0x1810;
    /// <summary>Glucose service.</summary>
    public const ushort GlucoseService = 0x1808;
    /// <summary>Weight Scale service.</summary>
    public const ushort WeightScaleService = 0x181D;
    /// <summary>Pulse Oximeter service.</summary>
    public const ushort PulseOximeterService = 0x1822;
    /// <summary>Current Time service.</summary>
    public const ushort CurrentTimeService = 0x1805;

    /// <summary>Date Time characteristic.</summary>
    public const ushort DateTime = 0x2A08;
    /// <summary>Current Time characteristic (Current Time service).</summary>
    public const ushort CurrentTime = 0x2A2B;
    /// <summary>Glucose Measurement.</summary>
    public const ushort GlucoseMeasurement = 0x2A18;
    /// <summary>Glucose Measurement Context.</summary>
    public const ushort GlucoseMeasurementContext = 0x2A34;
    /// <summary>Record Access Control Point.</summary>
    public const ushort RecordAccessControlPoint = 0x2A52;

    /// <summary>The services whose devices the gateway reads.</summary>
    public static IReadOnlyList<ushort> HealthServices { get; } =
        [HealthThermometerService, HeartRateService, BloodPressureService, GlucoseService, WeightScaleService, PulseOximeterService];

    /// <summary><c>0000XXXX-0000-1000-8000-00805f9b34fb</c>.</summary>
    public static string ToUuid(ushort uuid16) => string.Create(CultureInfo.InvariantCulture, $"0000{uuid16:x4}-0000-1000-8000-00805f9b34fb");

    /// <summary>The 16-bit UUID of a UUID on the Bluetooth base, or false for any other (vendor) UUID.</summary>
    public static bool TryGetShort(string uuid, out ushort uuid16)
    {
        uuid16 = 0;
        return uuid.Length == 36
            && uuid.StartsWith("0000", StringComparison.Ordinal)
            && uuid.EndsWith("-0000-1000-8000-00805f9b34fb", StringComparison.OrdinalIgnoreCase)
            && ushort.TryParse(uuid.AsSpan(4, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uuid16);
    }
}
