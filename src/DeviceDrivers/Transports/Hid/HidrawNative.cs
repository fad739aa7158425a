using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace EdgeGateway.DeviceDrivers.Transports.Hid;

/// <summary>
/// The few libc calls a hidraw node needs and .NET has no API for: <c>poll</c> (a read that can be given
/// up, so closing does not wait for a device that never speaks), <c>ioctl(HIDIOCSFEATURE)</c> (feature
/// reports). Values are Linux's, the same on arm64 and x86-64 (asm-generic <c>fcntl.h</c>, <c>poll.h</c>, <c>ioctl.h</c>).
/// </summary>
internal static partial class HidrawNative
{
    public const int ReadWrite = 0x2, NoControllingTerminal = 0x100, NonBlocking = 0x800, CloseOnExec = 0x80000;
    public const short PollIn = 0x1, PollOut = 0x4, PollError = 0x8, PollHangUp = 0x10, PollInvalid = 0x20;
    public const int Interrupted = 4, TryAgain = 11;

    /// <summary>
    /// <c>HIDIOCSFEATURE(len)</c> = <c>_IOC(_IOC_WRITE|_IOC_READ, 'H', 0x06, len)</c> (linux/hidraw.h):
    /// direction 3 in bits 31–30, the length in bits 29–16, 'H' and 6 below.
    /// </summary>
    public static nuint SetFeature(int length) => (nuint)((3u << 30) | ((uint)length << 16) | ('H' << 8) | 0x06);

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Returned;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(SafeHandle fd, ref byte buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(SafeHandle fd, ref byte buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(ref PollFd fds, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(SafeHandle fd, nuint request, ref byte argument);

    /// <summary>The node's file descriptor, closed once.</summary>
    public sealed class Handle : SafeHandleMinusOneIsInvalid
    {
        public Handle(int fd)
            : base(ownsHandle: true) => SetHandle(fd);

        public int Fd => (int)handle;

        protected override bool ReleaseHandle() => HidrawNative.Close((int)handle) == 0;
    }
}
