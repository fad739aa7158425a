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
}
