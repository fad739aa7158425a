using EdgeGateway.DeviceDrivers.Readings;
using EdgeGateway.Gateway.Consultation;
using EdgeGateway.SyncAgent.Outbox;

namespace EdgeGateway.Gateway.Tests.Consultation;

/// <summary>Whose readings the room's devices take, and how they travel, as a consultation opens, is shared and closes.</summary>
public sealed class ConsultationRoomTests
{
    private static readonly FrameSource Cuff = new("bp-1", "ble-blood-pressure", TimeZoneInfo.Utc);
    private static readonly PatientContext Patient = new("2850775123456", PatientContext.InsSystem, "tlc-7", "urn:oid:1.2.250.1.71.4.2.1");

    [Fact]
    public void NoConsultation_ReadingsAreRoutine_AndBelongToNoOne()
    {
        var (source, delivery) = new ConsultationRoom(TimeProvider.System).Attribute(Cuff);

        Assert.Null(source.Patient);
        Assert.Equal(Delivery.Routine, delivery);
    }

    [Fact]
    public void OpenConsultation_ReadingsBelongToItsPatient_AndGoFirst_LiveOnlyWhenShared()
    {
        var room = new ConsultationRoom(TimeProvider.System);
        room.Open(Patient, sharedLive: false);
        var (source, delivery) = room.Attribute(Cuff);
        Assert.Same(Patient, source.Patient);
        Assert.Equal(Delivery.Consultation, delivery);

        room.Open(Patient, sharedLive: true);
        Assert.Equal(Delivery.Consultation | Delivery.Live, room.Attribute(Cuff).Delivery);

        room.Close();
        Assert.Null(room.Current);
        Assert.Equal(Delivery.Routine, room.Attribute(Cuff).Delivery);
    }

    [Fact]
    public void NoNationalBrokerConfigured_ASharedConsultationKeepsNoLiveCopies()
    {
        var room = new ConsultationRoom(TimeProvider.System, liveShareConfigured: false);

        var consultation = room.Open(Patient, sharedLive: true);

        Assert.False(consultation.SharedLive);
        Assert.Equal(Delivery.Consultation, room.Attribute(Cuff).Delivery);
    }

    [Fact]
    public void ADeviceNamingTheSamePatient_KeepsItsContext_AndGoesLive()
    {
        var room = new ConsultationRoom(TimeProvider.System);
        room.Open(Patient, sharedLive: true);
        var monitorPatient = new PatientContext(Patient.PatientIdentifier, PatientContext.InsSystem, "visit-9", "urn:oid:1.2.3");

        var (source, delivery) = room.Attribute(Cuff with { Patient = monitorPatient });

        Assert.Same(monitorPatient, source.Patient);
        Assert.Equal(Delivery.Consultation | Delivery.Live, delivery);
    }

    [Fact]
    public void ADeviceNamingAnotherPatient_KeepsThatPatient_AndIsNeverSharedWithThisConsultation()
    {
        var room = new ConsultationRoom(TimeProvider.System);
        room.Open(Patient, sharedLive: true);
        var someoneElse = new PatientContext("1770299000111", PatientContext.InsSystem);

        var (source, delivery) = room.Attribute(Cuff with { Patient = someoneElse });

        Assert.Same(someoneElse, source.Patient);
        Assert.Equal(Delivery.Routine, delivery);
    }

    [Theory]
    [InlineData(-4, true)]      // within the clock tolerance before it opened
    [InlineData(30, true)]      // during it
    [InlineData(-6, false)]     // before it opened: someone else's, or no one's
    [InlineData(-600, false)]   // a cuff's memory from this morning
    [InlineData(60, false)]     // after "now": a clock running ahead says nothing
    public void DeviceTime_SaysWhetherAReadingWasTakenDuringTheConsultation(int minutesFromOpening, bool during)
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero));
        var room = new ConsultationRoom(time);
        room.Open(Patient, sharedLive: false);
        time.Advance(TimeSpan.FromMinutes(31));

        Assert.Equal(during, room.TookPlaceDuring(Taken(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero).AddMinutes(minutesFromOpening))));
    }

    [Fact]
    public void BackToBackConsultations_ThePreviousPatientsLastReadingIsNotTheNextOnes()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 29, 9, 30, 0, TimeSpan.Zero));
        var room = new ConsultationRoom(time);
        room.Open(Patient, sharedLive: false);
        time.SetUtcNow(new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero));
        room.Close();
        time.SetUtcNow(new DateTimeOffset(2026, 11, 29, 10, 2, 0, TimeSpan.Zero));
        room.Open(Patient with { PatientIdentifier = "1850775123457" }, sharedLive: true);
        time.SetUtcNow(new DateTimeOffset(2026, 11, 29, 10, 6, 0, TimeSpan.Zero));

        // 09:59, within five minutes of 10:02 but before the previous consultation closed.
        Assert.False(room.TookPlaceDuring(Taken(new DateTimeOffset(2026, 11, 29, 9, 59, 0, TimeSpan.Zero))));
        Assert.True(room.TookPlaceDuring(Taken(new DateTimeOffset(2026, 11, 29, 10, 1, 0, TimeSpan.Zero))));
    }

    private static Reading Taken(DateTimeOffset deviceTime) => new()
    {
        ReadingId = "r-1",
        DeviceId = "bp-1",
        Protocol = "ble-blood-pressure",
        Measurement = new Measurement { Code = Loinc.HeartRate, Display = "Heart rate", Value = new ObservedValue(Loinc.HeartRate, "Heart rate", Quantity.Of(70, Ucum.PerMinute)) },
        ReceivedAt = deviceTime,
        DeviceTime = deviceTime,
        RawFrame = [],
    };
}
