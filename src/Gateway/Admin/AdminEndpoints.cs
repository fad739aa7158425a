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

    /// <summary>
    /// Maps the API. The token is checked by a middleware before routing binds anything: a caller
    /// without it gets 401 whatever it sends, and no route under <c>/api/admin</c> can be mapped unprotected.
    /// </summary>
    public static WebApplication MapAdmin(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var holder = app.Services.GetRequiredService<AdminToken.Holder>();
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/api/admin", StringComparison.OrdinalIgnoreCase) && !IsAuthorized(context, holder.Token))
            {
                context.Response.Headers.WWWAuthenticate = "Bearer";
                await Results.Problem("a valid administration token is required (the file keys/admin.token in the data directory)",
                    statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });

        var admin = app.MapGroup("/api/admin");
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
        admin.MapPut("/consultation", OpenConsultation);
        admin.MapDelete("/consultation", async (string? encounterId, Consultation.ConsultationRoom room, Outbox outbox, HttpContext context, CancellationToken cancellationToken) =>
        {
            // Closing names what it closes: a late close from an earlier session must not end the next one.
            if (room.Current is not { } current)
            {
                return Results.NoContent();
            }

            if (!string.Equals(encounterId, current.Patient.EncounterIdentifier, StringComparison.Ordinal))
            {
                return Results.Problem("the open consultation is another encounter: give ?encounterId= of the one to close",
                    statusCode: StatusCodes.Status409Conflict);
            }

            room.Close();
            await outbox.AuditAsync("consultation-close", Actor(context), cancellationToken).ConfigureAwait(false);
            return Results.NoContent();
        });
        return app;
    }

    private static async Task<IResult> OpenConsultation(ConsultationRequest request, Consultation.ConsultationRoom room, IOptions<GatewayOptions> gateway,
        Outbox outbox, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var ins = Ins.Normalize(request.PatientIns);
        if (ins is null)
        {
            errors["patientIns"] = ["the patient's matricule INS: 15 characters (13 of NIR, 2A or 2B for Corsica, and its 2-digit key, which must match)"];
        }

        if (request.EncounterId is not { } encounter || !EncounterId().IsMatch(encounter))
        {
            errors["encounterId"] = ["1 to 64 letters, digits, '.', '_', ':' or '-'"];
        }

        if (request.EncounterSystem is { } system
            && (system.Length > 256 || !EncounterSystem().IsMatch(system) || !Uri.TryCreate(system, UriKind.Absolute, out _)))
        {
            errors["encounterSystem"] = ["an absolute http, https or urn URI of at most 256 characters"];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        if (room.Current is { } current && !(current.Patient.PatientIdentifier == ins && current.Patient.EncounterIdentifier == request.EncounterId)
            && !request.Replace)
        {
            // Another consultation is open: opening over it would hand its readings to someone else.
            return Results.Problem("another consultation is open: close it first, or set \"replace\": true", statusCode: StatusCodes.Status409Conflict);
        }

        var replacing = room.Current is not null;
        var opened = room.Open(new DeviceDrivers.Readings.PatientContext(ins!, DeviceDrivers.Readings.PatientContext.InsSystem,
            request.EncounterId, request.EncounterSystem ?? $"urn:edgegateway:{gateway.Value.GatewayId}:encounter"), request.ShareLive);
        // Who opened it, and when — not whom it is for: the trail carries nothing about the patient.
        await outbox.AuditAsync(replacing ? "consultation-replace" : "consultation-open", Actor(context), cancellationToken).ConfigureAwait(false);
        return Results.Ok(new { openedAt = opened.OpenedAt, sharedLive = opened.SharedLive });
    }

    private static bool IsAuthorized(HttpContext context, string? token)
    {
        var header = context.Request.Headers.Authorization.ToString();
        var presented = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        return token is not null && AdminToken.Matches(token, presented);
    }

    private static DeadLetterItem ToItem(DeadLetter letter) =>
        new(letter.RecordId, letter.At, letter.Reading?.DeviceId, letter.Reading?.Measurement.Code, PatientRedaction.Redact(letter.Reason, letter.Reading?.Patient));

    /// <summary>Who asks, as the audit records it: <c>admin:{name}</c>, the name restricted to a safe alphabet.</summary>
    private static string Actor(HttpContext context)
    {
        var name = context.Request.Headers[ActorHeader].ToString();
        return $"admin:{(SafeName().IsMatch(name) ? name : "unnamed")}";
    }

    [GeneratedRegex(@"\A[A-Za-z0-9._@-]{1,64}\z")]
    private static partial Regex SafeName();

    [GeneratedRegex(@"\A[A-Za-z0-9._:-]{1,64}\z")]
    private static partial Regex EncounterId();

    [GeneratedRegex(@"\A(?:https?://|urn:)[^\s]+\z")]
    private static partial Regex EncounterSystem();
}

/// <summary>A consultation to open, as the teleconsultation software (or a technician) sends it.</summary>
/// <param name="PatientIns">The patient's matricule INS (15 characters, key checked).</param>
/// <param name="EncounterId">The encounter's identifier in the teleconsultation system.</param>
/// <param name="EncounterSystem">The encounter identifier's system (a URI); defaults to <c>urn:edgegateway:{GatewayId}:encounter</c>.</param>
/// <param name="ShareLive">Share the readings live with the specialist.</param>
/// <param name="Replace">Replace another open consultation (otherwise that is a 409).</param>
public sealed record ConsultationRequest(string? PatientIns, string? EncounterId, string? EncounterSystem, bool ShareLive, bool Replace = false);
