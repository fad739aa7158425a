using System.Text.RegularExpressions;
using EdgeGateway.Gateway.Hosting;
using EdgeGateway.SyncAgent.Outbox;
using Microsoft.Extensions.Options;

namespace EdgeGateway.Gateway.Admin;

/// <summary>One dead letter as the administration API lists it (the patient's identifier masked in the reason).</summary>
/// <param name="Id">The record id, to retry or delete it.</param>
/// <param name="RefusedAt">When the platform refused it.</param>
/// <param name="Device">The device that took the reading, or null when the record no longer opens.</param>
/// <param name="Code">The reading's LOINC code, or null.</param>
/// <param name="Reason">What the platform said.</param>
public sealed record DeadLetterItem(long Id, DateTimeOffset RefusedAt, string? Device, string? Code, string Reason);

/// <summary>
/// The local administration API under <c>/api/admin</c>, for the technician's tools and the
/// teleconsultation software on the box, until the authenticated panel offers the same: list the
/// readings the platform refused, put one back in the queue, or delete it — each action audited
/// with who asked; open (<c>PUT /consultation</c>) and close (<c>DELETE</c>) the consultation the
/// room's readings belong to. Every call needs <c>Authorization: Bearer</c> with the token of
/// <see cref="AdminToken"/>; anything else is 401.
/// </summary>
public static partial class AdminEndpoints
{
    /// <summary>The header naming who asks (recorded in the audit trail).</summary>
    public const string ActorHeader = "X-EdgeGateway-Actor";

    /// <summary>Dead letters listed at most.</summary>
    public const int ListLimit = 1000;

    /// <summary>Registers the token holder (it creates the token when the host starts).</summary>
    public static IHostApplicationBuilder AddAdmin(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<AdminToken.Holder>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<AdminToken.Holder>());
        return builder;
    }

    /// <summary>Maps the API.</summary>
    public static WebApplication MapAdmin(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var holder = app.Services.GetRequiredService<AdminToken.Holder>();
        var admin = app.MapGroup("/api/admin").AddEndpointFilter(async (context, next) =>
        {
            var header = context.HttpContext.Request.Headers.Authorization.ToString();
            var presented = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header["Bearer ".Length..].Trim() : null;
            if (holder.Token is not { } token || !AdminToken.Matches(token, presented))
            {
                context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
                return Results.Problem("a valid administration token is required (the file admin.token beside the Outbox's key file)",
                    statusCode: StatusCodes.Status401Unauthorized);
            }

            return await next(context).ConfigureAwait(false);
        });

        admin.MapGet("/deadletters", (Outbox outbox) =>
            Results.Ok(outbox.ReadDeadLetters(ListLimit).Select(ToItem).ToList()));
        admin.MapPost("/deadletters/{id:long}/retry", async (long id, Outbox outbox, HttpContext context, CancellationToken cancellationToken) =>
            await outbox.RetryDeadLetterAsync(id, Actor(context), cancellationToken).ConfigureAwait(false)
                ? Results.Ok(new { id, action = "retry" })
                : Results.Problem($"there is no dead letter {id}", statusCode: StatusCodes.Status404NotFound));
        admin.MapPost("/deadletters/{id:long}/delete", async (long id, Outbox outbox, HttpContext context, CancellationToken cancellationToken) =>
            await outbox.DeleteDeadLetterAsync(id, Actor(context), cancellationToken).ConfigureAwait(false)
                ? Results.Ok(new { id, action = "delete" })
                : Results.Problem($"there is no dead letter {id}", statusCode: StatusCodes.Status404NotFound));
        admin.MapPut("/consultation", (ConsultationRequest request, Consultation.ConsultationRoom room, IOptions<GatewayOptions> gateway) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (request.PatientIns is not { } ins || !Ins().IsMatch(ins))
            {
                errors["patientIns"] = ["the patient's INS: 13 or 15 characters (digits; 2A or 2B for Corsica)"];
            }

            if (request.EncounterId is not { } encounter || !EncounterId().IsMatch(encounter))
            {
                errors["encounterId"] = ["1 to 64 letters, digits, '.', '_', ':' or '-'"];
            }

            if (request.EncounterSystem is { } system && !Uri.TryCreate(system, UriKind.Absolute, out _))
            {
                errors["encounterSystem"] = ["an absolute URI"];
            }

            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors);
            }

            var opened = room.Open(new DeviceDrivers.Readings.PatientContext(request.PatientIns!, DeviceDrivers.Readings.PatientContext.InsSystem,
                request.EncounterId, request.EncounterSystem ?? $"urn:edgegateway:{gateway.Value.GatewayId}:encounter"), request.ShareLive);
            return Results.Ok(new { openedAt = opened.OpenedAt, sharedLive = opened.SharedLive });
        });
        admin.MapDelete("/consultation", (Consultation.ConsultationRoom room) =>
        {
            room.Close();
            return Results.NoContent();
        });
        return app;
    }

    private static DeadLetterItem ToItem(DeadLetter letter)
    {
        var reason = letter.Reading?.Patient is { PatientIdentifier: { Length: > 0 } identifier }
            ? letter.Reason.Replace(identifier, "•••", StringComparison.Ordinal)
            : letter.Reason;
        return new DeadLetterItem(letter.RecordId, letter.At, letter.Reading?.DeviceId, letter.Reading?.Measurement.Code, reason);
    }

    /// <summary>Who asks, as the audit records it: <c>admin:{name}</c>, the name restricted to a safe alphabet.</summary>
    private static string Actor(HttpContext context)
    {
        var name = context.Request.Headers[ActorHeader].ToString();
        return $"admin:{(SafeName().IsMatch(name) ? name : "unnamed")}";
    }

    [GeneratedRegex("^[A-Za-z0-9._@-]{1,64}$")]
    private static partial Regex SafeName();

    [GeneratedRegex("^[0-9]{5}(?:[0-9]{2}|2A|2B)[0-9]{6}(?:[0-9]{2})?$")]
    private static partial Regex Ins();

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$")]
    private static partial Regex EncounterId();
}

/// <summary>A consultation to open, as the teleconsultation software (or a technician) sends it.</summary>
/// <param name="PatientIns">The patient's INS (matricule INS, 13 or 15 characters).</param>
/// <param name="EncounterId">The encounter's identifier in the teleconsultation system.</param>
/// <param name="EncounterSystem">The encounter identifier's system (a URI); defaults to <c>urn:edgegateway:{GatewayId}:encounter</c>.</param>
/// <param name="ShareLive">Share the readings live with the specialist.</param>
public sealed record ConsultationRequest(string? PatientIns, string? EncounterId, string? EncounterSystem, bool ShareLive);
