using System.CommandLine;
using System.IO.Ports;
using EdgeGateway.DeviceDrivers.Astm;
using EdgeGateway.DeviceDrivers.Protocols;
using EdgeGateway.DeviceDrivers.Serial.Beurer;
using EdgeGateway.DeviceDrivers.Simulation;

namespace EdgeGateway.Gateway.Cli;

/// <summary>
/// <c>edgegateway simulate --device NAME --port PATH [--baud N] [--interval SECONDS] [--count N]</c>:
/// writes a simulated device's real bytes to a serial port, so a technician can test a port and a
/// cable (the gateway, on the other end, shows the readings).
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var device = new Option<string?>("--device") { Description = $"The simulated device: {string.Join(", ", SerialSimulators.Names)}" };
        var port = new Option<string?>("--port") { Description = "The serial port to write to (e.g. /dev/ttyUSB0)" };
        var baud = new Option<int?>("--baud") { Description = "Baud rate (default: the device's own)" };
        var interval = new Option<double>("--interval") { Description = "Seconds between frames (default 1)", DefaultValueFactory = _ => 1 };
        var count = new Option<int>("--count") { Description = "Frames to write, 0 for until stopped (default 0)" };
        var command = new Command("simulate",
            "Write a simulated device's real bytes to a serial port, to test a port and cable. The gateway cannot tell them from a patient's: " +
            "set the device's \"Test\": true in the configuration while testing.") { device, port, baud, interval, count };
        command.SetAction((parse, cancellationToken) => RunAsync(parse.GetValue(device), parse.GetValue(port), parse.GetValue(baud),
            parse.GetValue(interval), parse.GetValue(count), stdout, stderr, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(string? name, string? path, int? baud, double interval, int count, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        IDeviceSimulator? simulator = null;
        if (name is null || !SerialProtocols.TryGet(name, out var protocol)
            || (name is not (AstmDecoder.ProtocolName or Bm58Decoder.ProtocolName) && !SerialSimulators.TryCreate(name, new Random(), out simulator)))
        {
            return await FailAsync(stderr, $"--device must be one of {string.Join(", ", SerialSimulators.Names)}", GatewayCommandLine.ExitBadInput).ConfigureAwait(false);
        }

        if (string.IsNullOrWhiteSpace(path))
        {
            return await FailAsync(stderr, "--port is required (e.g. /dev/ttyUSB0)", GatewayCommandLine.ExitBadInput).ConfigureAwait(false);
        }

        if (interval is < 0.01 or > 3600 || count < 0 || baud is <= 0)
        {
            return await FailAsync(stderr, "--interval must be 0.01–3600 s, --count and --baud positive", GatewayCommandLine.ExitBadInput).ConfigureAwait(false);
        }

        // The device's own line settings, so a gateway set for it reads what it gets.
        using var serial = new SerialPort(path, baud ?? protocol.BaudRate, protocol.Parity, protocol.DataBits, protocol.StopBits) { WriteTimeout = 2000 };
        try
        {
            serial.Open();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            return await FailAsync(stderr, $"cannot open {path}: {ex.Message}", 1).ConfigureAwait(false);
        }

        await stdout.WriteLineAsync($"writing {name} frames to {path} at {serial.BaudRate} baud, every {interval} s (Ctrl+C stops); " +
            "a gateway reading this port stores them as the patient's unless that device is configured with \"Test\": true").ConfigureAwait(false);
        if (name == Bm58Decoder.ProtocolName)
        {
            return await AnswerAsBm58Async(serial, path, count == 0 ? 5 : count, stdout, cancellationToken).ConfigureAwait(false);
        }

        var written = 0;
        var random = new Random();
        var sender = new AstmSender(serial.BaseStream, TimeSpan.FromSeconds(15));
        try
        {
            while ((count == 0 || written < count) && !cancellationToken.IsCancellationRequested)
            {
                if (simulator is null)
                {
                    // An analyser: each result is a conversation (ENQ, frames acknowledged one by one, EOT).
                    var records = AstmSender.GlucoseMessage(70 + random.Next(0, 90), DateTime.Now, $"S{written + 1}");
                    var delivered = await sender.SendAsync(records, null, cancellationToken).ConfigureAwait(false);
                    written++;
                    await stdout.WriteLineAsync($"{written}: {(delivered ? "acknowledged" : "not acknowledged (is the gateway listening on this port?)")} {records[3]}").ConfigureAwait(false);
                    if (count == 0 || written < count)
                    {
                        await Task.Delay(TimeSpan.FromSeconds(interval), cancellationToken).ConfigureAwait(false);
                    }

                    continue;
                }

                var frame = simulator.NextFrame();
                serial.Write(frame, 0, frame.Length);
                written++;
                await stdout.WriteLineAsync($"{written}: {Convert.ToHexString(frame)}").ConfigureAwait(false);
                if (count == 0 || written < count)
                {
                    await Task.Delay(TimeSpan.FromSeconds(interval), cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C.
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or InvalidOperationException)
        {
            return await FailAsync(stderr, $"{path}: {ex.Message} after {written} frame(s)", 1).ConfigureAwait(false);
        }

        await stdout.WriteLineAsync($"{written} frame(s) written").ConfigureAwait(false);
        return 0;
    }

    /// <summary>A cuff holding <paramref name="records"/> readings of the last hours, answering the gateway's download until stopped.</summary>
    private static async Task<int> AnswerAsBm58Async(SerialPort serial, string path, int records, TextWriter stdout, CancellationToken cancellationToken)
    {
        var random = new Random();
        var now = DateTime.Now;
        var memory = Enumerable.Range(0, records)
            .Select(i => Bm58Encoder.Encode(now.AddMinutes(-17 * (records - i)), 115 + random.Next(0, 30), 70 + random.Next(0, 15), 60 + random.Next(0, 25)))
            .ToList();
        await stdout.WriteLineAsync($"a Beurer BM58 holding {records} reading(s) answers on {path} (Ctrl+C stops); " +
            "a gateway reading this port stores them unless that device is configured with \"Test\": true").ConfigureAwait(false);
        var simulator = new Bm58Simulator(memory);
        await AnsweringDevice.RunAsync(serial.BaseStream, simulator, cancellationToken).ConfigureAwait(false);
        await stdout.WriteLineAsync("stopped").ConfigureAwait(false);
        return 0;
    }

    private static async Task<int> FailAsync(TextWriter stderr, string message, int exit)
    {
        await stderr.WriteLineAsync($"edgegateway simulate: {message}").ConfigureAwait(false);
        return exit;
    }
}
