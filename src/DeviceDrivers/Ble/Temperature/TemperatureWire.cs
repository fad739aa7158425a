namespace EdgeGateway.DeviceDrivers.Ble.Temperature;

/// <summary>Flags byte of Temperature Measurement (0x2A1C) and Intermediate Temperature (0x2A1E). Bits 3–7 reserved.</summary>
[Flags]
public enum TemperatureFlags : byte
{
    /// <summary>Degrees Celsius, nothing optional.</summary>
    None = 0,
    /// <summary>Bit 0: the value is in degrees Fahrenheit (else Celsius).</summary>
    Fahrenheit = 1 << 0,
    /// <summary>Bit 1: a 7-byte Date Time follows the value.</summary>
    TimeStampPresent = 1 << 1,
    /// <summary>Bit 2: a uint8 temperature type follows.</summary>
    TemperatureTypePresent = 1 << 2,
}

/// <summary>The Temperature Type field (GATT Specification Supplement, Temperature Type 0x2A1D): where it was measured.</summary>
public enum TemperatureType : byte
{
    /// <summary>Armpit.</summary>
    Armpit = 1,
    /// <summary>Body (general): no particular site.</summary>
    Body = 2,
    /// <summary>Ear (usually the ear lobe).</summary>
    Ear = 3,
    /// <summary>Finger.</summary>
    Finger = 4,
    /// <summary>Gastro-intestinal tract.</summary>
    GastroIntestinalTract = 5,
    /// <summary>Mouth.</summary>
    Mouth = 6,
    /// <summary>Rectum.</summary>
    Rectum = 7,
    /// <summary>Toe.</summary>
    Toe = 8,
    /// <summary>Tympanum (ear drum).</summary>
    Tympanum = 9,
}
