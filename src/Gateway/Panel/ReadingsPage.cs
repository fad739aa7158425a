using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.Gateway.Panel;

/// <summary>Renders the latest readings as a small self-refreshing HTML page, French first with English beneath.</summary>
internal static class ReadingsPage
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private static readonly HtmlEncoder Html = HtmlEncoder.Create(UnicodeRanges.All);

    public static string Render(IReadOnlyList<Reading> readings, PanelStatus status, TimeZoneInfo zone)
    {
        var html = new StringBuilder(4096);
        html.Append("""
            <!doctype html>
            <html lang="fr"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>EdgeGateway — Mesures / Readings</title>
            <style>
            body{font-family:system-ui,sans-serif;margin:1.5rem;color:#1b1b1b}
            h1{font-size:1.4rem;margin:0 0 .2rem} .en{color:#666;font-size:.85em}
            .status{background:#fff4d6;border:1px solid #e6c35c;padding:.5rem .8rem;margin:1rem 0;border-radius:4px}
            table{border-collapse:collapse;width:100%} th,td{text-align:left;padding:.4rem .6rem;border-bottom:1px solid #ddd;vertical-align:top}
            th{background:#f2f4f7} .value{font-size:1.15em;font-weight:600} .test{background:#e8e0ff;color:#40307a;padding:0 .3rem;border-radius:3px;font-size:.8em}
            .note{color:#8a4b00;font-size:.9em}
            .alert{background:#fde2e1;border:1px solid #d9534f;color:#6b1310;padding:.5rem .8rem;margin:1rem 0;border-radius:4px}
            </style></head><body>
            <h1>Mesures reçues <span class="en">/ Latest readings</span></h1>
            """);
        AppendAlerts(html, status, zone);
        if (readings.Count == 0)
        {
            html.Append("""<p>En attente de la première mesure… <span class="en">/ Waiting for the first reading…</span></p>""");
        }
        else
        {
            html.Append("""<table><thead><tr><th>Heure <span class="en">/ Time</span></th><th>Appareil <span class="en">/ Device</span></th><th>Mesure <span class="en">/ Measurement</span></th><th>Valeur <span class="en">/ Value</span></th></tr></thead><tbody>""");
            foreach (var reading in readings)
            {
                AppendRow(html, reading, zone);
            }

            html.Append("</tbody></table>");
        }

        html.Append("</body></html>");
        return html.ToString();
    }

    private static void AppendAlerts(StringBuilder html, PanelStatus status, TimeZoneInfo zone)
    {
        if (status.Consultation is { } consultation)
        {
            var since = TimeZoneInfo.ConvertTime(consultation.OpenedAt, zone).ToString("HH:mm", French);
            if (consultation.SharedLive)
            {
                Alert(html, "status", $"Consultation en cours depuis {since}, partagée en direct avec le spécialiste : ses mesures partent en priorité.",
                    $"Consultation open since {since}, shared live with the specialist: its readings go first.", null);
            }
            else
            {
                Alert(html, "status", $"Consultation en cours depuis {since} : ses mesures partent en priorité.",
                    $"Consultation open since {since}: its readings go first.", null);
            }
        }

        if (status.StorageFault is { } fault)
        {
            Alert(html, "alert", "Stockage en panne : les nouvelles mesures ne sont plus enregistrées. Appelez le technicien.",
                "Storage failure: new readings are no longer stored. Call the technician.", fault);
        }

        if (status.MovedAsideTo is { } movedTo)
        {
            Alert(html, "alert", "La base de mesures était illisible : elle a été mise de côté (conservée pour récupération) et une nouvelle a été ouverte.",
                "The readings database was unreadable: it was set aside (kept for recovery) and a new one opened.", movedTo);
        }

        if (status.QuotaExceeded)
        {
            Alert(html, "alert", "Quota de stockage dépassé par des mesures cliniques : rien n'est supprimé, les mesures continuent d'être enregistrées. Rétablissez la liaison ou augmentez le quota.",
                "Storage quota exceeded by clinical readings: nothing is deleted and readings are still stored. Restore the link or raise the quota.", null);
        }

        if (status.Evicted > 0)
        {
            Alert(html, "status", $"Enregistrements non cliniques supprimés pour tenir le quota : {status.Evicted}",
                $"Non-clinical records evicted to keep the quota: {status.Evicted}", null);
        }

        if (status.StoreFailures > 0)
        {
            Alert(html, "alert", $"Mesures non enregistrées depuis le démarrage : {status.StoreFailures}",
                $"Readings not stored since start: {status.StoreFailures}", null);
        }

        if (status.DeadLetters > 0)
        {
            Alert(html, "status", $"Mesures refusées par la plateforme, à revoir : {status.DeadLetters}. Elles sont conservées, chiffrées, jusqu'à ce qu'un technicien les renvoie ou les supprime.",
                $"Readings refused by the platform, to review: {status.DeadLetters}. They are kept, encrypted, until a technician resends or deletes them.", null);
            AppendDeadLetters(html, status.DeadLetterList ?? [], zone);
        }

        if (status.Quarantined > 0)
        {
            Alert(html, "alert", $"Enregistrements corrompus mis en quarantaine : {status.Quarantined}",
                $"Corrupted records quarantined: {status.Quarantined}", null);
        }

        if (status.Upstream is not { } upstream)
        {
            Alert(html, "status", $"Aucune plateforme configurée : les mesures sont conservées chiffrées sur la passerelle ({status.Waiting} en attente).",
                $"No upstream configured: readings are kept encrypted on the gateway ({status.Waiting} waiting).", null);
        }
        else if (upstream.LastFailure is { } failure)
        {
            Alert(html, "status", $"Plateforme injoignable : les mesures attendent, chiffrées, sur la passerelle ({status.Waiting} en attente) et partiront au retour de la liaison.",
                $"Platform unreachable: readings wait, encrypted, on the gateway ({status.Waiting} waiting) and will leave when the link returns.", failure);
        }
        else
        {
            Alert(html, "status", $"Plateforme joignable : {upstream.Delivered} mesure(s) transmise(s) depuis le démarrage, {status.Waiting} en attente.",
                $"Platform reachable: {upstream.Delivered} reading(s) delivered since start, {status.Waiting} waiting.", null);
        }

        if (status.Upstream is { HeldForVideo: true })
        {
            Alert(html, "status", "Consultation vidéo en cours : seules les mesures de la consultation partent maintenant ; les autres suivront à la fin de la vidéo.",
                "Video consultation in progress: only the consultation's readings are sent now; the others follow when the video ends.", null);
        }

        if (status.Live is { } live)
        {
            if (live.Connected)
            {
                Alert(html, "status", $"Partage en direct : connecté au serveur national ({live.Published} mesure(s) partagée(s) depuis le démarrage, {live.Waiting} en attente).",
                    $"Live share: connected to the national broker ({live.Published} reading(s) shared since start, {live.Waiting} waiting).", null);
            }
            else
            {
                Alert(html, "status", $"Partage en direct : serveur national injoignable ({live.Waiting} mesure(s) en attente de partage). Les mesures partent toujours vers la plateforme.",
                    $"Live share: national broker unreachable ({live.Waiting} reading(s) waiting to be shared). Readings still go to the platform.", live.LastFailure);
            }
        }
        if (status.Devices is { Count: > 0 } devices)
        {
            AppendDevices(html, devices);
        }

        if (status.CpuCelsius is { } cpu)
        {
            var degrees = cpu.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);
            // A Raspberry Pi slows itself down from 80 °C: the box needs air.
            Alert(html, cpu >= HotCpu ? "alert" : "status",
                cpu >= HotCpu ? $"Boîtier trop chaud : {degrees.Replace('.', ',')} °C. Aérez-le ou éloignez-le d'une source de chaleur." : $"Température du boîtier : {degrees.Replace('.', ',')} °C",
                cpu >= HotCpu ? $"Box too hot: {degrees} °C. Give it air or move it away from heat." : $"Box temperature: {degrees} °C", null);
        }

        if (status.DecodeErrors > 0)
        {
            Alert(html, "status", $"Trames rejetées depuis le démarrage : {status.DecodeErrors}",
                $"Frames rejected since start: {status.DecodeErrors}", null);
        }
    }

    /// <summary>The CPU temperature from which the page warns (a Raspberry Pi throttles at 80 °C).</summary>
    private const decimal HotCpu = 80m;

    private static void AppendDevices(StringBuilder html, IReadOnlyList<(string DeviceId, DeviceDrivers.Transports.TransportState State)> devices)
    {
        html.Append("""<p class="status">Appareils <span class="en">/ Devices</span> : """);
        for (var i = 0; i < devices.Count; i++)
        {
            var (french, english) = devices[i].State switch
            {
                DeviceDrivers.Transports.TransportState.Connected => ("connecté", "connected"),
                DeviceDrivers.Transports.TransportState.Connecting => ("en attente de l'appareil", "waiting for the device"),
                _ => ("déconnecté, nouvel essai sous peu", "disconnected, retrying shortly"),
            };
            html.Append(i == 0 ? "" : " · ").Append("<b>").Append(Html.Encode(devices[i].DeviceId)).Append("</b> ")
                .Append(Html.Encode(french)).Append(" <span class=\"en\">/ ").Append(Html.Encode(english)).Append("</span>");
        }

        html.Append("</p>");
    }

    private static void Alert(StringBuilder html, string kind, string french, string english, string? detail)
    {
        html.Append("<p class=\"").Append(kind).Append("\">").Append(Html.Encode(french))
            .Append("<br><span class=\"en\">").Append(Html.Encode(english)).Append("</span>");
        if (detail is not null)
        {
            html.Append("<br><small>").Append(Html.Encode(detail)).Append("</small>");
        }

        html.Append("</p>");
    }

    private static void AppendDeadLetters(StringBuilder html, IReadOnlyList<SyncAgent.Outbox.DeadLetter> letters, TimeZoneInfo zone)
    {
        if (letters.Count == 0)
        {
            return;
        }

        html.Append("""<table class="deadletters"><thead><tr><th>Refusée le <span class="en">/ Refused on</span></th><th>N°</th><th>Appareil <span class="en">/ Device</span></th><th>Mesure <span class="en">/ Measurement</span></th><th>Motif de la plateforme <span class="en">/ Platform's reason</span></th></tr></thead><tbody>""");
        foreach (var letter in letters)
        {
            html.Append("<tr><td>").Append(Html.Encode(TimeZoneInfo.ConvertTime(letter.At, zone).ToString("dd/MM/yyyy HH:mm", French))).Append("</td>");
            html.Append("<td>").Append(letter.RecordId.ToString(CultureInfo.InvariantCulture)).Append("</td>");
            if (letter.Reading is { } reading)
            {
                html.Append("<td>").Append(Html.Encode(reading.DeviceId)).Append("</td><td>")
                    .Append(Html.Encode(MeasurementNames.French(reading.Measurement))).Append(" : ")
                    .Append(Html.Encode(FormatValue(reading.Measurement))).Append("</td>");
            }
            else
            {
                html.Append("""<td colspan="2">illisible <span class="en">/ unreadable</span></td>""");
            }

            // A platform may quote the patient's identifier in its reason: the page never shows it.
            html.Append("<td>").Append(Html.Encode(Admin.PatientRedaction.Redact(letter.Reason, letter.Reading?.Patient))).Append("</td></tr>");
        }

        html.Append("</tbody></table>");
    }

    private static void AppendRow(StringBuilder html, Reading reading, TimeZoneInfo zone)
    {
        var measurement = reading.Measurement;
        html.Append("<tr><td>").Append(Html.Encode(TimeZoneInfo.ConvertTime(reading.EffectiveTime, zone).ToString("dd/MM/yyyy HH:mm:ss", French))).Append("</td>");
        html.Append("<td>").Append(Html.Encode(reading.DeviceId));
        if (reading.IsTest)
        {
            html.Append(""" <span class="test" title="Donnée de test / Test data (HTEST)">TEST</span>""");
        }

        html.Append("</td><td>").Append(Html.Encode(MeasurementNames.French(measurement)));
        if (measurement.BodySite is { } site)
        {
            html.Append(" (").Append(Html.Encode(MeasurementNames.FrenchSite(site))).Append(')');
        }

        html.Append(" <span class=\"en\">/ ").Append(Html.Encode(measurement.Display)).Append("</span></td>");
        html.Append("<td><span class=\"value\">").Append(Html.Encode(FormatValue(measurement))).Append("</span>");
        var english = ReadingFlagText.English(measurement.Flags);
        var french = ReadingFlagText.French(measurement.Flags);
        for (var i = 0; i < french.Count; i++)
        {
            html.Append("<br><span class=\"note\">⚠ ").Append(Html.Encode(french[i]))
                .Append(" <span class=\"en\">/ ").Append(Html.Encode(english[i])).Append("</span></span>");
        }

        foreach (var note in measurement.Notes)
        {
            html.Append("<br><span class=\"en\">").Append(Html.Encode(note)).Append("</span>");
        }

        html.Append("</td></tr>");
    }

    internal static string FormatValue(Measurement measurement)
    {
        if (measurement.Value is { } single)
        {
            // Breaths, not beats: "/min" reads "bpm" only for a pulse.
            return single.Code == Loinc.RespiratoryRate && single.Quantity.Unit == Ucum.PerMinute
                ? $"{Number(single.Quantity)} /min"
                : Format(single.Quantity);
        }

        // A blood-pressure panel reads "120/80 mmHg (moy. 93)" as on the cuff's screen.
        var systolic = measurement.Components.FirstOrDefault(c => c.Code == Loinc.Systolic);
        var diastolic = measurement.Components.FirstOrDefault(c => c.Code == Loinc.Diastolic);
        var mean = measurement.Components.FirstOrDefault(c => c.Code == Loinc.MeanArterial);
        if (systolic is not null && diastolic is not null)
        {
            var text = $"{Number(systolic.Quantity)}/{Number(diastolic.Quantity)} {DisplayUnit(systolic.Quantity.Unit)}";
            return mean is null ? text : $"{text} (moy. {Number(mean.Quantity)})";
        }

        return string.Join(", ", measurement.Components.Select(c => $"{c.Display}: {Format(c.Quantity)}"));
    }

    private static string Format(Quantity quantity) => $"{Number(quantity)} {DisplayUnit(quantity.Unit)}";

    /// <summary>The unit as the device's screen shows it; UCUM codes stay in FHIR.</summary>
    private static string DisplayUnit(string ucum) => ucum switch
    {
        Ucum.MillimetreOfMercury => "mmHg",
        Ucum.PerMinute => "bpm",
        Ucum.Kilopascal => "kPa",
        Ucum.Celsius => "°C",
        Ucum.Fahrenheit => "°F",
        Ucum.Pound => "lb",
        Ucum.Inch => "in",
        Ucum.KilogramPerSquareMetre => "kg/m²",
        _ => ucum,
    };

    private static string Number(Quantity quantity) => quantity.Value is { } value
        ? value.ToString(French)
        : quantity.Absent switch
        {
            AbsentReason.PositiveInfinity => "> max",
            AbsentReason.NegativeInfinity => "< min",
            _ => "—",
        };
}
