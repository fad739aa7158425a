using System.Collections.Concurrent;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Sensors.Mlx90614;
using EdgeGateway.DeviceDrivers.Tests.Sensors.Mlx90614;
using EdgeGateway.DeviceDrivers.Transports;
using EdgeGateway.DeviceDrivers.Transports.I2c;
using EdgeGateway.Tests.Shared;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EdgeGateway.DeviceDrivers.Tests.Transports.I2c;

/// <summary>
/// The transport against an emulated MLX90614 (<see cref="FakeMlx90614"/>) on a fake clock: the
/// sensor's readings, the faults it counts, and a sensor that is absent, unplugged and plugged back.
/// </summary>
public sealed class I2cSensorTransportTests : IAsyncDisposable
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero));
    private readonly FakeMlx90614 _chip = new();
    private readonly CancellationTokenSource _stop = new();
    private I2cSensorTransport? _transport;
    private ConcurrentQueue<ReceivedFrame>? _frames;
    private Task? _reader;

    [Fact]
    public async Task PersonInFront_GivesOneReadingOnceSettled_WithTheRawTransactions()
    {
        _chip.Show(36.51m, 24.01m);
        Start();

        await Until(() => _frames!.Count == 1);
        var polls = _transport!.Polls;
        await Until(() => _transport.Polls >= polls + 10);

        var frame = Assert.Single(_frames!);
        Assert.Equal(Mlx90614Wire.Encode(_chip.ObjectWord, _chip.AmbientWord), frame.Bytes.ToArray());
        Assert.Equal(36.51m, Decode(frame).Value!.Quantity.Value);
        Assert.Equal(TransportState.Connected, _transport.State);
        Assert.InRange(polls, 3, 4);
    }

    [Fact]
    public async Task NobodyInFront_GivesNothing()
    {
        _chip.Show(24.51m, 24.01m);
        Start();

        await Until(() => _transport!.Polls >= 10);

        Assert.Empty(_frames!);
        Assert.Equal(0, _transport!.BadChecksums + _transport.DeviceErrors + _transport.Failures);
    }

    [Fact]
    public async Task SecondPerson_GivesASecondReading()
    {
        _chip.Show(36.51m, 24.01m);
        Start();
        await Until(() => _frames!.Count == 1);

        _chip.Show(24.51m, 24.01m);
        await Until(() => _transport!.Polls >= 8);
        _chip.Show(38.21m, 24.01m);
        await Until(() => _frames!.Count == 2);

        Assert.Equal([36.51m, 38.21m], _frames!.Select(f => Decode(f).Value!.Quantity.Value!.Value));
    }

    [Fact]
    public async Task BadPec_IsCountedAndNeverPassedOn()
    {
        _chip.Show(36.51m, 24.01m);
        _chip.CorruptPecs = 1;   // the first poll's object word
        Start(Mlx90614Emission.EveryPoll);
        await Until(() => _frames!.Count >= 2);
        _chip.CorruptPecs = 2;   // both words of a later poll
        await Until(() => _frames!.Count >= 4);

        Assert.Equal(2, _transport!.BadChecksums);
        Assert.All(_frames!, frame => Assert.Equal(36.51m, Decode(frame).Value!.Quantity.Value));
        Assert.Equal(TransportState.Connected, _transport.State);
    }

    [Fact]
    public async Task ErrorFlag_IsCountedAsADeviceError_AndTakesNoReading()
    {
        _chip.ObjectWord = (ushort)(FakeMlx90614.Word(36.51m) | 0x8000);
        _chip.AmbientWord = FakeMlx90614.Word(24.01m);
        Start();

        await Until(() => _transport!.DeviceErrors >= 5);

        Assert.Empty(_frames!);
        Assert.InRange(_transport!.DeviceErrors, 5, _transport.Polls);
    }

    [Fact]
    public async Task ErrorFlag_WhenEveryPollIsKept_IsAReadingWithoutANumber()
    {
        _chip.ObjectWord = (ushort)(FakeMlx90614.Word(36.51m) | 0x8000);
        _chip.AmbientWord = FakeMlx90614.Word(24.01m);
        Start(Mlx90614Emission.EveryPoll);

        await Until(() => !_frames!.IsEmpty);

        var measurement = Decode(_frames!.First());
        Assert.False(measurement.Value!.Quantity.HasValue);
        Assert.Equal(ReadingFlags.SensorMalfunction, measurement.Flags);
    }

    [Fact]
    public async Task SensorAbsentAtStart_IsWaitedFor_ThenRead()
    {
        _chip.Show(36.51m, 24.01m);
        _chip.Plugged = false;
        Start(Mlx90614Emission.EveryPoll);

        await Until(() => _transport!.Failures >= 5);
        Assert.Equal(TransportState.Disconnected, _transport!.State);
        Assert.Empty(_frames!);
        Assert.Equal(0, _chip.OpenNow);   // every failed handle was closed

        _chip.Plugged = true;
        await Until(() => !_frames!.IsEmpty);

        Assert.Equal(TransportState.Connected, _transport.State);
        Assert.Equal(1, _transport.Connections);
    }

    [Fact]
    public async Task BusMissingAtStart_IsWaitedFor_ThenRead()
    {
        _chip.Show(36.51m, 24.01m);
        _chip.BusPresent = false;
        Start(Mlx90614Emission.EveryPoll);

        await Until(() => _transport!.Failures >= 3);
        Assert.Equal(0, _chip.Opens);

        _chip.BusPresent = true;
        await Until(() => !_frames!.IsEmpty);

        Assert.Equal(1, _chip.Opens);
    }

    [Fact]
    public async Task Unplugged_ThenPluggedBack_ReadsAgainByItself()
    {
        _chip.Show(36.51m, 24.01m);
        Start(Mlx90614Emission.EveryPoll);
        await Until(() => _frames!.Count >= 2);

        _chip.Plugged = false;
        await Until(() => _transport!.State == TransportState.Disconnected);
        var failures = _transport!.Failures;
        await Until(() => _transport.Failures >= failures + 3);
        Assert.Equal(0, _chip.OpenNow);

        _chip.Show(37.01m, 24.01m);
        _chip.Plugged = true;
        await Until(() => _frames!.Any(f => Decode(f).Value!.Quantity.Value == 37.01m));

        Assert.Equal(TransportState.Connected, _transport.State);
        Assert.Equal(2, _transport.Connections);
        Assert.Equal(1, _chip.OpenNow);
    }

    [Fact]
    public async Task Stopping_ClosesTheDevice()
    {
        _chip.Show(36.51m, 24.01m);
        Start(Mlx90614Emission.EveryPoll);
        await Until(() => !_frames!.IsEmpty);

        await _stop.CancelAsync();
        await _reader!;

        Assert.Equal(0, _chip.OpenNow);
        Assert.Equal(TransportState.Disconnected, _transport!.State);
    }

    [Theory]
    [InlineData(1, 0x5A, 1000, 0)]
    [InlineData(-1, 0x5A, 1000, 1)]
    [InlineData(1, 0x00, 1000, 1)]     // the general call: every MLX90614 would answer
    [InlineData(1, 0x80, 1000, 1)]
    [InlineData(1, 0x5A, 50, 1)]
    [InlineData(1, 0x5A, 120_000, 1)]
    public void Settings_Problems_NameTheSetting(int bus, int address, int periodMs, int problems)
    {
        var found = new I2cSensorSettings(bus, address, TimeSpan.FromMilliseconds(periodMs)).Problems();

        Assert.Equal(problems, found.Count);
        Assert.All(found, problem => Assert.Matches("^(BusId|Address|Period) ", problem));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_reader is not null)
        {
            await _reader;
        }

        if (_transport is not null)
        {
            await _transport.DisposeAsync();
        }

        _stop.Dispose();
    }

    private void Start(Mlx90614Emission emission = Mlx90614Emission.OnPresentation)
    {
        _transport = new I2cSensorTransport(new I2cSensorSettings(_chip.BusId, _chip.Address, Period), new Mlx90614Sensor(emission), _time,
            NullLogger<I2cSensorTransport>.Instance, _chip.Open);
        (_frames, _reader) = FrameCollector.Start(_transport, _stop.Token);
    }

    /// <summary>Moves the fake clock on, a quarter period at a time, until the transport has done what the test waits for.</summary>
    private async Task Until(Func<bool> condition)
    {
        // Real time only bounds a test that would otherwise hang; the transport runs on the fake clock.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            _time.Advance(Period / 4);
            await Task.Delay(2, deadline.Token);
        }
    }

    private static Measurement Decode(ReceivedFrame frame) => Assert.Single(new Mlx90614Decoder().Decode(frame.Bytes.Span).Measurements);
}
