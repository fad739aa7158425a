namespace EdgeGateway.DeviceDrivers.Readings;

/// <summary>
/// A measured value with its UCUM unit, or the reason the device gave no value.
/// Exactly one of <see cref="Value"/> and a non-<see cref="AbsentReason.None"/> <see cref="Absent"/> holds.
/// </summary>
/// <param name="Value">The number as the device stated it (decimal keeps its resolution: 120.0 stays 120.0).</param>
/// <param name="Unit">UCUM code, e.g. <c>mm[Hg]</c>, <c>/min</c>, <c>Cel</c>.</param>
/// <param name="Absent">Why there is no value, when there is none.</param>
public readonly record struct Quantity(decimal? Value, string Unit, AbsentReason Absent)
{
    /// <summary>A present value in <paramref name="unit"/>.</summary>
    public static Quantity Of(decimal value, string unit) => new(value, unit, AbsentReason.None);

    /// <summary>No value, for <paramref name="reason"/>.</summary>
    public static Quantity Missing(AbsentReason reason, string unit) => new(null, unit, reason);

    /// <summary>True when the device gave a number.</summary>
    public bool HasValue => Value.HasValue;
}

/// <summary>
/// Why a value is absent. Maps one to one onto FHIR R4's data-absent-reason codes, so a component
/// the device could not measure is never sent as a number.
/// </summary>
public enum AbsentReason : byte
{
    /// <summary>The value is present.</summary>
    None = 0,
    /// <summary>IEEE 11073 NaN: the device says the value is not a number (<c>not-a-number</c>).</summary>
    NotANumber,
    /// <summary>IEEE 11073 NRes or a reserved special value: the device could not resolve it (<c>error</c>).</summary>
    Error,
    /// <summary>Above the device's range (<c>positive-infinity</c>).</summary>
    PositiveInfinity,
    /// <summary>Below the device's range (<c>negative-infinity</c>).</summary>
    NegativeInfinity,
    /// <summary>The device did not take this measurement (<c>not-performed</c>).</summary>
    NotPerformed,
}
