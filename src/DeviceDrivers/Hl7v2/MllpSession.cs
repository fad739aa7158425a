using System.Runtime.CompilerServices;
using EdgeGateway.DeviceDrivers.Transports;
using EdgeGateway.DeviceDrivers.Transports.Links;

namespace EdgeGateway.DeviceDrivers.Hl7v2;

/// <summary>
/// One MLLP connection from a patient monitor: each block's message is handed on, and answered with
/// its ACK only once handled — AA when its readings are durable, AE naming what was left out, AR when
/// it is not a message the gateway takes or could not be stored (the monitor sends it again).
/// </summary>
public sealed class MllpSession : ILinkSession
{
    private readonly MllpFramer _framer = new();

    /// <inheritdoc />
    public async IAsyncEnumerable<ReceivedFrame> RunAsync(IByteLink link, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        await foreach (var block in LinkReading.FramesAsync(link, _framer, cancellationToken).ConfigureAwait(false))
        {
            var message = MllpFramer.Message(block.Bytes);
            var receipt = new FrameReceipt();
            yield return block with { Bytes = message, Receipt = receipt };
            var ack = Hl7Ack.For(message.Span, receipt, link.Time.GetLocalNow(), NewControlId());
            if (!await link.WriteAsync(MllpFramer.Wrap(ack), cancellationToken).ConfigureAwait(false))
            {
                // The monitor is gone; it sends again what it did not see acknowledged (stored once).
                yield break;
            }
        }
    }

    private static string NewControlId() => Guid.NewGuid().ToString("N")[..20];
}
