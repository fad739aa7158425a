namespace EdgeGateway.DeviceDrivers.Readings;

/// <summary>
/// Quality and status facts reported by the device with a measurement. Each is shown to the
/// clinician (panel, FHIR <c>note</c>), never dropped.
/// </summary>
[Flags]
public enum ReadingFlags : ulong
{
    /// <summary>Nothing to report.</summary>
    None = 0,
    /// <summary>BP status bit 0: body movement during measurement.</summary>
    BodyMovement = 1UL << 0,
    /// <summary>BP status bit 1: cuff fit too loose.</summary>
    CuffTooLoose = 1UL << 1,
    /// <summary>BP status bit 2: irregular pulse detected.</summary>
    IrregularPulse = 1UL << 2,
    /// <summary>BP status bits 3–4 = 1: pulse rate exceeds the upper limit.</summary>
    PulseRateAboveRange = 1UL << 3,
    /// <summary>BP status bits 3–4 = 2: pulse rate below the lower limit.</summary>
    PulseRateBelowRange = 1UL << 4,
    /// <summary>BP status bit 5: improper measurement position.</summary>
    ImproperMeasurementPosition = 1UL << 5,
    /// <summary>The device's timestamp fields say "unknown" (year, month or day 0).</summary>
    DeviceClockUnknown = 1UL << 6,
    /// <summary>A reserved status value was set; the device may be newer than this decoder.</summary>
    ReservedStatusValue = 1UL << 7,
    /// <summary>The device sent this measurement from its memory (taken earlier, e.g. while the gateway was away).</summary>
    MeasurementFromStorage = 1UL << 8,
    /// <summary>The measurement is still in progress: a preliminary value (PLX status bit 5; intermediate temperature).</summary>
    MeasurementOngoing = 1UL << 9,
    /// <summary>PLX status bit 6: an early estimate that may still change.</summary>
    EarlyEstimate = 1UL << 10,
    /// <summary>PLX status bit 10: the device is in demonstration mode; not a patient measurement.</summary>
    DemonstrationData = 1UL << 11,
    /// <summary>PLX status bit 11: the device is in testing mode; not a patient measurement.</summary>
    TestingData = 1UL << 12,
    /// <summary>PLX status bit 12: calibration ongoing.</summary>
    CalibrationOngoing = 1UL << 13,
    /// <summary>PLX status bit 13: the measurement is unavailable.</summary>
    MeasurementUnavailable = 1UL << 14,
    /// <summary>PLX status bit 14: questionable measurement detected.</summary>
    QuestionableMeasurement = 1UL << 15,
    /// <summary>PLX status bit 15: invalid measurement detected.</summary>
    InvalidMeasurement = 1UL << 16,
    /// <summary>PLX device status bit 1 / glucose sensor status bit 10: the equipment reports a fault.</summary>
    EquipmentMalfunction = 1UL << 17,
    /// <summary>PLX device status bit 2: signal processing irregularity.</summary>
    SignalProcessingIrregularity = 1UL << 18,
    /// <summary>PLX device status bit 3: inadequate signal.</summary>
    InadequateSignal = 1UL << 19,
    /// <summary>PLX device status bit 4: poor signal.</summary>
    PoorSignal = 1UL << 20,
    /// <summary>PLX device status bit 5: low perfusion.</summary>
    LowPerfusion = 1UL << 21,
    /// <summary>PLX device status bit 6: erratic signal.</summary>
    ErraticSignal = 1UL << 22,
    /// <summary>PLX device status bit 7: non-pulsatile signal.</summary>
    NonPulsatileSignal = 1UL << 23,
    /// <summary>PLX device status bit 8: questionable pulse.</summary>
    QuestionablePulse = 1UL << 24,
    /// <summary>PLX device status bit 9: signal analysis ongoing.</summary>
    SignalAnalysisOngoing = 1UL << 25,
    /// <summary>PLX device status bit 10: sensor interference.</summary>
    SensorInterference = 1UL << 26,
    /// <summary>PLX device status bit 11: sensor unconnected to the user.</summary>
    SensorUnconnected = 1UL << 27,
    /// <summary>PLX device status bit 12: unknown sensor connected.</summary>
    UnknownSensor = 1UL << 28,
    /// <summary>PLX device status bit 13: sensor displaced.</summary>
    SensorDisplaced = 1UL << 29,
    /// <summary>PLX device status bit 14 / glucose sensor status bit 1: sensor malfunctioning.</summary>
    SensorMalfunction = 1UL << 30,
    /// <summary>PLX device status bit 15: sensor disconnected.</summary>
    SensorDisconnected = 1UL << 31,
    /// <summary>Glucose sensor status bit 0: device battery low at the time of measurement.</summary>
    DeviceBatteryLow = 1UL << 32,
    /// <summary>Glucose sensor status bit 2: sample size insufficient.</summary>
    SampleSizeInsufficient = 1UL << 33,
    /// <summary>Glucose sensor status bit 3: strip insertion error.</summary>
    StripInsertionError = 1UL << 34,
    /// <summary>Glucose sensor status bit 4: strip type incorrect for the device.</summary>
    StripTypeIncorrect = 1UL << 35,
    /// <summary>Glucose sensor status bit 5: result higher than the device can process.</summary>
    ResultAboveDeviceRange = 1UL << 36,
    /// <summary>Glucose sensor status bit 6: result lower than the device can process.</summary>
    ResultBelowDeviceRange = 1UL << 37,
    /// <summary>Glucose sensor status bit 7: sensor temperature too high for a valid result.</summary>
    SensorTemperatureTooHigh = 1UL << 38,
    /// <summary>Glucose sensor status bit 8: sensor temperature too low for a valid result.</summary>
    SensorTemperatureTooLow = 1UL << 39,
    /// <summary>Glucose sensor status bit 9: sensor read interrupted (strip pulled too soon).</summary>
    SensorReadInterrupted = 1UL << 40,
    /// <summary>Glucose sensor status bit 11: time fault; the measurement's time may be wrong.</summary>
    DeviceTimeFault = 1UL << 41,
    /// <summary>A control solution (quality control), not a patient sample.</summary>
    ControlSolution = 1UL << 42,
    /// <summary>Heart-rate sensor contact is supported but was not detected (poor skin contact).</summary>
    SensorContactLost = 1UL << 43,
    /// <summary>Nonin "out of track": the oximeter lost the pulse signal.</summary>
    OutOfTrack = 1UL << 44,
    /// <summary>Nonin "artifact": a short-term artifact (motion, light) in the signal.</summary>
    Artifact = 1UL << 45,
    /// <summary>Nonin marginal perfusion.</summary>
    MarginalPerfusion = 1UL << 46,
    /// <summary>
    /// The device sent results of more than one patient without saying who each is (a batch from an
    /// analyser): a real patient's, but not attributable; stored and forwarded without a patient.
    /// </summary>
    PatientNotIdentified = 1UL << 47,
}

/// <summary>Groups of <see cref="ReadingFlags"/> that change what a reading is.</summary>
public static class ReadingFlagGroups
{
    /// <summary>The device says the value is not final: FHIR status <c>preliminary</c>.</summary>
    public const ReadingFlags Preliminary = ReadingFlags.MeasurementOngoing | ReadingFlags.EarlyEstimate;

    /// <summary>
    /// Not a measurement of a patient (demonstration, testing mode, control solution): kept and shown,
    /// tagged as test data, never attributed to a patient nor sent to a real platform.
    /// </summary>
    public const ReadingFlags NotPatientData = ReadingFlags.DemonstrationData | ReadingFlags.TestingData | ReadingFlags.ControlSolution;
}
