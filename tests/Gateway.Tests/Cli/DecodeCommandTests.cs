using System.Text.Json.Nodes;
using EdgeGateway.Gateway.Cli;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.Gateway.Tests.Cli;

// The contract of `edgegateway decode` (ARCHITECTURE.md): one Observation JSON per line on stdout and
// exit 0; bad input: exactly one line on stderr, nothing on stdout, exit 2.
public class DecodeCommandTests
{
    private static async Task<(int Exit, string[] Out, string[] Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await GatewayCommandLine.InvokeAsync(args, stdout, stderr);
        return (exit, Lines(stdout), Lines(stderr));
    }

    private static string[] Lines(StringWriter writer) =>
        writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    [Fact]
    public async Task Decode_FullBloodPressureFrame_PrintsThePanelAndTheHeartRate()
    {
        // flags 0x1E; 121/76/91 mmHg; 2024-11-29 09:30:00; pulse 72; user 1; status: irregular pulse.
        var (exit, output, errors) = await Run("decode", "--protocol", "ble-blood-pressure", "--hex", "1E 7900 4C00 5B00 E8070B1D091E00 4800 01 0400");

        Assert.Equal(0, exit);
        Assert.Empty(errors);
        Assert.Equal(2, output.Length);
        var panel = JsonNode.Parse(output[0])!;
        var heartRate = JsonNode.Parse(output[1])!;
        Assert.Equal("85354-9", (string?)panel["code"]!["coding"]![0]!["code"]);
        Assert.Equal(121m, (decimal)panel["component"]![0]!["valueQuantity"]!["value"]!);
        Assert.Equal(76m, (decimal)panel["component"]![1]!["valueQuantity"]!["value"]!);
        Assert.StartsWith("2024-11-29T09:30:00", (string?)panel["effectiveDateTime"], StringComparison.Ordinal);
        Assert.Equal("Irregular pulse detected", (string?)panel["note"]![0]!["text"]);
        Assert.Equal("8867-4", (string?)heartRate["code"]!["coding"]![0]!["code"]);
        Assert.Equal(72m, (decimal)heartRate["valueQuantity"]!["value"]!);
    }

    [Fact]
    public async Task Decode_KpaFrame_PrintsMmHg()
    {
        var (exit, output, _) = await Run("decode", "--protocol", "ble-blood-pressure", "--hex", "01A0F06BF07DF0");

        Assert.Equal(0, exit);
        var systolic = JsonNode.Parse(Assert.Single(output))!["component"]![0]!["valueQuantity"]!;
        Assert.Equal(120.0m, (decimal)systolic["value"]!);
        Assert.Equal("mm[Hg]", (string?)systolic["code"]);
    }

    [Fact]
    public async Task Decode_FromFile_ReadsTheRawBytes()
    {
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "frame.bin");
        await File.WriteAllBytesAsync(file, Convert.FromHexString("0079004C005B00"));

        var (exit, output, errors) = await Run("decode", "--protocol", "ble-blood-pressure", "--file", file);

