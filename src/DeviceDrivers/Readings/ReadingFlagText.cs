namespace EdgeGateway.DeviceDrivers.Readings;

/// <summary>Human text for <see cref="ReadingFlags"/>, in French (the panel) and English (FHIR notes).</summary>
public static class ReadingFlagText
{
    private static readonly (ReadingFlags Flag, string English, string French)[] Texts =
    [
        (ReadingFlags.BodyMovement, "Body movement during measurement", "Mouvement du corps pendant la mesure"),
        (ReadingFlags.CuffTooLoose, "Cuff too loose", "Brassard trop lâche"),
        (ReadingFlags.IrregularPulse, "Irregular pulse detected", "Pouls irrégulier détecté"),
        (ReadingFlags.PulseRateAboveRange, "Pulse rate above the device's range", "Pouls au-dessus de la plage de l'appareil"),
        (ReadingFlags.PulseRateBelowRange, "Pulse rate below the device's range", "Pouls en dessous de la plage de l'appareil"),
        (ReadingFlags.ImproperMeasurementPosition, "Improper measurement position", "Position de mesure incorrecte"),
        (ReadingFlags.DeviceClockUnknown, "Device clock not set: time is the gateway's receive time", "Horloge de l'appareil non réglée : heure de réception de la passerelle"),
        (ReadingFlags.ReservedStatusValue, "Device reported a status this gateway does not know", "Statut de l'appareil inconnu de la passerelle"),
    ];

    /// <summary>English sentences, one per set flag, in a stable order.</summary>
    public static IReadOnlyList<string> English(ReadingFlags flags) => Select(flags, french: false);

    /// <summary>French sentences, one per set flag, in a stable order.</summary>
    public static IReadOnlyList<string> French(ReadingFlags flags) => Select(flags, french: true);

    private static List<string> Select(ReadingFlags flags, bool french)
    {
        var result = new List<string>();
        foreach (var (flag, english, frenchText) in Texts)
        {
            if ((flags & flag) != 0)
            {
                result.Add(french ? frenchText : english);
            }
        }

        return result;
    }
}
