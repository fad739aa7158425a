using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EdgeGateway.Gateway.Admin;
using EdgeGateway.Gateway.Cli;
using EdgeGateway.Gateway.Tests.Support;
using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.Gateway.Tests.Admin;

/// <summary>
/// A technician reviews the readings the platform refused through the real gateway: the local
/// administration API (token-protected, audited) and <c>edgegateway deadletters</c> over it.
/// </summary>
public sealed class DeadLetterAdminTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new();
    private FakePlatform _platform = null!;
    private GatewayUnderTest _gateway = null!;

    public async Task InitializeAsync()
    {
        _platform = await FakePlatform.StartAsync();
        _platform.Reject = _ => true;
        _gateway = await GatewayUnderTest.StartAsync(_root.Path, TimeSpan.FromMilliseconds(200),
            $"--Upstream:Fhir:BaseUrl={_platform.BaseUrl}", "--Upstream:Fhir:AllowInsecureHttp=true", "--Upstream:Fhir:SendTestData=true");
        await Eventually.Holds(() => Outbox.DeadLetterCount >= 2);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _platform.DisposeAsync();
        _root.Dispose();
    }

    private Outbox Outbox => _gateway.App.Services.GetRequiredService<Outbox>();

    private string TokenFile => Path.Combine(_gateway.DataDir, "keys", AdminToken.FileName);

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer not-the-token")]
    [InlineData("Basic dGVjaDp0ZWNo")]
    public async Task WithoutTheToken_EveryCallIsRefused_AndNothingChanges(string? authorization)
    {
        var before = Outbox.DeadLetterCount;
        var id = Outbox.ReadDeadLetters(1)[0].RecordId;
        foreach (var request in new[]
                 {
                     new HttpRequestMessage(HttpMethod.Get, "/api/admin/deadletters"),
                     new HttpRequestMessage(HttpMethod.Post, $"/api/admin/deadletters/{id}/delete"),
                 })
        {
            if (authorization is not null)
            {
                request.Headers.TryAddWithoutValidation("Authorization", authorization);
            }

            using var response = await _gateway.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        Assert.True(Outbox.DeadLetterCount >= before);
        Assert.Contains(Outbox.ReadDeadLetters(AdminEndpoints.ListLimit), d => d.RecordId == id);
        Assert.Empty(Outbox.ReadAudit(10));
    }

    [Fact]
    public void Token_IsCreatedAtStart_ReadableByTheGatewaysUserOnly()
    {
        Assert.True(File.Exists(TokenFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(TokenFile));
        Assert.True(File.ReadAllText(TokenFile).Length >= 40);
    }

    [Fact]
    public async Task Api_ListsRetriesAndDeletes_EachActionAuditedWithWhoAsked()
    {
        using var http = new HttpClient { BaseAddress = _gateway.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", File.ReadAllText(TokenFile));
        http.DefaultRequestHeaders.Add(AdminEndpoints.ActorHeader, "tech.dupont");

        var items = await http.GetFromJsonAsync<List<DeadLetterItem>>("/api/admin/deadletters");
        Assert.NotNull(items);
        Assert.True(items.Count >= 2);
        Assert.All(items, i => Assert.Contains("422", i.Reason, StringComparison.Ordinal));
        var (retried, deleted) = (items[0].Id, items[1].Id);

        _platform.Reject = null;
        using (var response = await http.PostAsync($"/api/admin/deadletters/{retried}/retry", null))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var response = await http.PostAsync($"/api/admin/deadletters/{deleted}/delete", null))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var again = await http.PostAsync($"/api/admin/deadletters/{deleted}/delete", null))
        {
            Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        }

        var audit = Outbox.ReadAudit(10);
        Assert.Contains(audit, a => a.Action == "dead-letter-retry" && a.RecordId == retried && a.Actor == "admin:tech.dupont");
        Assert.Contains(audit, a => a.Action == "dead-letter-delete" && a.RecordId == deleted && a.Actor == "admin:tech.dupont");
        Assert.DoesNotContain(Outbox.ReadDeadLetters(AdminEndpoints.ListLimit), d => d.RecordId == retried || d.RecordId == deleted);
        // The retried reading is sent again, and this time the platform takes it.
        await Eventually.Holds(() => _platform.Count >= 1);
    }

    [Fact]
    public async Task Cli_ListsAndDeletes_ThroughTheRunningGateway()
    {
        var dataDir = _gateway.DataDir;
        var url = _gateway.BaseAddress.ToString();
        var (listed, listOut, _) = await RunAsync("deadletters", "list", "--data-dir", dataDir, "--url", url);
        Assert.Equal(0, listed);
        var id = long.Parse(listOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture);

        var (deleted, deleteOut, _) = await RunAsync("deadletters", "delete", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", dataDir, "--url", url);
        Assert.Equal(0, deleted);
        Assert.Contains($"dead letter {id} deleted", deleteOut, StringComparison.Ordinal);
        Assert.Contains(Outbox.ReadAudit(10), a => a.Action == "dead-letter-delete" && a.RecordId == id && a.Actor.StartsWith("admin:", StringComparison.Ordinal));

        var (missing, _, missingErr) = await RunAsync("deadletters", "retry", id.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", dataDir, "--url", url);
        Assert.Equal(1, missing);
        Assert.Contains($"there is no dead letter {id}", missingErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cli_WithoutAToken_SaysWhere_AndWithNoGateway_SaysSo()
    {
        var (noToken, _, noTokenErr) = await RunAsync("deadletters", "list", "--data-dir", Path.Combine(_root.Path, "elsewhere"));
        Assert.Equal(1, noToken);
        Assert.Contains("there is no administration token at", noTokenErr, StringComparison.Ordinal);

        var (down, _, downErr) = await RunAsync("deadletters", "list", "--data-dir", _gateway.DataDir, "--url", $"http://127.0.0.1:{Mosquitto.FreePort()}/");
        Assert.Equal(1, down);
        Assert.Contains("does not answer", downErr, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exit = await GatewayCommandLine.InvokeAsync(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }
}
