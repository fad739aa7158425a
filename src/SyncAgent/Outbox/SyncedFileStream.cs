namespace EdgeGateway.SyncAgent.Outbox;

/// <summary>
/// The file under LiteDB's pages. LiteDB 5.0.21 never fsyncs (its tracker, #2818); this stream
/// turns every <see cref="Flush"/> into a flush to the device and lets the Outbox call
/// <see cref="SyncToDisk"/> after each commit. Before the log file is truncated (after a
/// checkpoint) the data file is synced first, so a power cut between the two loses nothing.
/// </summary>
/// <param name="file">The file; disposed with this stream.</param>
/// <param name="syncBeforeTruncate">A file to sync before this one is truncated (the data file, for the log).</param>
/// <param name="beforeSync">Called with the file name before each fsync (a test seam: it may throw to play a failing disk).</param>
internal sealed class SyncedFileStream(FileStream file, SyncedFileStream? syncBeforeTruncate, Action<string>? beforeSync = null) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => true;
    public override bool CanWrite => true;
    public override long Length => file.Length;

    public override long Position
    {
        get => file.Position;
        set => file.Position = value;
    }

    /// <summary>Writes buffered bytes and asks the kernel to put them on the device (fsync).</summary>
    public void SyncToDisk()
    {
        beforeSync?.Invoke(Path.GetFileName(file.Name));
        file.Flush(flushToDisk: true);
    }

    public override void Flush() => SyncToDisk();

    public override int Read(byte[] buffer, int offset, int count) => file.Read(buffer, offset, count);

    public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);

    public override void SetLength(long value)
    {
        if (value < file.Length)
        {
            syncBeforeTruncate?.SyncToDisk();
        }

        file.SetLength(value);
    }

    public override void Write(byte[] buffer, int offset, int count) => file.Write(buffer, offset, count);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }
}
