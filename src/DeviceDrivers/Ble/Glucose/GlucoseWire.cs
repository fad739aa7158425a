namespace EdgeGateway.DeviceDrivers.Ble.Glucose;

/// <summary>Flags byte of Glucose Measurement (0x2A18). Bits 5–7 reserved.</summary>
[Flags]
public enum GlucoseFlags : byte
{
    /// <summary>Sequence number and base time only; kg/L.</summary>
    None = 0,
    /// <summary>Bit 0: a sint16 time offset (minutes) follows the base time.</summary>
    TimeOffsetPresent = 1 << 0,
    /// <summary>Bit 1: the concentration SFLOAT and the type / sample-location byte follow.</summary>
    ConcentrationPresent = 1 << 1,
    /// <summary>Bit 2: the concentration is in mol/L (else kg/L).</summary>
    MolPerLitre = 1 << 2,
    /// <summary>Bit 3: a uint16 sensor status annunciation follows.</summary>
    SensorStatusPresent = 1 << 3,
    /// <summary>Bit 4: a Glucose Measurement Context (0x2A34) with the same sequence number follows.</summary>
    ContextFollows = 1 << 4,
}

/// <summary>Flags byte of Glucose Measurement Context (0x2A34).</summary>
[Flags]
public enum GlucoseContextFlags : byte
{
    /// <summary>Sequence number only.</summary>
    None = 0,
    /// <summary>Bit 0: carbohydrate id (uint8) and carbohydrate SFLOAT (kg) follow.</summary>
    CarbohydratePresent = 1 << 0,
    /// <summary>Bit 1: a meal byte follows.</summary>
    MealPresent = 1 << 1,
    /// <summary>Bit 2: a tester (low nibble) / health (high nibble) byte follows.</summary>
    TesterHealthPresent = 1 << 2,
    /// <summary>Bit 3: exercise duration (uint16 s) and intensity (uint8 %) follow.</summary>
    ExercisePresent = 1 << 3,
    /// <summary>Bit 4: medication id (uint8) and medication SFLOAT follow.</summary>
    MedicationPresent = 1 << 4,
    /// <summary>Bit 5: the medication is in litres (else kilograms).</summary>
    MedicationInLitres = 1 << 5,
    /// <summary>Bit 6: an HbA1c SFLOAT (%) follows.</summary>
    HbA1cPresent = 1 << 6,
    /// <summary>Bit 7: an extended flags byte follows the sequence number (reserved for future use).</summary>
    ExtendedFlagsPresent = 1 << 7,
}

/// <summary>Glucose sensor status annunciation bits (0x2A18). Bits 12–15 reserved.</summary>
[Flags]
public enum GlucoseSensorStatus : ushort
{
    /// <summary>Nothing to report.</summary>
    None = 0,
    /// <summary>Bit 0.</summary>
    DeviceBatteryLow = 1 << 0,
    /// <summary>Bit 1.</summary>
    SensorMalfunction = 1 << 1,
    /// <summary>Bit 2.</summary>
    SampleSizeInsufficient = 1 << 2,
    /// <summary>Bit 3.</summary>
    StripInsertionError = 1 << 3,
    /// <summary>Bit 4.</summary>
    StripTypeIncorrect = 1 << 4,
    /// <summary>Bit 5.</summary>
    ResultTooHigh = 1 << 5,
    /// <summary>Bit 6.</summary>
    ResultTooLow = 1 << 6,
    /// <summary>Bit 7.</summary>
    SensorTemperatureTooHigh = 1 << 7,
    /// <summary>Bit 8.</summary>
    SensorTemperatureTooLow = 1 << 8,
    /// <summary>Bit 9: strip pulled too soon.</summary>
    SensorReadInterrupted = 1 << 9,
    /// <summary>Bit 10.</summary>
    GeneralDeviceFault = 1 << 10,
    /// <summary>Bit 11.</summary>
    TimeFault = 1 << 11,
}
