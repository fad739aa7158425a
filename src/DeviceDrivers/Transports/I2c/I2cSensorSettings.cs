using System.Device.I2c;

namespace EdgeGateway.DeviceDrivers.Transports.I2c;

/// <summary>One sensor on an I2C bus and how often it is read.</summary>
/// <param name="BusId">The Linux bus number, <c>/dev/i2c-{BusId}</c> (a Raspberry Pi's header pins 3 and 5 are bus 1).</param>
/// <param name="Address">The sensor's 7-bit address (0x01–0x7F), e.g. 0x5A for an MLX90614.</param>
/// <param name="Period">How often it is read (<see cref="MinPeriod"/> to <see cref="MaxPeriod"/>).</param>
public sealed record I2cSensorSettings(int BusId, int Address, TimeSpan Period)
{
    /// <summary>The shortest period: an SMBus sensor at 100 kHz needs about a millisecond per word, and most refresh far slower.</summary>
    public static readonly TimeSpan MinPeriod = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest period.</summary>
    public static readonly TimeSpan MaxPeriod = TimeSpan.FromMinutes(1);

    /// <summary>The settings <see cref="I2cDevice.Create"/> takes.</summary>
    public I2cConnectionSettings ConnectionSettings => new(BusId, Address);

    /// <summary>What is wrong with these settings, one sentence each naming the setting; empty when they hold.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (BusId is < 0 or > 255)
        {
            problems.Add($"BusId must be a bus number from 0 to 255 (/dev/i2c-N), got {BusId}.");
        }

        // 0x00 is the general call: every MLX90614 on the bus would answer it at once.
        if (Address is < 0x01 or > 0x7F)
        {
            problems.Add($"Address must be a 7-bit I2C address from 0x01 to 0x7F, got 0x{Address:X2}.");
        }

        if (Period < MinPeriod || Period > MaxPeriod)
        {
            problems.Add($"Period must be between {MinPeriod} and {MaxPeriod}, got {Period}.");
        }

        return problems;
    }

    /// <summary><c>/dev/i2c-1 0x5A</c>, for logs and the health page.</summary>
    public override string ToString() => $"/dev/i2c-{BusId} 0x{Address:X2}";
}
