namespace EdgeGateway.DeviceDrivers.Ble.HeartRate;

/// <summary>Flags byte of Heart Rate Measurement (0x2A37). Bits 5–7 reserved.</summary>
[Flags]
public enum HeartRateFlags : byte
{
    /// <summary>uint8 value, contact not supported, nothing optional.</summary>
    None = 0,
    /// <summary>Bit 0: the value is a uint16 (else uint8).</summary>
    Value16Bit = 1 << 0,
    /// <summary>Bit 1: skin contact detected (meaningful only with bit 2).</summary>
    ContactDetected = 1 << 1,
    /// <summary>Bit 2: the sensor supports contact detection.</summary>
    ContactSupported = 1 << 2,
    /// <summary>Bit 3: a uint16 energy expended (kJ) follows.</summary>
    EnergyExpendedPresent = 1 << 3,
    /// <summary>Bit 4: one or more uint16 RR intervals (1/1024 s) follow.</summary>
    RrIntervalsPresent = 1 << 4,
}
