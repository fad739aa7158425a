namespace EdgeGateway.DeviceDrivers.Transports.Ble;

/// <summary>What one protocol does on a connected device: which values to enable, and how values become frames.</summary>
internal interface IGattSession
{
    /// <summary>When the session next needs to act without a notification (a context that did not come, a request not answered), or null.</summary>
    DateTimeOffset? Deadline { get; }

    /// <summary>Enables the notifications and indications, and asks for stored records.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>The frames one notified value completes (none, one, or a held one and this one).</summary>
    Task<IReadOnlyList<Transports.ReceivedFrame>> OnNotificationAsync(GattNotification notification, CancellationToken cancellationToken);

    /// <summary>Acts on the passed <see cref="Deadline"/>; returns the frames it releases.</summary>
    Task<IReadOnlyList<Transports.ReceivedFrame>> OnDeadlineAsync(CancellationToken cancellationToken);

    /// <summary>The frames still held when the link is lost.</summary>
    IReadOnlyList<Transports.ReceivedFrame> Flush();
}

/// <summary>The common case: one measurement characteristic, each value one frame.</summary>
internal sealed class MeasurementSession(IGattPeer peer, ushort characteristic) : IGattSession
{
    public DateTimeOffset? Deadline => null;

    public Task StartAsync(CancellationToken cancellationToken) =>
        peer.Access(characteristic) == GattAccess.None
            ? throw new BleException($"{peer.Address} has no characteristic 0x{characteristic:X4}: is it the device the configuration names?")
            : peer.StartNotifyAsync(characteristic, cancellationToken);

    public Task<IReadOnlyList<ReceivedFrame>> OnNotificationAsync(GattNotification notification, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ReceivedFrame>>(notification.Characteristic == characteristic
            ? [new ReceivedFrame(notification.Value, notification.ReceivedAt)]
            : []);

    public Task<IReadOnlyList<ReceivedFrame>> OnDeadlineAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<ReceivedFrame>>([]);

    public IReadOnlyList<ReceivedFrame> Flush() => [];
}
