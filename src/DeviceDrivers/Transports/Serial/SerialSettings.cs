using System.IO.Ports;

namespace EdgeGateway.DeviceDrivers.Transports.Serial;

/// <summary>One serial port as a device is attached to it.</summary>
/// <param name="Path">The port's path; prefer the stable <c>/dev/serial/by-id/…</c> name (a USB adapter's <c>ttyUSBn</c> changes on replug).</param>
/// <param name="BaudRate">Bits per second.</param>
/// <param name="Parity">Parity.</param>
/// <param name="DataBits">Data bits (5–8).</param>
/// <param name="StopBits">Stop bits.</param>
/// <param name="Handshake">Flow control.</param>
/// <param name="WriteTimeout">How long a command to the device may take to go out (a vanished port would block for ever).</param>
public sealed record SerialSettings(string Path, int BaudRate = 9600, Parity Parity = Parity.None, int DataBits = 8, StopBits StopBits = StopBits.One,
    Handshake Handshake = Handshake.None, TimeSpan? WriteTimeout = null)
{
    /// <summary>"9600 8N1" and the like, for logs and the page.</summary>
    public override string ToString() =>
        $"{Path} {BaudRate} {DataBits}{Parity.ToString()[0]}{(StopBits switch { StopBits.Two => "2", StopBits.OnePointFive => "1.5", _ => "1" })}";
}
