using EdgeGateway.DeviceDrivers.Ble.BloodPressure;
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

            var simulator = new BloodPressureSimulator(new Random(), time);
            var source = new FrameSource(BloodPressureDeviceId, simulator.Protocol, gateway.Value.ResolveTimeZone(), IsTest: true);
            var runner = services.GetRequiredService<DeviceRunner>();
            return runner.RunAsync(new SimulatedTransport(simulator, demo.Value.Interval, time), new BloodPressureDecoder(), source, stoppingToken);
        }
    }
}
