using System.CommandLine;
using EdgeGateway.DeviceDrivers.Decoding;
using EdgeGateway.DeviceDrivers.Protocols;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.Gateway.Devices;
using EdgeGateway.Gateway.Hosting;
using EdgeGateway.SyncAgent.Fhir;

namespace EdgeGateway.Gateway.Cli;

/// <summary>
/// <c>edgegateway decode --protocol NAME (--hex HEX | --file PATH)</c>: one FHIR R4 Observation JSON
/// per line on stdout, exit 0; bad input: one line on stderr, nothing on stdout, exit 2.
/// <c>decode --list</c> prints the protocol names. A protocol configured per device (an analyser's test
/// table, a printed line's fields) takes <c>--config FILE --device ID</c>; parts of a message left
/// out are said on stderr.
/// </summary>
internal static class DecodeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var protocol = new Option<string?>("--protocol") { Description = "Protocol name (see --list)" };
        var hex = new Option<string?>("--hex") { Description = "The frame as hexadecimal (spaces and ':' allowed)" };
        var file = new Option<string?>("--file") { Description = "A file holding the frame or message" };
        var list = new Option<bool>("--list") { Description = "List the protocol names and exit" };
        var config = new Option<string?>("--config") { Description = "The gateway's configuration file, for --device" };
        var device = new Option<string?>("--device") { Description = "Decode as this configured device does (its protocol, test table or fields)" };
        var command = new Command("decode", "Decode one device frame or message and print each reading as a FHIR R4 Observation.")
        {
            protocol, hex, file, list, config, device,
        };
        command.SetAction(parse => parse.UnmatchedTokens.Count > 0
            ? Fail(stderr, $"unknown argument '{parse.UnmatchedTokens[0]}'")
            : Execute(parse.GetValue(protocol), parse.GetValue(hex), parse.GetValue(file), parse.GetValue(list),
                (parse.GetValue(config), parse.GetValue(device)), stdout, stderr));
        return command;
    }

    private static int Execute(string? protocolName, string? hex, string? file, bool list, (string? File, string? Id) device, TextWriter stdout, TextWriter stderr)
    {
        if (list)
        {
            foreach (var known in ProtocolCatalog.All)
            {
                stdout.WriteLine($"{known.Name,-22} {known.Description}");
            }

            return 0;
        }

        var settings = ProtocolSettings.None;
        if (device.Id is not null)
        {
            var configuration = ToolConfiguration.Load("edgegateway decode", device.File, null, stderr);
            var devices = new DeviceListOptions();
            configuration?.Bind(devices);
            if (devices.Devices.Find(d => d.Id == device.Id) is not { } configured)
            {
                return Fail(stderr, $"--device: no device '{device.Id}' in the configuration{(device.File is null ? " (give --config FILE)" : "")}");
            }

            if (protocolName is not null && protocolName != configured.Protocol)
            {
                return Fail(stderr, $"--device {device.Id} is a {configured.Protocol} device, not {protocolName}: leave --protocol out");
            }

            protocolName = configured.Protocol;
            settings = configured.ProtocolSettings();
        }

        if (string.IsNullOrWhiteSpace(protocolName))
        {
            return Fail(stderr, "--protocol is required (see 'edgegateway decode --list')");
        }

        if (!ProtocolCatalog.TryGet(protocolName, out var protocol))
        {
            return Fail(stderr, $"unknown protocol '{protocolName}' (see 'edgegateway decode --list')");
        }

        if ((hex is null) == (file is null))
        {
            return Fail(stderr, "give exactly one of --hex and --file");
        }

        byte[] frame;
        if (hex is not null)
        {
            if (!HexInput.TryParse(hex, out frame, out var problem))
            {
                return Fail(stderr, $"--hex: {problem}");
            }
        }
        else
        {
            try
            {
                frame = File.ReadAllBytes(file!);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Fail(stderr, $"--file: cannot read '{file}': {ex.Message}");
            }
        }

        if (protocol.NeedsSettings && device.Id is null)
        {
            return Fail(stderr, $"{protocol.Name} reads its meaning from a device's configuration: give --config FILE --device ID");
        }

        IFrameDecoder decoder;
        try
        {
            decoder = protocol.Create(settings);
        }
        catch (ArgumentException ex)
        {
            return Fail(stderr, $"--device {device.Id}: {ex.Message}");
        }

        var result = decoder.Decode(frame);
        if (result.Error is { } error)
        {
            return Fail(stderr, $"{protocol.Name}: {error}");
        }

        foreach (var skipped in result.Skipped)
        {
            stderr.WriteLine($"edgegateway decode: left out: {skipped}");
        }

        if (result.Measurements.Count == 0)
        {
            return Fail(stderr, $"{protocol.Name}: nothing in this frame could be decoded");
        }

        // The same identity and clock zone the service would give this frame.
        GatewayOptions gateway;
        TimeZoneInfo zone;
        try
        {
            gateway = GatewayConfiguration.ReadGatewayOptions(new RunSettings(null, null, null, false, []));
            zone = gateway.ResolveTimeZone();
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return Fail(stderr, $"configuration error: {ex.Message}");
        }

        var source = new FrameSource("cli", protocol.Name, zone, Patient: result.Subject);
        var mapper = new ObservationMapper(gateway.GatewayId);
        foreach (var reading in ReadingFactory.Create(result, frame, TimeProvider.System.GetUtcNow(), source))
        {
            stdout.WriteLine(FhirJson.Serialize(mapper.Map(reading)));
        }

        return 0;
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine($"edgegateway decode: {message}");
        return GatewayCommandLine.ExitBadInput;
    }
}
