using System.Device.I2c;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.DeviceDrivers.Transports.I2c;

/// <summary>
/// A sensor on an I2C bus as a frame transport: every <see cref="I2cSensorSettings.Period"/> it
/// reads one poll through the sensor's <see cref="II2cSensor"/> and yields the frames the sensor
/// passes on. A sensor that does not answer — absent at start, unplugged, a bus that is not
/// enabled — is closed and opened again, with a backoff, for as long as the gateway runs: it never
/// throws out of <see cref="ReadFramesAsync"/>. Transfers corrupted on the bus and values the
/// device flags as in error are counted, not passed on.
/// </summary>
/// <param name="settings">The bus, address and period.</param>
/// <param name="sensor">What a poll reads and which polls are kept.</param>
/// <param name="time">The clock for the period, the backoff and the receive time.</param>
/// <param name="logger">The log.</param>
/// <param name="createDevice">
/// Opens the device; by default <see cref="I2cDevice.Create"/> with <paramref name="settings"/>. Called
/// again after every failure (the transport disposes the devices it made).
/// </param>
public sealed partial class I2cSensorTransport(I2cSensorSettings settings, II2cSensor sensor, TimeProvider time, ILogger<I2cSensorTransport> logger,
    Func<I2cDevice>? createDevice = null) : IFrameTransport
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(5);

    private readonly Func<I2cDevice> _createDevice = createDevice ?? (() => I2cDevice.Create(settings.ConnectionSettings));
    private long _polls;
    private long _badChecksums;
    private long _deviceErrors;
    private long _failures;
    private int _connections;

    /// <inheritdoc />
    public TransportState State { get; private set; } = TransportState.Connecting;

    /// <summary>Polls the device answered (whatever it answered).</summary>
    public long Polls => Interlocked.Read(ref _polls);

    /// <summary>Polls whose PEC did not match: the transfer was corrupted on the bus (noise, a long cable, a bus too fast).</summary>
    public long BadChecksums => Interlocked.Read(ref _badChecksums);

    /// <summary>Polls in which the device flagged its own value as in error.</summary>
    public long DeviceErrors => Interlocked.Read(ref _deviceErrors);

    /// <summary>Opens and transfers that failed (no device on the address, no bus, unplugged).</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>How many times the device started answering (the first time and after every outage).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <inheritdoc />
    public async IAsyncEnumerable<ReceivedFrame> ReadFramesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var retry = new ReconnectDelay(FirstRetry, LastRetry);
        var quietFailures = 0;
        var faultStreak = I2cSampleStatus.Emit;
        I2cDevice? device = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var (sample, error) = Poll(ref device);
                if (sample is not { } answered)
                {
                    Interlocked.Increment(ref _failures);
                    if (State == TransportState.Connected)
                    {
                        Log.Lost(logger, sensor.Name, settings.ToString(), error!);
                        quietFailures = 1;
                    }
                    else if (quietFailures++ == 0)
                    {
                        // Absent or not yet plugged: said once per outage, not every retry.
                        Log.NotAnswering(logger, sensor.Name, settings.ToString(), error!);
                    }

                    State = TransportState.Disconnected;
                    await retry.WaitAsync(time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                if (State != TransportState.Connected)
                {
                    State = TransportState.Connected;
                    Interlocked.Increment(ref _connections);
                    Log.Answering(logger, sensor.Name, settings.ToString());
                    retry.Reset();
                    quietFailures = 0;
                }

                Interlocked.Increment(ref _polls);
                faultStreak = Count(answered.Status, faultStreak);
                if (answered.Status == I2cSampleStatus.Emit)
                {
                    yield return new ReceivedFrame(answered.Frame, time.GetUtcNow());
                }

                await Task.Delay(settings.Period, time, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            // Whoever stops reading, the device file is closed: nothing else may hold the address.
            device?.Dispose();
            State = TransportState.Disconnected;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>One poll: the sample, or why the device could not be opened or read (then it is closed).</summary>
    private (I2cSample? Sample, string? Error) Poll(ref I2cDevice? device)
    {
        try
        {
            device ??= _createDevice();
            return (sensor.Read(device), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or TimeoutException or PlatformNotSupportedException
            or InvalidOperationException or ArgumentException or ObjectDisposedException)
        {
            device?.Dispose();
            device = null;
            return (null, ex.Message);
        }
    }

    /// <summary>Counts a fault; logs the first of a streak of the same fault (one a second would drown the log).</summary>
    private I2cSampleStatus Count(I2cSampleStatus status, I2cSampleStatus streak)
    {
        switch (status)
        {
            case I2cSampleStatus.BadChecksum:
                Interlocked.Increment(ref _badChecksums);
                if (streak != status)
                {
                    Log.BadChecksum(logger, sensor.Name, settings.ToString());
                }

                return status;
            case I2cSampleStatus.DeviceError:
                Interlocked.Increment(ref _deviceErrors);
                if (streak != status)
                {
                    Log.DeviceError(logger, sensor.Name, settings.ToString());
                }

                return status;
            default:
                return I2cSampleStatus.Emit;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "{Sensor} at {Device} answering")]
        public static partial void Answering(ILogger logger, string sensor, string device);

        [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "{Sensor} at {Device} does not answer ({Reason}); trying again every few seconds")]
        public static partial void NotAnswering(ILogger logger, string sensor, string device, string reason);

        [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "{Sensor} at {Device} stopped answering ({Reason}; unplugged?); reopening when it is back")]
        public static partial void Lost(ILogger logger, string sensor, string device, string reason);

        [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "{Sensor} at {Device}: a transfer failed its PEC check (bus noise, a long cable or too fast a bus); read again")]
        public static partial void BadChecksum(ILogger logger, string sensor, string device);

        [LoggerMessage(EventId = 1304, Level = LogLevel.Warning, Message = "{Sensor} at {Device} flags its value as in error")]
        public static partial void DeviceError(ILogger logger, string sensor, string device);
    }
}
