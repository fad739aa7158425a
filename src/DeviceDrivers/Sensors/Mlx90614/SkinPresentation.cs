namespace EdgeGateway.DeviceDrivers.Sensors.Mlx90614;

/// <summary>
/// Turns a thermometer polled every second into one reading per measurement, as a nurse takes it:
/// a person comes in front of the sensor, the temperature settles, one reading is kept; nothing more
/// until the sensor sees something else than skin (the person moved away). A reading is kept
/// when <see cref="SettledSamples"/> samples in a row look like skin and lie within
/// <see cref="SettledSpread"/> of each other — the sensor's own step is 0.02 °C, a head moving in
/// and out of its field of view changes it by far more. Samples are offered in order; not thread-safe.
/// </summary>
public sealed class SkinPresentation
{
    /// <summary>How many consecutive skin samples make a settled measurement (3 s at the default 1 s period).</summary>
    public const int SettledSamples = 3;

    /// <summary>The widest spread of those samples, in °C.</summary>
    public const decimal SettledSpread = 0.30m;

    private readonly Queue<decimal> _window = new(SettledSamples);
    private bool _taken;

    /// <summary>True when <paramref name="sample"/> completes a settled measurement of the person in front of the sensor.</summary>
    public bool Offer(Mlx90614Sample sample)
    {
        if (!sample.LooksLikeSkin)
        {
            // Gone (or never there): the next person, or the same one again, is a new measurement.
            _window.Clear();
            _taken = false;
            return false;
        }

        if (_taken)
        {
            return false;
        }

        if (_window.Count == SettledSamples)
        {
            _window.Dequeue();
        }

        _window.Enqueue(sample.ObjectCelsius);
        if (_window.Count < SettledSamples || _window.Max() - _window.Min() > SettledSpread)
        {
            return false;
        }

        _taken = true;
        _window.Clear();
        return true;
    }
}
