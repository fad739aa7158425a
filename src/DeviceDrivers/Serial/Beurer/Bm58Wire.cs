namespace EdgeGateway.DeviceDrivers.Serial.Beurer;

/// <summary>
/// Computer-to-device bytes of the Beurer BM58 (USB-serial edition), 4800 8N1, one command byte
/// each (babo/bm58 <c>bm58.py</c>, atbrask/BM65DataDownloader <c>beurer.py</c>, DaveDavenport/BPM <c>bpm.cc</c>).
/// </summary>
public enum Bm58Command : byte
{
    /// <summary>"Attention": a device that is on and in PC mode answers <see cref="Bm58Answer.Ready"/>.</summary>
    Attention = 0xAA,
    /// <summary>Asks for the record count: one byte.</summary>
    RecordCount = 0xA2,
    /// <summary>Followed by a record number (1…count): asks for that record, 9 bytes.</summary>
    Record = 0xA3,
    /// <summary>Asks for the device's description: 32 ASCII bytes.</summary>
    Identify = 0xA4,
}

/// <summary>Device-to-computer bytes with a fixed meaning.</summary>
public enum Bm58Answer : byte
{
    /// <summary>The answer to <see cref="Bm58Command.Attention"/>.</summary>
    Ready = 0x55,
    /// <summary>A record's first byte in every published capture and driver.</summary>
    RecordHeader = 0xAC,
    /// <summary>Sent alone instead of a record: no record under that number (babo/bm58).</summary>
    NoRecord = 0xA9,
}
