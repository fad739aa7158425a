using EdgeGateway.Gateway.Cli;

namespace EdgeGateway.Gateway.Tests.Cli;

public class ConfigurationArgumentsTests
{
    [Theory]
    [InlineData("--Storage:DataDir=/var/lib/edgegateway")]
    [InlineData("--Storage:DataDir", "/var/lib/edgegateway")]
    [InlineData("--Demo:Interval=00:00:01", "--Gateway:SiteId", "ch-aubrac")]
    public void FindUnknown_ConfigurationSettings_AreAccepted(params string[] tokens)
    {
        Assert.Null(ConfigurationArguments.FindUnknown(tokens));
    }

    [Theory]
    [InlineData("--dmeo", "--dmeo")]                   // a mistyped option
    [InlineData("decod", "decod")]                     // a mistyped command
    [InlineData("--Storage:DataDir", "--Storage:DataDir")] // a key without its value
    [InlineData("--:DataDir=x", "--:DataDir=x")]
    public void FindUnknown_AnythingElse_IsReported(string token, string expected)
    {
        Assert.Equal(expected, ConfigurationArguments.FindUnknown([token]));
    }
}
