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
        var page = ReadingsPage.Render(Decode("06" + "79004C005B00" + "E8070B1D091E00" + "4800"), 2, 0, Paris);

        Assert.Contains("121/76 mmHg (moy. 91)", page, StringComparison.Ordinal);
        Assert.Contains("72 bpm", page, StringComparison.Ordinal);
        Assert.Contains("29/11/2024 09:30:00", page, StringComparison.Ordinal);
        Assert.Contains("Pression artérielle", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ReadingWithoutDeviceTime_ShowsTheReceiveTimeInTheClinicsZone()
    {
        // Received 08:31:00 UTC = 09:31:00 in Paris (winter).
        var page = ReadingsPage.Render(Decode("0079004C005B00"), 1, 0, Paris);

        Assert.Contains("29/11/2024 09:31:00", page, StringComparison.Ordinal);
        Assert.DoesNotContain("08:31", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_StatusFlags_ShowInFrenchThenEnglish()
    {
        var page = ReadingsPage.Render(Decode("10" + "79004C005B00" + "0200"), 1, 0, Paris);

        Assert.Contains("Brassard trop lâche", page, StringComparison.Ordinal);
        Assert.Contains("Cuff too loose", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AbsentValue_ShowsADashNotANumber()
    {
        var page = ReadingsPage.Render(Decode("00" + "79004C00" + "FF07"), 1, 0, Paris);

        Assert.Contains("121/76 mmHg (moy. —)", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MarkupInADeviceId_IsEncoded()
    {
        var page = ReadingsPage.Render(Decode("0079004C005B00", deviceId: "<script>alert(1)</script>"), 1, 0, Paris);

        Assert.DoesNotContain("<script>", page, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", page, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_DecodeErrors_AreShownToTheTechnician()
    {
        var page = ReadingsPage.Render([], 0, 3, Paris);

        Assert.Contains("Trames rejetées depuis le démarrage : 3", page, StringComparison.Ordinal);
        Assert.Contains("En attente de la première mesure", page, StringComparison.Ordinal);
    }
}
