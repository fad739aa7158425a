using EdgeGateway.DeviceDrivers.Readings;

namespace EdgeGateway.DeviceDrivers.Ble.Common;

/// <summary>A device's status bit field read through a table: which bit says what, and whether reserved bits were set.</summary>
internal static class StatusBits
{
    /// <summary>
    /// The flags of the set bits of <paramref name="bits"/> found in <paramref name="table"/>, plus
    /// <see cref="ReadingFlags.ReservedStatusValue"/> when a bit in <paramref name="reserved"/> is set.
    /// </summary>
    public static ReadingFlags Map(uint bits, (int Bit, ReadingFlags Flag)[] table, uint reserved)
    {
        var flags = (bits & reserved) != 0 ? ReadingFlags.ReservedStatusValue : ReadingFlags.None;
        foreach (var (bit, flag) in table)
        {
            if ((bits & (1u << bit)) != 0)
            {
                flags |= flag;
            }
        }

        return flags;
    }
}
