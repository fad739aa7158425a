using EdgeGateway.DeviceDrivers.Ble.BloodPressure;
using EdgeGateway.DeviceDrivers.Ble.Glucose;
using EdgeGateway.DeviceDrivers.Ble.HeartRate;
using EdgeGateway.DeviceDrivers.Ble.PulseOximetry;
using EdgeGateway.DeviceDrivers.Ble.Temperature;
using EdgeGateway.DeviceDrivers.Ble.Weight;
using EdgeGateway.DeviceDrivers.Protocols;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.DeviceDrivers.Simulation;
using EdgeGateway.Gateway.Hosting;
using EdgeGateway.Gateway.Ingest;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Gateway.Demo;

/// <summary>
/// Demo mode: simulated devices write their real wire bytes through the real decoders into the
/// Outbox. Their readings are tagged HTEST and are never sent to a real platform.
/// </summary>
public static class DemoDevices
{
    /// <summary>The simulated blood-pressure monitor's device id.</summary>
    public const string BloodPressureDeviceId = "demo-bp-1";

    /// <summary>Registers demo mode; the devices run only when <c>Demo:Enabled</c> is true.</summary>
    public static IHostApplicationBuilder AddDemoDevices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoOptions>()
            .Bind(builder.Configuration.GetSection(DemoOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddHostedService<DemoDeviceService>();
        return builder;
    }

    // The runner (and through it the Outbox) is resolved when the service runs, not when it is
    // constructed: options are validated at start before anything touches the data directory.
    private sealed class DemoDeviceService(
        IOptions<DemoOptions> demo, IOptions<GatewayOptions> gateway, IServiceProvider services, TimeProvider time) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken)
        {
            if (!demo.Value.Enabled)
            {
                return Task.CompletedTask;
            }

            var random = new Random();
            var zone = gateway.Value.ResolveTimeZone();
            var runner = services.GetRequiredService<DeviceRunner>();
            // The exam room: a cuff at the demo interval, the others less often, as a nurse would use them.
            (string Id, IDeviceSimulator Simulator, int Every)[] room =
            [
                (BloodPressureDeviceId, new BloodPressureSimulator(random, time), 1),
                ("demo-thermo-1", new TemperatureSimulator(random, time), 2),
                ("demo-oxi-1", new PlxSimulator(random, time), 3),
                ("demo-hr-1", new HeartRateSimulator(random), 4),
                ("demo-glu-1", new GlucoseSimulator(random, time), 5),
                ("demo-scale-1", new WeightSimulator(random, time), 7),
            ];
            return Task.WhenAll(room.Select(device =>
            {
                ProtocolCatalog.TryGet(device.Simulator.Protocol, out var protocol);
                var source = new FrameSource(device.Id, device.Simulator.Protocol, zone, IsTest: true);
                return runner.RunAsync(new SimulatedTransport(device.Simulator, demo.Value.Interval * device.Every, time), protocol.CreateDecoder(), source, stoppingToken);
            }));
        }
    }
}
