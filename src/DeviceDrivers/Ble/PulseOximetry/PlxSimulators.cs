using EdgeGateway.DeviceDrivers.Ble.Common;
using EdgeGateway.DeviceDrivers.Simulation;

namespace EdgeGateway.DeviceDrivers.Ble.PulseOximetry;

/// <summary>One oximeter reading as a device would send it (whole percent and beats per minute).</summary>
/// <param name="SpO2">Oxygen saturation, %.</param>
/// <param name="PulseRate">Pulse rate, /min.</param>
/// <param name="Time">The device clock's local time (spot-check only), or null for none.</param>
/// <param name="MeasurementStatus">The measurement status bits, or null for none.</param>
/// <param name="DeviceStatus">The device and sensor status bits, or null for none.</param>
/// <param name="PerfusionIndexTenths">The pulse amplitude index in tenths of a percent, or null for none.</param>
public sealed record PlxSample(int SpO2, int PulseRate, DateTime? Time, ushort? MeasurementStatus, uint? DeviceStatus, int? PerfusionIndexTenths);

/// <summary>Writes 0x2A5E and 0x2A5F bytes (the inverse of the PLX decoders).</summary>
public static class PlxEncoder
{
    /// <summary>The spot-check bytes for <paramref name="sample"/>.</summary>
    public static byte[] EncodeSpot(PlxSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var flags = PlxSpotFlags.None;
        if (sample.Time is not null) flags |= PlxSpotFlags.TimeStampPresent;
        if (sample.MeasurementStatus is not null) flags |= PlxSpotFlags.MeasurementStatusPresent;
        if (sample.DeviceStatus is not null) flags |= PlxSpotFlags.DeviceStatusPresent;
        if (sample.PerfusionIndexTenths is not null) flags |= PlxSpotFlags.PulseAmplitudeIndexPresent;
        var writer = new FieldWriter().UInt8((int)flags).SFloat(sample.SpO2, 0).SFloat(sample.PulseRate, 0);
        if (sample.Time is { } time) writer.DateTime(time);
        return Tail(writer, sample);
    }

    /// <summary>The continuous-measurement bytes for <paramref name="sample"/> (normal averaging only; no time stamp).</summary>
    public static byte[] EncodeContinuous(PlxSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var flags = PlxContinuousFlags.None;
        if (sample.MeasurementStatus is not null) flags |= PlxContinuousFlags.MeasurementStatusPresent;
        if (sample.DeviceStatus is not null) flags |= PlxContinuousFlags.DeviceStatusPresent;
        if (sample.PerfusionIndexTenths is not null) flags |= PlxContinuousFlags.PulseAmplitudeIndexPresent;
        return Tail(new FieldWriter().UInt8((int)flags).SFloat(sample.SpO2, 0).SFloat(sample.PulseRate, 0), sample);
    }

    private static byte[] Tail(FieldWriter writer, PlxSample sample)
    {
        if (sample.MeasurementStatus is { } status) writer.UInt16(status);
        if (sample.DeviceStatus is { } device) writer.UInt24(device);
        if (sample.PerfusionIndexTenths is { } pai) writer.SFloat(pai, -1);
        return writer.ToArray();
    }
}

/// <summary>A simulated finger oximeter: spot checks (or, when <paramref name="continuous"/>, the continuous stream), now and then with low perfusion.</summary>
public sealed class PlxSimulator(Random random, TimeProvider time, bool continuous = false) : IDeviceSimulator
{
    /// <inheritdoc />
    public string Protocol => continuous ? PlxContinuousDecoder.ProtocolName : PlxSpotDecoder.ProtocolName;

    /// <inheritdoc />
    public byte[] NextFrame()
    {
        uint? device = random.Next(8) == 0 ? 1u << 5 : 0u; // now and then: low perfusion
        var sample = new PlxSample(random.Next(94, 100), random.Next(58, 92), continuous ? null : SimulatorClock.Now(time), null, device, random.Next(15, 90));
        return continuous ? PlxEncoder.EncodeContinuous(sample) : PlxEncoder.EncodeSpot(sample);
    }
}
