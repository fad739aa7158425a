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
        (ReadingFlags.MeasurementFromStorage, "Measurement from the device's memory", "Mesure issue de la mémoire de l'appareil"),
        (ReadingFlags.MeasurementOngoing, "Measurement in progress: preliminary value", "Mesure en cours : valeur provisoire"),
        (ReadingFlags.EarlyEstimate, "Early estimate: the value may still change", "Estimation précoce : la valeur peut encore changer"),
        (ReadingFlags.DemonstrationData, "Device in demonstration mode: not a patient measurement", "Appareil en mode démonstration : pas une mesure du patient"),
        (ReadingFlags.TestingData, "Device in testing mode: not a patient measurement", "Appareil en mode test : pas une mesure du patient"),
        (ReadingFlags.CalibrationOngoing, "Device calibration in progress", "Étalonnage de l'appareil en cours"),
        (ReadingFlags.MeasurementUnavailable, "Measurement unavailable", "Mesure indisponible"),
        (ReadingFlags.QuestionableMeasurement, "Questionable measurement", "Mesure douteuse"),
        (ReadingFlags.InvalidMeasurement, "Invalid measurement", "Mesure invalide"),
        (ReadingFlags.EquipmentMalfunction, "Equipment malfunction", "Défaillance de l'appareil"),
        (ReadingFlags.SignalProcessingIrregularity, "Signal processing irregularity", "Irrégularité du traitement du signal"),
        (ReadingFlags.InadequateSignal, "Inadequate signal", "Signal inadéquat"),
        (ReadingFlags.PoorSignal, "Poor signal", "Signal faible"),
        (ReadingFlags.LowPerfusion, "Low perfusion", "Perfusion faible"),
        (ReadingFlags.ErraticSignal, "Erratic signal", "Signal erratique"),
        (ReadingFlags.NonPulsatileSignal, "Non-pulsatile signal", "Signal non pulsatile"),
        (ReadingFlags.QuestionablePulse, "Questionable pulse", "Pouls douteux"),
        (ReadingFlags.SignalAnalysisOngoing, "Signal analysis in progress", "Analyse du signal en cours"),
        (ReadingFlags.SensorInterference, "Sensor interference", "Interférence sur le capteur"),
        (ReadingFlags.SensorUnconnected, "Sensor not on the patient", "Capteur non posé sur le patient"),
        (ReadingFlags.UnknownSensor, "Unknown sensor connected", "Capteur inconnu connecté"),
        (ReadingFlags.SensorDisplaced, "Sensor displaced", "Capteur déplacé"),
        (ReadingFlags.SensorMalfunction, "Sensor malfunction", "Dysfonctionnement du capteur"),
        (ReadingFlags.SensorDisconnected, "Sensor disconnected", "Capteur déconnecté"),
        (ReadingFlags.DeviceBatteryLow, "Device battery low", "Pile de l'appareil faible"),
        (ReadingFlags.SampleSizeInsufficient, "Sample size insufficient", "Échantillon insuffisant"),
        (ReadingFlags.StripInsertionError, "Strip insertion error", "Erreur d'insertion de la bandelette"),
        (ReadingFlags.StripTypeIncorrect, "Strip type incorrect for the device", "Type de bandelette incorrect pour l'appareil"),
        (ReadingFlags.ResultAboveDeviceRange, "Result above what the device can measure", "Résultat au-dessus de ce que l'appareil peut mesurer"),
        (ReadingFlags.ResultBelowDeviceRange, "Result below what the device can measure", "Résultat en dessous de ce que l'appareil peut mesurer"),
        (ReadingFlags.SensorTemperatureTooHigh, "Sensor temperature too high for a valid result", "Température du capteur trop élevée pour un résultat valide"),
        (ReadingFlags.SensorTemperatureTooLow, "Sensor temperature too low for a valid result", "Température du capteur trop basse pour un résultat valide"),
        (ReadingFlags.SensorReadInterrupted, "Sensor read interrupted (strip pulled too soon)", "Lecture interrompue (bandelette retirée trop tôt)"),
        (ReadingFlags.DeviceTimeFault, "Device clock fault: the time may be wrong", "Défaut d'horloge de l'appareil : l'heure peut être fausse"),
        (ReadingFlags.ControlSolution, "Control solution (quality control), not a patient sample", "Solution de contrôle (contrôle qualité), pas un échantillon du patient"),
        (ReadingFlags.SensorContactLost, "Poor sensor contact with the skin", "Mauvais contact du capteur avec la peau"),
        (ReadingFlags.OutOfTrack, "Pulse signal lost (out of track)", "Signal de pouls perdu (hors suivi)"),
        (ReadingFlags.Artifact, "Artifact in the signal (movement, light)", "Artefact dans le signal (mouvement, lumière)"),
        (ReadingFlags.MarginalPerfusion, "Marginal perfusion", "Perfusion limite"),
        (ReadingFlags.PatientNotIdentified, "One of several patients the device sent without naming them: not attributed", "Un des patients envoyés par l'appareil sans les nommer : non attribué"),
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
