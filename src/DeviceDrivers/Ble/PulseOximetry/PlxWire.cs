namespace EdgeGateway.DeviceDrivers.Ble.PulseOximetry;

/// <summary>Flags byte of PLX Spot-check Measurement (0x2A5E). Bits 5–7 reserved.</summary>
[Flags]
public enum PlxSpotFlags : byte
{
    /// <summary>SpO2 and pulse rate only.</summary>
    None = 0,
    /// <summary>Bit 0: a 7-byte Date Time follows.</summary>
    TimeStampPresent = 1 << 0,
    /// <summary>Bit 1: a uint16 measurement status follows.</summary>
    MeasurementStatusPresent = 1 << 1,
    /// <summary>Bit 2: a uint24 device and sensor status follows.</summary>
    DeviceStatusPresent = 1 << 2,
    /// <summary>Bit 3: a pulse amplitude index SFLOAT follows.</summary>
    PulseAmplitudeIndexPresent = 1 << 3,
    /// <summary>Bit 4: the device clock is not set (its time stamp means nothing).</summary>
    DeviceClockNotSet = 1 << 4,
}

/// <summary>Flags byte of PLX Continuous Measurement (0x2A5F). Bits 5–7 reserved.</summary>
[Flags]
public enum PlxContinuousFlags : byte
{
    /// <summary>Normal SpO2 and pulse rate only.</summary>
    None = 0,
    /// <summary>Bit 0: SpO2PR-Fast follows.</summary>
    FastPresent = 1 << 0,
    /// <summary>Bit 1: SpO2PR-Slow follows.</summary>
    SlowPresent = 1 << 1,
    /// <summary>Bit 2: a uint16 measurement status follows.</summary>
    MeasurementStatusPresent = 1 << 2,
    /// <summary>Bit 3: a uint24 device and sensor status follows.</summary>
    DeviceStatusPresent = 1 << 3,
    /// <summary>Bit 4: a pulse amplitude index SFLOAT follows.</summary>
    PulseAmplitudeIndexPresent = 1 << 4,
}
