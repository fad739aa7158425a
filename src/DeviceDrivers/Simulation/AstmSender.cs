using System.Text;
using EdgeGateway.DeviceDrivers.Astm;

namespace EdgeGateway.DeviceDrivers.Simulation;

/// <summary>
/// The sending side of ASTM E1381 (CLSI LIS01-A2), as an analyser runs it: ENQ, then each frame until
/// it is acknowledged (sent again on NAK, at most six times), then EOT. For <c>edgegateway simulate</c>
/// and the tests: the gateway's receiver is checked against a real conversation.
/// </summary>
/// <param name="stream">The line to the receiver (a serial port's or a socket's stream).</param>
/// <param name="replyTimeout">How long to wait for ACK/NAK (E1381: 15 s).</param>
public sealed class AstmSender(Stream stream, TimeSpan replyTimeout)
{
    private const int MaxAttempts = 6;

    /// <summary>Frames sent again after a NAK.</summary>
    public int Retransmissions { get; private set; }

    /// <summary>
    /// Sends one message's records. <paramref name="damage"/> may spoil a frame on a given attempt (tests
    /// use it to play a noisy line): it gets the frame's index, the attempt (0 first) and the frame.
    /// Returns false when the receiver refused (no ACK to ENQ, a frame NAKed six times, silence).
    /// </summary>
    public async Task<bool> SendAsync(IReadOnlyList<string> records, Func<int, int, byte[], byte[]>? damage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        await WriteAsync([AstmFrames.Enq], cancellationToken).ConfigureAwait(false);
        if (await ReplyAsync(cancellationToken).ConfigureAwait(false) != AstmFrames.Ack)
        {
            await WriteAsync([AstmFrames.Eot], cancellationToken).ConfigureAwait(false);
            return false;
        }

        var frames = AstmFrames.Frames(records);
        for (var i = 0; i < frames.Count; i++)
        {
            var accepted = false;
            for (var attempt = 0; attempt < MaxAttempts && !accepted; attempt++)
            {
                if (attempt > 0)
                {
                    Retransmissions++;
                }

                await WriteAsync(damage?.Invoke(i, attempt, frames[i]) ?? frames[i], cancellationToken).ConfigureAwait(false);
                accepted = await ReplyAsync(cancellationToken).ConfigureAwait(false) == AstmFrames.Ack;
            }

            if (!accepted)
            {
                await WriteAsync([AstmFrames.Eot], cancellationToken).ConfigureAwait(false);
                return false;
            }
        }

        await WriteAsync([AstmFrames.Eot], cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Sends a message of text records (one per line).</summary>
    public Task<bool> SendAsync(string records, CancellationToken cancellationToken) =>
        SendAsync(records.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries), null, cancellationToken);

    private async Task WriteAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The next ACK, NAK or EOT from the receiver (other bytes are skipped); 0 on silence.</summary>
    private async Task<byte> ReplyAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(replyTimeout);
        var one = new byte[1];
        try
        {
            while (true)
            {
                if (await stream.ReadAsync(one, deadline.Token).ConfigureAwait(false) == 0)
                {
                    return 0;
                }

                if (one[0] is AstmFrames.Ack or AstmFrames.Nak or AstmFrames.Eot)
                {
                    return one[0];
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return 0;
        }
    }

    /// <summary>A point-of-care glucose result as an analyser sends it, for the simulator.</summary>
    public static string[] GlucoseMessage(decimal milligramsPerDecilitre, DateTime completed, string sample = "S1") =>
    [
        "H|\\^&|||EdgeGateway simulated analyser|||||||P|LIS2-A2|" + completed.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture),
        "P|1",
        $"O|1|{sample}||^^^GLU",
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"R|1|^^^GLU|{milligramsPerDecilitre}|mg/dL|70-110|N||F||||{completed:yyyyMMddHHmmss}"),
        "L|1|N",
    ];

    /// <summary>The records as text, one per line (for logs).</summary>
    public static string Text(IEnumerable<string> records) => new StringBuilder().AppendJoin('\n', records).ToString();
}
