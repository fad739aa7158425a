using EdgeGateway.DeviceDrivers.Transports.I2c;
using static EdgeGateway.Tests.Shared.Frames;

namespace EdgeGateway.DeviceDrivers.Tests.Transports.I2c;

public sealed class SmbusPecTests
{
    [Theory]
    // Melexis MLX90614 datasheet, SMBus examples (later revisions): read RAM 0x07 at 0x5A → D2 3A, PEC 0x30;
    // write 0xC807 to EEPROM 0x02 (command 0x22) at 0x5A → PEC 0x48.
    [InlineData("B4 07 B5 D2 3A", 0x30)]
    [InlineData("B4 22 07 C8", 0x48)]
    // Melexis application note "SMBus communication with MLX90614" (390119061402 rev 004, Jan 2008), p. 19:
    // at address 0x00, erasing EEPROM 0x0E (command 0x2E, data 00 00) → PEC 0x6F; writing 0x5A there → PEC 0xE1.
    [InlineData("00 2E 00 00", 0x6F)]
    [InlineData("00 2E 5A 00", 0xE1)]
    [InlineData("", 0x00)]
    public void Compute_PublishedExamples(string hex, byte pec)
    {
        Assert.Equal(pec, SmbusPec.Compute(Hex(hex)));
    }

    [Fact]
    public void Compute_OverAMessageAndItsPec_IsZero()
    {
        // A CRC without final XOR: the remainder of message + CRC is 0 (how a receiver may check it).
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var message = new byte[random.Next(1, 8)];
            random.NextBytes(message);

            Assert.Equal(0, SmbusPec.Compute([.. message, SmbusPec.Compute(message)]));
        }
    }
}
