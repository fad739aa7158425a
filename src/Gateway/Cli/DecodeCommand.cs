using System.CommandLine;
using EdgeGateway.DeviceDrivers.Protocols;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.Gateway.Hosting;
using EdgeGateway.SyncAgent.Fhir;

namespace EdgeGateway.Gateway.Cli;

/// <summary>
/// <c>edgegateway decode --protocol NAME (--hex HEX | --file PATH)</c>: one FHIR R4 Observation JSON
/// per line on stdout, exit 0; bad input: one line on stderr, nothing on stdout, exit 2.
/// <c>decode --list</c> prints the protocol names.
/// </summary>
internal static class DecodeCommand
{
    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var protocol = new Option<string?>("--protocol") { Description = "Protocol name (see --list)" };
        var hex = new Option<string?>("--hex") { Description = "The frame as hexadecimal (spaces and ':' allowed)" };
        var file = new Option<string?>("--file") { Description = "A file holding the frame or message" };
        var list = new Option<bool>("--list") { Description = "List the protocol names and exit" };
        var command = new Command("decode", "Decode one device frame or message and print each reading as a FHIR R4 Observation.")
        {
            protocol, hex, file, list,
        };
        command.SetAction(parse => parse.UnmatchedTokens.Count > 0
            ? Fail(stderr, $"unknown argument '{parse.UnmatchedTokens[0]}'")
            : Execute(parse.GetValue(protocol), parse.GetValue(hex), parse.GetValue(file), parse.GetValue(list), stdout, stderr));
        return command;
    }

    private static int Execute(string? protocolName, string? hex, string? file, bool list, TextWriter stdout, TextWriter stderr)
    {
        if (list)
        {
            foreach (var known in ProtocolCatalog.All)
            {
                stdout.WriteLine($"{known.Name,-22} {known.Description}");
            }

            return 0;
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

        var result = protocol.CreateDecoder().Decode(frame);
        if (result.Error is { } error)
        {
            return Fail(stderr, $"{protocol.Name}: {error}");
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

        var source = new FrameSource("cli", protocol.Name, zone);
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
