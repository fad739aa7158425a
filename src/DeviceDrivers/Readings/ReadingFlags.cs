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
}
