using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.Gateway.Admin;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.Gateway.Tests.Admin;

/// <summary>What identifies a patient stays out of what the tools show; the INS is checked by its key; the token file stays private.</summary>
public sealed class PatientDataTests : IDisposable
{
    private readonly TempDirectory _root = new();

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData("Patient 285077512345655 unknown")]
    [InlineData("Patient 2 85 07 75 123 456 55 unknown")]
    [InlineData("identifier=urn:oid:1.2.250.1.213.1.4.8%7C285077512345655")]
    [InlineData("Patient 2850775123456 (NIR) unknown")]
    [InlineData("Patient 285052a12345680 unknown")]
    public void Redact_TakesTheIdentifierOut_InAnyForm(string reason)
    {
        var redacted = PatientRedaction.Redact(reason, new PatientContext("285077512345655", PatientContext.InsSystem));

        Assert.DoesNotMatch(@"\d{6}", redacted.Replace(" ", "", StringComparison.Ordinal));
        Assert.Contains("•••", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_KeepsWhatTheTechnicianNeeds()
    {
        Assert.Equal("HTTP 422: Observation.valueQuantity is out of range",
            PatientRedaction.Redact("HTTP 422: Observation.valueQuantity is out of range", null));
    }

    [Theory]
    [InlineData("285077512345655", "285077512345655")]
    [InlineData("285052a12345680", "285052A12345680")]
    [InlineData("285052B12345610", "285052B12345610")]
    [InlineData("285077512345612", null)]
    [InlineData("2850775123456", null)]
    [InlineData("485077512345655", null)]
    [InlineData("285077512345655\n", null)]
    public void Ins_IsCheckedByItsKey(string value, string? expected)
    {
        Assert.Equal(expected, Ins.Normalize(value));
    }

    [Fact]
    public void TokenFile_OpenToOthers_IsClosed_AndAnEmptyOneIsReplaced()
    {
        var path = Path.Combine(_root.Path, "keys", AdminToken.FileName);
        var token = AdminToken.LoadOrCreate(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        Assert.Equal(token, AdminToken.LoadOrCreate(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

        File.WriteAllText(path, "");
        var fresh = AdminToken.LoadOrCreate(path);
        Assert.NotEqual(token, fresh);
        Assert.Equal(43, fresh.Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }
}
