namespace EdgeGateway.DeviceDrivers.Readings;

/// <summary>A device's record as the gateway stored it: its number and the device's time for it.</summary>
/// <param name="Sequence">The device's record number (a glucose meter's sequence number).</param>
/// <param name="DeviceTime">The device's local time for it, or null when its clock was not set.</param>
public sealed record DeviceRecord(int Sequence, DateTime? DeviceTime);
