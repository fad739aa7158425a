namespace EdgeGateway.DeviceDrivers.Transports;

/// <summary>
/// How long a transport waits before opening its link again: doubling from the first wait up to the
/// longest while it keeps failing, and back to the first once a link held longer than the longest wait
/// (a link that opens and fails at once backs off like one that does not open).
/// </summary>
public sealed class ReconnectDelay
{
    private readonly TimeSpan _first;
    private readonly TimeSpan _last;
    private TimeSpan _current;

    /// <summary>Waits from <paramref name="first"/>, doubling up to <paramref name="last"/>.</summary>
    public ReconnectDelay(TimeSpan first, TimeSpan last)
    {
        _first = first;
        _last = last;
        _current = first;
    }

    /// <summary>The wait before the next attempt.</summary>
    public TimeSpan Current => _current;

    /// <summary>Waits <see cref="Current"/> on <paramref name="time"/>, then doubles it for the next time (capped).</summary>
    public async Task WaitAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        await Task.Delay(_current, time, cancellationToken).ConfigureAwait(false);
        _current = TimeSpan.FromTicks(Math.Min(_current.Ticks * 2, _last.Ticks));
    }

    /// <summary>A link that was up from <paramref name="openedAt"/> to <paramref name="now"/> ended: a long one starts the waits over.</summary>
    public void Held(DateTimeOffset openedAt, DateTimeOffset now)
    {
        if (now - openedAt > _last)
        {
            _current = _first;
        }
    }

    /// <summary>The link works again: the next failure waits the first wait.</summary>
    public void Reset() => _current = _first;
}
