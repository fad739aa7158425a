using System.Globalization;

namespace EdgeGateway.DeviceDrivers.Readings;

/// <summary>A quantity as one short English phrase, for notes: <c>97 %</c>, <c>72 /min</c>, <c>not a number</c>.</summary>
public static class QuantityText
{
    /// <summary>The value and its UCUM unit, or why there is none.</summary>
    public static string Of(Quantity quantity) => quantity.Value is { } value
        ? string.Create(CultureInfo.InvariantCulture, $"{value} {quantity.Unit}")
        : quantity.Absent switch
        {
            AbsentReason.NotANumber => "not a number",
            AbsentReason.PositiveInfinity => "above the device's range",
            AbsentReason.NegativeInfinity => "below the device's range",
            AbsentReason.NotPerformed => "not measured",
            _ => "unresolved",
        };
}