        Assert.Equal(0, exit);
        Assert.Empty(errors);
        Assert.Single(output);
    }

    [Theory]
    [InlineData("Frame too short", "--protocol", "ble-blood-pressure", "--hex", "1E7900")]
    [InlineData("Flags announce missing fields", "--protocol", "ble-blood-pressure", "--hex", "1E79004C005B00")]
    [InlineData("Trailing byte", "--protocol", "ble-blood-pressure", "--hex", "0079004C005B0000")]
    [InlineData("Not hexadecimal", "--protocol", "ble-blood-pressure", "--hex", "zz")]
    [InlineData("Odd digit count", "--protocol", "ble-blood-pressure", "--hex", "007")]
    [InlineData("Unknown protocol", "--protocol", "ble-teapot", "--hex", "00")]
    [InlineData("No protocol", "--hex", "00")]
    [InlineData("No frame", "--protocol", "ble-blood-pressure")]
    [InlineData("Both inputs", "--protocol", "ble-blood-pressure", "--hex", "00", "--file", "/etc/hostname")]
    [InlineData("Missing file", "--protocol", "ble-blood-pressure", "--file", "/nonexistent/frame.bin")]
    [InlineData("Unknown option", "--protocol", "ble-blood-pressure", "--hex", "00", "--bogus")]
    public async Task Decode_BadInput_OneLineOnStderrNothingOnStdoutExit2(string why, params string[] args)
    {
        var (exit, output, errors) = await Run(["decode", .. args]);

        Assert.True(exit == 2, why);
        Assert.Empty(output);
        var line = Assert.Single(errors);
        Assert.StartsWith("edgegateway", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decode_MissingField_SaysWhichField()
    {
        var (_, _, errors) = await Run("decode", "--protocol", "ble-blood-pressure", "--hex", "1E79004C005B00");

        Assert.Contains("MissingField", errors[0], StringComparison.Ordinal);
        Assert.Contains("time stamp", errors[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecodeList_NamesEveryProtocol()
    {
        var (exit, output, _) = await Run("decode", "--list");

        Assert.Equal(0, exit);
        Assert.Contains(output, line => line.StartsWith("ble-blood-pressure ", StringComparison.Ordinal));
    }

    // Each Bluetooth profile through the command, with the sources' own frames (cited in the
    // DeviceDrivers tests): the codes, values and units a clinician receives.
    [Theory]
    [InlineData("ble-temperature", "06B00E00FEDC070C050B321B04", "8310-5", "37.60", "Cel")]
    [InlineData("ble-temperature-intermediate", "00710100FF", "8310-5", "36.9", "Cel")]
    [InlineData("ble-plx-spot", "0FACF3BEF5E8070B1D170839204022000066E3", "59408-5", "94.0", "%")]
    [InlineData("ble-plx-continuous", "00E8F384F3", "59408-5", "100.0", "%")]
    [InlineData("ble-weight", "021C3EE407040D10260A", "29463-7", "79.500", "kg")]
    [InlineData("ble-glucose", "030600E407040D10260A000078B0F1", "41653-7", "120", "mg/dL")]
    [InlineData("ble-heart-rate", "1F0101320101000201FFFF", "8867-4", "257", "/min")]
    public async Task Decode_EachBluetoothProfile_PrintsItsObservation(string protocol, string hex, string loinc, string value, string unit)
    {
        var (exit, output, errors) = await Run("decode", "--protocol", protocol, "--hex", hex);

        Assert.Equal(0, exit);
        Assert.Empty(errors);
        var first = JsonNode.Parse(output[0])!;
        Assert.Contains(loinc, first["code"]!["coding"]!.AsArray().Select(c => (string?)c!["code"]));
        Assert.Contains($"\"value\":{value},", output[0], StringComparison.Ordinal);
        Assert.Equal(unit, (string?)first["valueQuantity"]!["code"]);
    }

    [Fact]
    public async Task Decode_Hl7MessageFromAFile_PrintsItsObservations_WithThePatientFromPid3_AndSaysWhatWasLeftOut()
    {
        using var directory = new TempDirectory();
        var file = Path.Combine(directory.Path, "oru.hl7");
        await File.WriteAllTextAsync(file, Hl7Messages.ComenMonitor.Replace("PID|||10006||", "PID|||184077512345678^^^ASIP-SANTE-INS-NIR&1.2.250.1.213.1.4.8&ISO^INS||", StringComparison.Ordinal));

        var (exit, output, errors) = await Run("decode", "--protocol", "hl7v2", "--file", file);

        Assert.Equal(0, exit);
        Assert.Equal(5, output.Length);
        Assert.All(output, line => Assert.Contains("\"value\":\"184077512345678\"", line, StringComparison.Ordinal));
        Assert.Equal(2, errors.Length);
        Assert.All(errors, e => Assert.StartsWith("edgegateway decode: left out: InvalidField", e, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Decode_AstmMessage_NeedsTheAnalysersTable_FromTheConfiguration()
    {
        using var directory = new TempDirectory();
        var message = Path.Combine(directory.Path, "result.astm");
        await File.WriteAllTextAsync(message, "H|\\^&\rR|1|^^^GLU|112|mg/dL||||F||||20261129094000\rL|1|N\r");
        var config = Path.Combine(directory.Path, "gateway.json");
        await File.WriteAllTextAsync(config, """
            { "Devices": [ { "Id": "poc-1", "Protocol": "astm", "Port": "/dev/ttyUSB0",
              "Tests": [ { "Code": "GLU", "Loinc": "41653-7", "Display": "Glucose [Mass/volume] in Capillary blood by Glucometer", "Unit": "mg/dL", "DeviceUnit": "mg/dL" } ] } ] }
            """);

        var (refused, _, why) = await Run("decode", "--protocol", "astm", "--file", message);
        var (exit, output, errors) = await Run("decode", "--config", config, "--device", "poc-1", "--file", message);

        Assert.Equal(2, refused);
        Assert.Contains("give --config FILE --device ID", Assert.Single(why), StringComparison.Ordinal);
        Assert.Equal(0, exit);
        Assert.Empty(errors);
        var observation = JsonNode.Parse(Assert.Single(output))!;
        Assert.Equal("41653-7", (string?)observation["code"]!["coding"]![0]!["code"]);
        Assert.Equal("laboratory", (string?)observation["category"]![0]!["coding"]![0]!["code"]);
    }

    [Fact]
    public async Task Decode_UnknownDevice_SaysSo()
    {
        var (exit, _, errors) = await Run("decode", "--device", "nobody", "--hex", "00");

        Assert.Equal(2, exit);
        Assert.Contains("no device 'nobody'", Assert.Single(errors), StringComparison.Ordinal);
    }
}
