using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.Gateway.Ingest;

/// <summary>
/// The latest durable readings, newest first, for the live view. Only readings the Outbox has
/// committed enter here, so nothing is shown that could still be lost.
/// </summary>
public sealed class RecentReadings
{
    /// <summary>How many readings the view keeps.</summary>
    public const int Capacity = 50;

    private readonly Lock _gate = new();
    private readonly LinkedList<Reading> _readings = new();

    /// <summary>Adds a reading the Outbox has made durable.</summary>
    public void Add(Reading reading)
    {
        lock (_gate)
        {
            _readings.AddFirst(reading);
            while (_readings.Count > Capacity)
            {
                _readings.RemoveLast();
            }
        }
    }

    /// <summary>A copy of the current list, newest first.</summary>
    public IReadOnlyList<Reading> Snapshot()
    {
        lock (_gate)
        {
            return [.. _readings];
        }
    }
}
