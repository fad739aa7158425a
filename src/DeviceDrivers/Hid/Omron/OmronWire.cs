using System.Text;

namespace EdgeGateway.DeviceDrivers.Hid.Omron;

/// <summary>
/// The Omron HEM-790IT family's reports and commands (openyou/libomron <c>doc/omron_protocol_notes.asciidoc</c>,
/// <c>src/omron.c</c>; checked against the USBlyzer capture <c>doc/logs/hem790it/1_1_07_OneReading.html</c>):
/// <code>
/// report (8 bytes, both ways)  count (valid bytes that follow, 0–7) | data… | stale bytes
/// command                      3 ASCII letters | arguments | XOR of the arguments
/// answer                       "OK" [ payload | XOR of the payload ] — or "NO"
/// </code>
/// A command or an answer longer than 7 bytes spans reports; a report with fewer than 7 bytes ends it.
/// </summary>
public static class OmronWire
{
    /// <summary>An input or output report's length (no report number: the device does not number them).</summary>
    public const int ReportLength = 8;

    /// <summary>The data bytes a report carries at most.</summary>
    public const int ReportData = ReportLength - 1;

    /// <summary>The "clear" block the vendor software sends after choosing a mode: 30 zero bytes (7, 7, 7, 7, 2), answered "OK".</summary>
    public const int ClearLength = 30;

    /// <summary>A record's answer: "OK", then 0, 13 bytes and the checksum.</summary>
    public const int RecordAnswerLength = 17;

    /// <summary>The record count's answer: "OK", then 5 bytes (the count at offset 6) and the checksum.</summary>
    public const int CountAnswerLength = 8;

    /// <summary>The version's answer: "OK", 0, 11 ASCII characters, the checksum.</summary>
    public const int VersionAnswerLength = 15;

    /// <summary>
    /// The feature report (report number 0, then 2 bytes) choosing "device information" mode, which the vendor
    /// software sent once before VER, PRF, GMA, GDC, GME and END in the capture (libomron sends others per command).
    /// </summary>
    public static ReadOnlyMemory<byte> DeviceInfoMode { get; } = new byte[] { 0x00, 0x01, 0x01 };

    /// <summary><c>VER00</c>: the version (argument "0", checksum "0").</summary>
    public static byte[] Version { get; } = Command("VER", (byte)'0');

    /// <summary><c>END FF FF</c>: the transfer is over; the device answers "OK", then "OFF\r\n", and switches off.</summary>
    public static byte[] End { get; } = Command("END", 0xFF);

    /// <summary><c>GDC 00 bank 00 00 bank</c>: how many records <paramref name="bank"/> holds.</summary>
    public static byte[] DataCount(byte bank) => Command("GDC", 0x00, bank, 0x00, 0x00);

    /// <summary><c>GME 00 bank 00 index (bank^index)</c>: record <paramref name="index"/> (0 = the newest) of <paramref name="bank"/>.</summary>
    public static byte[] Measurement(byte bank, byte index) => Command("GME", 0x00, bank, 0x00, index);

    /// <summary>Three letters, the arguments and their XOR.</summary>
    public static byte[] Command(string mnemonic, params ReadOnlySpan<byte> arguments)
    {
        ArgumentNullException.ThrowIfNull(mnemonic);
        return [.. Encoding.ASCII.GetBytes(mnemonic), .. arguments, Xor(arguments)];
    }

    /// <summary>The XOR of <paramref name="bytes"/>: a command's or an answer's checksum (so the XOR of all, checksum included, is 0).</summary>
    public static byte Xor(ReadOnlySpan<byte> bytes)
    {
        byte sum = 0;
        foreach (var b in bytes)
        {
            sum ^= b;
        }

        return sum;
    }

    /// <summary>
    /// <paramref name="message"/> cut into reports: each its count, up to 7 bytes, then <paramref name="stale"/>
    /// bytes (zeros from the computer; the device leaves what its previous report held).
    /// </summary>
    public static List<byte[]> Reports(ReadOnlySpan<byte> message, byte[]? stale = null)
    {
        var reports = new List<byte[]>();
        var last = stale ?? new byte[ReportLength];
        for (var at = 0; at < message.Length || reports.Count == 0; at += ReportData)
        {
            var count = Math.Min(ReportData, message.Length - at);
            var report = stale is null ? new byte[ReportLength] : (byte[])last.Clone();
            report[0] = (byte)count;
            message.Slice(at, count).CopyTo(report.AsSpan(1));
            reports.Add(report);
            last = report;
        }

        return reports;
    }

    /// <summary>"OK" with a good checksum, "NO", or neither.</summary>
    public static OmronAnswer Check(ReadOnlySpan<byte> answer) => answer switch
    {
        [(byte)'N', (byte)'O'] => OmronAnswer.No,
        [(byte)'O', (byte)'K', ..] when Xor(answer[2..]) == 0 => OmronAnswer.Ok,
        [(byte)'O', (byte)'K', ..] => OmronAnswer.BadChecksum,
        _ => OmronAnswer.Garbled,
    };
}

/// <summary>What an answer is.</summary>
public enum OmronAnswer : byte
{
    /// <summary>"OK", its checksum right.</summary>
    Ok,
    /// <summary>"NO": the device refused (libomron: ask again).</summary>
    No,
    /// <summary>"OK" with a wrong checksum.</summary>
    BadChecksum,
    /// <summary>Neither "OK" nor "NO".</summary>
    Garbled,
}
