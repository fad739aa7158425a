using EdgeGateway.DeviceDrivers.Ble.BloodPressure;
using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.Gateway.Panel;

namespace EdgeGateway.Gateway.Tests.Panel;

public class ReadingsPageTests
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    private static IReadOnlyList<Reading> Decode(string hex, string deviceId = "bp-1")
    {
        var frame = Convert.FromHexString(hex);
        return ReadingFactory.Create(new BloodPressureDecoder().Decode(frame), frame,
            new DateTimeOffset(2024, 11, 29, 8, 31, 0, TimeSpan.Zero), new FrameSource(deviceId, "ble-blood-pressure", Paris));
    }

    [Fact]
    public void Render_BloodPressure_ReadsAsOnTheCuffInTheClinicsTime()
    {
        // 121/76 mmHg, mean 91, at 09:30:00 Paris time (the device clock), pulse 72.
        var page = ReadingsPage.Render(Decode("06" + "79004C005B00" + "E8070B1D091E00" + "4800"), PanelStatus.Empty with { Waiting = 2, DecodeErrors = 0 }, Paris);

        Assert.Contains("121/76 mmHg (moy. 91)", page, StringComparison.Ordinal);
        Assert.Contains("72 bpm", page, StringComparison.Ordinal);
        Assert.Contains("29/11/2024 09:30:00", page, StringComparison.Ordinal);
        Assert.Contains("Pression artérielle", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ReadingWithoutDeviceTime_ShowsTheReceiveTimeInTheClinicsZone()
    {
        // Received 08:31:00 UTC = 09:31:00 in Paris (winter).
        var page = ReadingsPage.Render(Decode("0079004C005B00"), PanelStatus.Empty with { Waiting = 1, DecodeErrors = 0 }, Paris);

        Assert.Contains("29/11/2024 09:31:00", page, StringComparison.Ordinal);
        Assert.DoesNotContain("08:31", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_StatusFlags_ShowInFrenchThenEnglish()
    {
        var page = ReadingsPage.Render(Decode("10" + "79004C005B00" + "0200"), PanelStatus.Empty with { Waiting = 1, DecodeErrors = 0 }, Paris);

        Assert.Contains("Brassard trop lâche", page, StringComparison.Ordinal);
        Assert.Contains("Cuff too loose", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AbsentValue_ShowsADashNotANumber()
    {
        var page = ReadingsPage.Render(Decode("00" + "79004C00" + "FF07"), PanelStatus.Empty with { Waiting = 1, DecodeErrors = 0 }, Paris);

        Assert.Contains("121/76 mmHg (moy. —)", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MarkupInADeviceId_IsEncoded()
    {
        var page = ReadingsPage.Render(Decode("0079004C005B00", deviceId: "<script>alert(1)</script>"), PanelStatus.Empty with { Waiting = 1, DecodeErrors = 0 }, Paris);

        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_StorageFaultAndUnreadableDatabase_AreAlertsNobodyCanMiss()
    {
        var page = ReadingsPage.Render([], PanelStatus.Empty with
        {
            StorageFault = "the Outbox's storage failed (Input/output error)",
            MovedAsideTo = "/var/lib/edgegateway/outbox.db.unreadable-20261129T030000Z",
            StoreFailures = 2,
            DeadLetters = 1,
            Quarantined = 1,
            QuotaExceeded = true,
        }, Paris);

        Assert.Contains("Stockage en panne", page, StringComparison.Ordinal);
        Assert.Contains("Input/output error", page, StringComparison.Ordinal);
        Assert.Contains("outbox.db.unreadable-20261129T030000Z", page, StringComparison.Ordinal);
        Assert.Contains("Mesures non enregistrées depuis le démarrage : 2", page, StringComparison.Ordinal);
        Assert.Contains("Mesures refusées par la plateforme, à revoir : 1", page, StringComparison.Ordinal);
        Assert.Contains("Enregistrements corrompus mis en quarantaine : 1", page, StringComparison.Ordinal);
        Assert.Contains("Quota de stockage dépassé par des mesures cliniques", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DecodeErrors_AreShownToTheTechnician()
    {
        var page = ReadingsPage.Render([], PanelStatus.Empty with { Waiting = 0, DecodeErrors = 3 }, Paris);

        Assert.Contains("Trames rejetées depuis le démarrage : 3", page, StringComparison.Ordinal);
        Assert.Contains("En attente de la première mesure", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SharedConsultationHeldBacklogAndLostBroker_AreToldToTheNurse()
    {
        var patient = new PatientContext("2850775123456", PatientContext.InsSystem);
        var page = ReadingsPage.Render([], PanelStatus.Empty with
        {
            Waiting = 40,
            Upstream = new UpstreamStatus(12, null, null, HeldForVideo: true),
            Live = new LiveStatus(false, 3, 2, "the broker refused the connection: NotAuthorized"),
            Consultation = new EdgeGateway.Gateway.Consultation.OpenConsultation(patient, true, new DateTimeOffset(2026, 11, 29, 9, 5, 0, TimeSpan.Zero)),
        }, Paris);

        Assert.Contains("Consultation en cours depuis 10:05, partagée en direct avec le spécialiste", page, StringComparison.Ordinal);
        Assert.Contains("Consultation vidéo en cours : seules les mesures de la consultation partent maintenant", page, StringComparison.Ordinal);
        Assert.Contains("Partage en direct : serveur national injoignable (2 mesure(s) en attente de partage)", page, StringComparison.Ordinal);
        Assert.Contains("NotAuthorized", page, StringComparison.Ordinal);
        // The page never shows the patient's national identifier.
        Assert.DoesNotContain(patient.PatientIdentifier, page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ConnectedBroker_SaysHowManyWereShared()
    {
        var page = ReadingsPage.Render([], PanelStatus.Empty with { Live = new LiveStatus(true, 7, 0, null) }, Paris);

        Assert.Contains("Partage en direct : connecté au serveur national (7 mesure(s) partagée(s) depuis le démarrage, 0 en attente)", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Consultation en cours", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DeadLetters_AreListedForTheTechnician_WithoutThePatientsIdentifier()
    {
        var patient = new PatientContext("2850775123456", PatientContext.InsSystem);
        var reading = Decode("06" + "79004C005B00" + "E8070B1D091E00" + "4800")[0] with { Patient = patient };
        var letter = new SyncAgent.Outbox.DeadLetter(42, reading, "HTTP 422: Patient 2850775123456 is not known to this platform",
            new DateTimeOffset(2026, 11, 29, 9, 15, 0, TimeSpan.Zero));

        var page = ReadingsPage.Render([], PanelStatus.Empty with { DeadLetters = 1, DeadLetterList = [letter] }, Paris);

        Assert.Contains("Mesures refusées par la plateforme, à revoir : 1", page, StringComparison.Ordinal);
        Assert.Contains("29/11/2026 10:15", page, StringComparison.Ordinal);
        Assert.Contains("HTTP 422: Patient ••• is not known to this platform", page, StringComparison.Ordinal);
        Assert.Contains("121/76 mmHg", page, StringComparison.Ordinal);
        Assert.DoesNotContain(patient.PatientIdentifier, page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EveryBluetoothProfile_ReadsInFrenchWithTheDevicesUnitAndSite()
    {
        var readings = new[]
        {
            ("ble-temperature", "04 B20E00FE 09"),                        // 37.62 °C, tympanum
            ("ble-plx-spot", "08 6100 4800 2A00"),                        // 97 %, 72 /min, PAI 42
            ("ble-weight", "08 1C3E 0401 D606"),                          // 79.500 kg, BMI 26.0, 175.0 cm
            ("ble-glucose", "12 0700 EA070B1D080F00 7AB0 11 02 0700 01"), // 122 mg/dL at the finger, before a meal
        }.SelectMany(p => DecodeWith(p.Item1, p.Item2)).ToList();

        var page = ReadingsPage.Render(readings, PanelStatus.Empty, Paris);

        Assert.Contains("Température corporelle (tympan)", page, StringComparison.Ordinal);
        Assert.Contains("37,62 °C", page, StringComparison.Ordinal);
        Assert.Contains("Saturation en oxygène (SpO2)", page, StringComparison.Ordinal);
        Assert.Contains("97 %", page, StringComparison.Ordinal);
        Assert.Contains("79,500 kg", page, StringComparison.Ordinal);
        Assert.Contains("26,0 kg/m²", page, StringComparison.Ordinal);
        Assert.Contains("Glycémie capillaire (doigt)", page, StringComparison.Ordinal);
        Assert.Contains("122 mg/dL", page, StringComparison.Ordinal);
        Assert.Contains("Meal: before a meal", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ConfiguredDevices_SayWhetherEachIsConnected()
    {
        var status = PanelStatus.Empty with
        {
            Devices = [("bp-1", DeviceDrivers.Transports.TransportState.Connected), ("glu-1", DeviceDrivers.Transports.TransportState.Connecting)],
        };

        var page = ReadingsPage.Render([], status, Paris);

        Assert.Contains("<b>bp-1</b> connecté", page, StringComparison.Ordinal);
        Assert.Contains("<b>glu-1</b> en attente de l&#x27;appareil", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AnAnalysersResultWithoutAFrenchName_ShowsItsDisplay_AndTheBoxTemperature()
    {
        var settings = new DeviceDrivers.Protocols.ProtocolSettings([new("CREA", "2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "mg/dL", "mg/dL")], []);
        var readings = EdgeGateway.Tests.Shared.Frames.Readings(System.Text.Encoding.Latin1.GetBytes("H|\\^&\rR|1|^^^CREA|0.9|mg/dL||||F\rL|1|N\r"),
            DateTimeOffset.UtcNow, new FrameSource("poc-1", "astm", Paris), settings);

        var page = ReadingsPage.Render(readings, PanelStatus.Empty with { CpuCelsius = 83.5m }, Paris);

        Assert.Contains("Creatinine [Mass/volume] in Serum or Plasma", page, StringComparison.Ordinal);
        Assert.Contains("Boîtier trop chaud : 83,5 °C", page, StringComparison.Ordinal);
        Assert.Contains("Box too hot: 83.5 °C", page, StringComparison.Ordinal);
        Assert.Contains("Température du boîtier : 51,0 °C", ReadingsPage.Render([], PanelStatus.Empty with { CpuCelsius = 51m }, Paris), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ARespiratoryRate_IsPerMinute_NotBeats()
    {
        var readings = EdgeGateway.Tests.Shared.Frames.Readings(System.Text.Encoding.Latin1.GetBytes(
            "MSH|^~\\&|M|S|||20261129101500+0100||ORU^R01|R1|P|2.6\rOBX|1|NM|151562^MDC_RESP_RATE^MDC|1.14.1.151562|16|264928^MDC_DIM_RESP_PER_MIN^MDC|||||F\r"),
            DateTimeOffset.UtcNow, new FrameSource("monitor-1", "hl7v2", Paris), DeviceDrivers.Protocols.ProtocolSettings.None);

        var page = ReadingsPage.Render(readings, PanelStatus.Empty, Paris);

        Assert.Contains("Fréquence respiratoire", page, StringComparison.Ordinal);
        Assert.Contains("16 /min", page, StringComparison.Ordinal);
        Assert.DoesNotContain("16 bpm", page, StringComparison.Ordinal);
    }

    private static IReadOnlyList<Reading> DecodeWith(string protocol, string hex) =>
        EdgeGateway.Tests.Shared.Frames.Readings(hex, DateTimeOffset.UtcNow, new FrameSource("dev-1", protocol, Paris));
}
