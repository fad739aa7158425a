using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using EdgeGateway.Gateway.Admin;
using EdgeGateway.Gateway.Consultation;
using EdgeGateway.Gateway.Tests.Support;
using EdgeGateway.SyncAgent.Outbox;
using EdgeGateway.Tests.Shared;

namespace EdgeGateway.Gateway.Tests.Admin;

/// <summary>The teleconsultation software opens and closes the consultation through the real gateway's administration API.</summary>
public sealed class ConsultationAdminTests : IAsyncLifetime
{
    private readonly TempDirectory _root = new();
    private GatewayUnderTest _gateway = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _gateway = await GatewayUnderTest.StartAsync(_root.Path, TimeSpan.FromMilliseconds(100));
        _admin = new HttpClient { BaseAddress = _gateway.BaseAddress };
        _admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            await File.ReadAllTextAsync(Path.Combine(_gateway.DataDir, "keys", AdminToken.FileName)));
    }

    public async Task DisposeAsync()
    {
        _admin.Dispose();
        await _gateway.DisposeAsync();
        _root.Dispose();
    }

    [Fact]
    public async Task OpenConsultation_TheRoomsReadingsBelongToThePatient_UntilItCloses()
    {
        var room = _gateway.App.Services.GetRequiredService<ConsultationRoom>();
        var outbox = _gateway.App.Services.GetRequiredService<Outbox>();

        using (var opened = await _admin.PutAsJsonAsync("/api/admin/consultation", new ConsultationRequest("285077512345655", "tlc-2026-0042", null, ShareLive: true)))
        {
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        }

        Assert.Equal("285077512345655", room.Current!.Patient.PatientIdentifier);
        Assert.Equal("urn:edgegateway:gw-test:encounter", room.Current.Patient.EncounterIdentifierSystem);
        // No national broker is configured here: nothing is kept for a live share that cannot happen.
        Assert.False(room.Current.SharedLive);
        await Eventually.Holds(() => outbox.ReadLatest(1) is [{ Reading.Patient.EncounterIdentifier: "tlc-2026-0042" }]);
        var page = await _gateway.WaitForPageAsync(p => p.Contains("Consultation en cours", StringComparison.Ordinal));
        Assert.DoesNotContain("285077512345655", page, StringComparison.Ordinal);

        using (var closed = await _admin.DeleteAsync("/api/admin/consultation?encounterId=tlc-2026-0042"))
        {
            Assert.Equal(HttpStatusCode.NoContent, closed.StatusCode);
        }

        Assert.Null(room.Current);
        var lastId = outbox.ReadLatest(1)[0].RecordId;
        await Eventually.Holds(() => outbox.ReadLatest(1)[0].RecordId > lastId + 2);
        Assert.Null(outbox.ReadLatest(1)[0].Reading.Patient);
    }

    [Theory]
    [InlineData("12345", "tlc-1", "patientIns")]
    [InlineData("285077512345612", "tlc-1", "patientIns")] // its key is 55, not 12
    [InlineData("2850775123456", "tlc-1", "patientIns")] // the NIR without its key
    [InlineData("285077512345655\n", "tlc-1", "patientIns")]
    [InlineData("285077512345655", "has space", "encounterId")]
    [InlineData("285077512345655", "tlc-1\n", "encounterId")]
    [InlineData(null, "tlc-1", "patientIns")]
    public async Task BadRequest_SaysWhichField_AndOpensNothing(string? ins, string encounter, string field)
    {
        using var response = await _admin.PutAsJsonAsync("/api/admin/consultation", new ConsultationRequest(ins, encounter, null, ShareLive: false));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(_gateway.App.Services.GetRequiredService<ConsultationRoom>().Current);
    }

    [Fact]
    public async Task WithoutTheToken_NoConsultationOpens_WhateverTheBody()
    {
        using var response = await _gateway.Http.PutAsJsonAsync("/api/admin/consultation", new ConsultationRequest("285077512345655", "tlc-1", null, true));
        using var garbage = await _gateway.Http.PutAsync("/api/ADMIN/consultation", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        using var close = await _gateway.Http.DeleteAsync("/api/admin/consultation");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, garbage.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, close.StatusCode);
        Assert.Null(_gateway.App.Services.GetRequiredService<ConsultationRoom>().Current);
    }

    [Fact]
    public async Task AnotherConsultationOpen_IsNeitherReplacedNorClosedByMistake()
    {
        var room = _gateway.App.Services.GetRequiredService<ConsultationRoom>();
        using (var first = await _admin.PutAsJsonAsync("/api/admin/consultation", new ConsultationRequest("285077512345655", "tlc-1", null, false)))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        // Corsica: 2A counts as 19 in the key.
        using (var second = await _admin.PutAsJsonAsync("/api/admin/consultation", new ConsultationRequest("285052A123456" + "80", "tlc-2", null, false)))
        {
            Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        }

        using (var lateClose = await _admin.DeleteAsync("/api/admin/consultation?encounterId=tlc-0"))
        {
            Assert.Equal(HttpStatusCode.Conflict, lateClose.StatusCode);
        }

        Assert.Equal("tlc-1", room.Current!.Patient.EncounterIdentifier);
        using (var replaced = await _admin.PutAsJsonAsync("/api/admin/consultation", new ConsultationRequest("285052A123456" + "80", "tlc-2", null, false, Replace: true)))
        {
            Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        }

        Assert.Equal("tlc-2", room.Current!.Patient.EncounterIdentifier);
        using (var closed = await _admin.DeleteAsync("/api/admin/consultation?encounterId=tlc-2"))
        {
            Assert.Equal(HttpStatusCode.NoContent, closed.StatusCode);
        }

        // Each change of consultation is in the audit trail, with nothing about the patient.
        var audit = _gateway.App.Services.GetRequiredService<Outbox>().ReadAudit(10);
        Assert.Equal(["consultation-open", "consultation-replace", "consultation-close"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.StartsWith("admin:", a.Actor, StringComparison.Ordinal));
        Assert.DoesNotContain(audit, a => a.Actor.Contains("2850", StringComparison.Ordinal));
    }
}
