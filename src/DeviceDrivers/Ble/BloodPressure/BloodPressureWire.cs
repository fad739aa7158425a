namespace EdgeGateway.DeviceDrivers.Ble.BloodPressure;

/// <summary>
/// Flags byte of Blood Pressure Measurement (0x2A35), GATT Specification Supplement §3.31.1.
/// Bits 5–7 are reserved for future use and ignored.
/// </summary>
[Flags]
public enum BloodPressureFlags : byte
{
    /// <summary>No optional field; pressures in mmHg.</summary>
    None = 0,
    /// <summary>Bit 0: pressures are in kPa (else mmHg).</summary>
    UnitsKpa = 1 << 0,
    /// <summary>Bit 1: a 7-byte Date Time follows the three pressures.</summary>
    TimeStampPresent = 1 << 1,
    /// <summary>Bit 2: a pulse-rate SFLOAT follows.</summary>
    PulseRatePresent = 1 << 2,
    /// <summary>Bit 3: a uint8 user id follows.</summary>
    UserIdPresent = 1 << 3,
    /// <summary>Bit 4: a uint16 measurement status follows.</summary>
    MeasurementStatusPresent = 1 << 4,
}

/// <summary>Measurement Status field of 0x2A35 (GATT Specification Supplement §3.31.2.7).</summary>
[Flags]
public enum BloodPressureStatus : ushort
{
    /// <summary>No condition reported.</summary>
    None = 0,
    /// <summary>Bit 0: body movement detected.</summary>
    BodyMovement = 1 << 0,
    /// <summary>Bit 1: cuff fit too loose.</summary>
    CuffTooLoose = 1 << 1,
    /// <summary>Bit 2: irregular pulse detected.</summary>
    IrregularPulse = 1 << 2,
    /// <summary>Bits 3–4: pulse rate range (0 within, 1 above upper limit, 2 below lower limit, 3 reserved).</summary>
    PulseRateRangeMask = 0b11 << 3,
    /// <summary>Bit 5: improper measurement position.</summary>
    ImproperPosition = 1 << 5,
}
