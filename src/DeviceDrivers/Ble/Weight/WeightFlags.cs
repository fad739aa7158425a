namespace EdgeGateway.DeviceDrivers.Ble.Weight;

/// <summary>Flags byte of Weight Measurement (0x2A9D). Bits 4–7 reserved.</summary>
[Flags]
public enum WeightFlags : byte
{
    /// <summary>SI units, nothing optional.</summary>
    None = 0,
    /// <summary>Bit 0: imperial units (lb, in), else SI (kg, m).</summary>
    Imperial = 1 << 0,
    /// <summary>Bit 1: a 7-byte Date Time follows.</summary>
    TimeStampPresent = 1 << 1,
    /// <summary>Bit 2: a uint8 user id follows (0xFF = unknown user).</summary>
    UserIdPresent = 1 << 2,
    /// <summary>Bit 3: BMI and height (uint16 each) follow.</summary>
    BmiAndHeightPresent = 1 << 3,
}
