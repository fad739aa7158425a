using EdgeGateway.Gateway.Cli;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.Gateway.Tests.EndToEnd;

/// <summary>A wrong setting stops the start with a message that names the key, before any device is read.</summary>
public sealed class StartupValidationTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    private async Task<(int Exit, string Errors)> Run(params string[] args)
    {
        var config = Path.Combine(_root.Path, "gateway.json");
        if (!File.Exists(config))
        {
            await File.WriteAllTextAsync(config, "{}");
        }

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await GatewayCommandLine.InvokeAsync(["run", "--config", config, "--urls", "http://127.0.0.1:0", .. args], stdout, stderr);
        return (exit, stderr.ToString());
    }

    [Fact]
    public async Task Run_DataDirNotWritable_StopsNamingStorageDataDir()
    {
        var (exit, errors) = await Run("--data-dir", "/proc/edgegateway-data");

        Assert.Equal(GatewayCommandLine.ExitBadConfiguration, exit);
        Assert.Contains("Storage:DataDir", errors, StringComparison.Ordinal);
        Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Run_DataDirUnderAFile_StopsNamingStorageDataDir()
    {
        var file = Path.Combine(_root.Path, "not-a-directory");
        await File.WriteAllTextAsync(file, "");

        var (exit, errors) = await Run("--data-dir", Path.Combine(file, "data"));

        Assert.Equal(GatewayCommandLine.ExitBadConfiguration, exit);
        Assert.Contains("Storage:DataDir", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Gateway:GatewayId=has space", "Gateway:GatewayId")]
    [InlineData("--Gateway:TimeZone=Mars/Olympus", "Gateway:TimeZone")]
    [InlineData("--Demo:Interval=00:00:00.001", "Demo:Interval")]
    public async Task Run_BadSetting_StopsNamingTheKey(string setting, string key)
    {
        var (exit, errors) = await Run("--data-dir", Path.Combine(_root.Path, "data"), setting);

        Assert.Equal(GatewayCommandLine.ExitBadConfiguration, exit);
        Assert.Contains(key, errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Devices:0:Protocol", "--Devices:0:Id=oxi-1", "--Devices:0:Protocol=nonin-df99", "--Devices:0:Port=/dev/ttyUSB0")]
    [InlineData("Devices:0:Port", "--Devices:0:Id=oxi-1", "--Devices:0:Protocol=nonin-df8")]
    [InlineData("Devices:0:Parity", "--Devices:0:Id=oxi-1", "--Devices:0:Protocol=nonin-df8", "--Devices:0:Port=/dev/ttyUSB0", "--Devices:0:Parity=Purple")]
    [InlineData("Devices:0:Parity", "--Devices:0:Id=oxi-1", "--Devices:0:Protocol=nonin-df8", "--Devices:0:Port=/dev/ttyUSB0", "--Devices:0:Parity=9")]
    [InlineData("Devices:1:Port", "--Devices:0:Id=oxi-1", "--Devices:0:Protocol=nonin-df8", "--Devices:0:Port=/dev/ttyUSB0",
        "--Devices:1:Id=oxi-2", "--Devices:1:Protocol=masimo-ascii", "--Devices:1:Port=/dev/ttyUSB0")]
    [InlineData("Devices:0:BaudRate", "--Devices:0:Id=oxi-1", "--Devices:0:Protocol=nonin-df8", "--Devices:0:Port=/dev/ttyUSB0", "--Devices:0:BaudRate=7")]
    [InlineData("Devices:0:Address", "--Devices:0:Id=bp-1", "--Devices:0:Protocol=ble-blood-pressure", "--Devices:0:Address=nearby")]
    [InlineData("Devices:1:Address", "--Devices:0:Id=bp-1", "--Devices:0:Protocol=ble-blood-pressure", "--Devices:0:Address=A0:9E:1A:12:34:56",
        "--Devices:1:Id=bp-2", "--Devices:1:Protocol=ble-blood-pressure", "--Devices:1:Address=a0:9e:1a:12:34:56")]
    [InlineData("Devices:0:Port", "--Devices:0:Id=bp-2", "--Devices:0:Protocol=omron-hid", "--Devices:0:Port=hidraw0")]
    [InlineData("Devices:1:Port", "--Devices:0:Id=bp-1", "--Devices:0:Protocol=beurer-bm58", "--Devices:0:Port=/dev/hidraw0",
        "--Devices:1:Id=bp-2", "--Devices:1:Protocol=omron-hid", "--Devices:1:Port=/dev/hidraw0")]
    [InlineData("Devices:1:Id", "--Devices:0:Id=oxi-1", "--Devices:0:Protocol=nonin-df8", "--Devices:0:Port=/dev/ttyUSB0",
        "--Devices:1:Id=oxi-1", "--Devices:1:Protocol=nonin-df8", "--Devices:1:Port=/dev/ttyUSB1")]
    [InlineData("Devices:0:Listen", "--Devices:0:Id=mon-1", "--Devices:0:Protocol=hl7v2")]
    [InlineData("Devices:0:AllowFrom", "--Devices:0:Id=mon-1", "--Devices:0:Protocol=hl7v2", "--Devices:0:Listen=0.0.0.0:2575")]
    [InlineData("Devices:0:AllowFrom:0", "--Devices:0:Id=mon-1", "--Devices:0:Protocol=hl7v2", "--Devices:0:Listen=0.0.0.0:2575", "--Devices:0:AllowFrom:0=the monitor")]
    [InlineData("Devices:1:Listen", "--Devices:0:Id=mon-1", "--Devices:0:Protocol=hl7v2", "--Devices:0:Listen=0.0.0.0:2575", "--Devices:0:AllowFrom:0=10.0.0.0/8",
        "--Devices:1:Id=mon-2", "--Devices:1:Protocol=hl7v2", "--Devices:1:Listen=127.0.0.1:2575", "--Devices:1:AllowFrom:0=10.0.0.0/8")]
    [InlineData("Devices:0:Tests", "--Devices:0:Id=poc-1", "--Devices:0:Protocol=astm", "--Devices:0:Port=/dev/ttyUSB0")]
    [InlineData("Devices:0:Tests:0:Loinc", "--Devices:0:Id=poc-1", "--Devices:0:Protocol=astm", "--Devices:0:Port=/dev/ttyUSB0",
        "--Devices:0:Tests:0:Code=GLU", "--Devices:0:Tests:0:Loinc=glucose", "--Devices:0:Tests:0:Display=Glucose", "--Devices:0:Tests:0:Unit=mg/dL")]
    [InlineData("Devices:0:Fields:0:Pattern", "--Devices:0:Id=scale-1", "--Devices:0:Protocol=ascii-line", "--Devices:0:Port=/dev/ttyUSB0",
        "--Devices:0:Fields:0:Pattern=W:(\\d+)", "--Devices:0:Fields:0:Loinc=29463-7", "--Devices:0:Fields:0:Display=Body weight", "--Devices:0:Fields:0:Unit=kg")]
    [InlineData("Devices:0:Bus", "--Devices:0:Id=ir-1", "--Devices:0:Protocol=i2c-mlx90614")]
    [InlineData("Devices:0:DownloadRecordings", "--Devices:0:Id=oxi-1", "--Devices:0:Protocol=nonin-df8", "--Devices:0:Port=/dev/ttyUSB0", "--Devices:0:DownloadRecordings=true")]
    [InlineData("Devices:0:StoreEvery", "--Devices:0:Id=bp-1", "--Devices:0:Protocol=beurer-bm58", "--Devices:0:Port=/dev/ttyUSB0", "--Devices:0:StoreEvery=00:00:30")]
    [InlineData("Devices:0:AllowFrom:0", "--Devices:0:Id=mon-1", "--Devices:0:Protocol=hl7v2", "--Devices:0:Listen=0.0.0.0:2575", "--Devices:0:AllowFrom:0=0.0.0.0/0")]
    [InlineData("Devices:0:StoreEvery", "--Devices:0:Id=mon-1", "--Devices:0:Protocol=hl7v2", "--Devices:0:Listen=0.0.0.0:2575", "--Devices:0:AllowFrom:0=10.1.2.0/24",
        "--Devices:0:StoreEvery=00:00:30")]
    [InlineData("Devices:0:I2cAddress", "--Devices:0:Id=ir-1", "--Devices:0:Protocol=i2c-mlx90614", "--Devices:0:Bus=1", "--Devices:0:I2cAddress=0x99")]
    public async Task Run_BadDevice_StopsNamingTheKey(string key, params string[] settings)
    {
        var (exit, errors) = await Run(["--data-dir", Path.Combine(_root.Path, "data"), .. settings]);

        Assert.Equal(GatewayCommandLine.ExitBadConfiguration, exit);
        Assert.Contains(key, errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BadSetting_TouchesNoDataBeforeStopping()
    {
        var dataDir = Path.Combine(_root.Path, "data");

        var (exit, _) = await Run("--data-dir", dataDir, "--demo", "--Gateway:GatewayId=has space");

        Assert.Equal(GatewayCommandLine.ExitBadConfiguration, exit);
        Assert.Empty(Directory.Exists(dataDir) ? Directory.GetFileSystemEntries(dataDir) : []);
    }

    [Theory]
    [InlineData("--Storage:MaxBytes=abc", "Storage:MaxBytes")]
    [InlineData("--Demo:Interval=soon", "Demo:Interval")]
    public async Task Run_ValueThatDoesNotConvert_StopsNamingTheKey(string setting, string key)
    {
        var (exit, errors) = await Run("--data-dir", Path.Combine(_root.Path, "data"), setting);

        Assert.Equal(GatewayCommandLine.ExitBadConfiguration, exit);
        Assert.Contains(key, errors, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", errors, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--dmeo")]
    [InlineData("decod")]
    public async Task Run_MistypedCommandOrOption_DoesNotStartTheService(string typo)
    {
        var dataDir = Path.Combine(_root.Path, "data");

        var (exit, errors) = await Run("--data-dir", dataDir, typo);

        Assert.Equal(GatewayCommandLine.ExitBadInput, exit);
        Assert.Contains(typo, errors, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dataDir));
    }

    [Fact]
    public async Task Run_ConfigFileMissing_StopsNamingTheFile()
    {
        using var stderr = new StringWriter();

        var exit = await GatewayCommandLine.InvokeAsync(["run", "--config", "/nonexistent/gateway.json"], TextWriter.Null, stderr);

        Assert.Equal(GatewayCommandLine.ExitBadConfiguration, exit);
        Assert.Contains("/nonexistent/gateway.json", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ConfigFileNotJson_StopsNamingTheFile()
    {
        var config = Path.Combine(_root.Path, "broken.json");
        await File.WriteAllTextAsync(config, "{ \"Storage\": ");
        using var stderr = new StringWriter();

        var exit = await GatewayCommandLine.InvokeAsync(["run", "--config", config, "--urls", "http://127.0.0.1:0"], TextWriter.Null, stderr);

        Assert.Equal(GatewayCommandLine.ExitBadConfiguration, exit);
        Assert.Contains("broken.json", stderr.ToString(), StringComparison.Ordinal);
    }
}
