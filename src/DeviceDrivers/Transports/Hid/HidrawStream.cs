using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EdgeGateway.DeviceDrivers.Transports.Hid;

/// <summary>
/// A hidraw node as a stream: a read returns one input report (hidraw keeps report boundaries), a write
/// sends one output report (report number first). Reads and writes wait in <c>poll</c> a slice at a time,
/// so a cancelled read ends at once instead of waiting for a device that never speaks. The node is opened
/// non-blocking; the caller owns the stream and disposes it.
/// </summary>
internal sealed class HidrawStream : Stream
{
    private static readonly TimeSpan Slice = TimeSpan.FromMilliseconds(100);
    private readonly HidrawNative.Handle _handle;
    private readonly TimeSpan _writeTimeout;

    private HidrawStream(HidrawNative.Handle handle, TimeSpan writeTimeout)
    {
        _handle = handle;
        _writeTimeout = writeTimeout;
    }

    /// <summary>Opens <paramref name="path"/>; throws <see cref="IOException"/> (absent, not allowed) with the system's reason.</summary>
    public static HidrawStream Open(string path, TimeSpan writeTimeout)
    {
        var fd = HidrawNative.Open(path, HidrawNative.ReadWrite | HidrawNative.NoControllingTerminal | HidrawNative.NonBlocking | HidrawNative.CloseOnExec);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"cannot open {path}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }

        return new HidrawStream(new HidrawNative.Handle(fd), writeTimeout);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Sends a feature report (report number first); false when the node takes none (ENOTTY: not hidraw) or the device refused it.</summary>
    public bool SetFeature(ReadOnlySpan<byte> report)
    {
        var copy = report.ToArray();
        return copy.Length > 0 && HidrawNative.Ioctl(_handle, HidrawNative.SetFeature(copy.Length), ref copy[0]) >= 0;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => ReadWithin(buffer, CancellationToken.None);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        new(Task.Run(() => ReadWithin(buffer.Span, cancellationToken), cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer) => WriteWithin(buffer.ToArray(), CancellationToken.None);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var copy = buffer.ToArray();
        return new(Task.Run(() => WriteWithin(copy, cancellationToken), cancellationToken));
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
        // Each write is a whole report, sent when written.
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _handle.Dispose();
        }

        base.Dispose(disposing);
    }

    private int ReadWithin(Span<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!WaitFor(HidrawNative.PollIn))
            {
                continue;
            }

            var read = HidrawNative.Read(_handle, ref MemoryMarshal.GetReference(buffer), (nuint)buffer.Length);
            if (read >= 0)
            {
                return (int)read;
            }

            ThrowUnlessRetry("read");
        }
    }

    private void WriteWithin(byte[] report, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var sent = 0;
        while (sent < report.Length)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Stopwatch.GetElapsedTime(started) > _writeTimeout)
            {
                throw new TimeoutException($"the device took no report for {_writeTimeout.TotalSeconds:0.#} s");
            }

            if (!WaitFor(HidrawNative.PollOut))
            {
                continue;
            }

            var written = HidrawNative.Write(_handle, ref report[sent], (nuint)(report.Length - sent));
            if (written >= 0)
            {
                sent += (int)written;
                continue;
            }

            ThrowUnlessRetry("write");
        }
    }

    /// <summary>Waits one slice for <paramref name="events"/>; throws when the node is gone (unplugged: POLLHUP, POLLERR).</summary>
    private bool WaitFor(short events)
    {
        var added = false;
        try
        {
            _handle.DangerousAddRef(ref added);
            var poll = new HidrawNative.PollFd { Fd = _handle.Fd, Events = events };
            var ready = HidrawNative.Poll(ref poll, 1, (int)Slice.TotalMilliseconds);
            if (ready < 0)
            {
                ThrowUnlessRetry("poll");
                return false;
            }

            if ((poll.Returned & events) != 0)
            {
                return true;
            }

            if ((poll.Returned & (HidrawNative.PollError | HidrawNative.PollHangUp | HidrawNative.PollInvalid)) != 0)
            {
                throw new IOException("the device went away");
            }

            return false;
        }
        finally
        {
            if (added)
            {
                _handle.DangerousRelease();
            }
        }
    }

    private static void ThrowUnlessRetry(string call)
    {
        var errno = Marshal.GetLastPInvokeError();
        if (errno is not (HidrawNative.Interrupted or HidrawNative.TryAgain))
        {
            throw new IOException($"{call}: {Marshal.GetPInvokeErrorMessage(errno)}", errno);
        }
    }
}
