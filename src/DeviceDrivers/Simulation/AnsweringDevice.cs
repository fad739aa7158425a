namespace EdgeGateway.DeviceDrivers.Simulation;

/// <summary>
/// Plays an <see cref="IAnsweringSimulator"/> on the device's end of a link (a pty from socat, a pipe):
/// reads what the gateway sends and writes the answers, until the link ends.
/// </summary>
public static class AnsweringDevice
{
    /// <summary>
    /// Answers on <paramref name="deviceEnd"/> (which the caller owns) until it ends or
    /// <paramref name="cancellationToken"/> fires. A blocked pty read is not cancellable: pulling the cable
    /// (ending the link) is what stops it.
    /// </summary>
    public static async Task RunAsync(Stream deviceEnd, IAnsweringSimulator simulator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deviceEnd);
        ArgumentNullException.ThrowIfNull(simulator);
        var buffer = new byte[512];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var read = await deviceEnd.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                var answer = simulator.Receive(buffer.AsSpan(0, read));
                if (answer.Length > 0)
                {
                    await deviceEnd.WriteAsync(answer, cancellationToken).ConfigureAwait(false);
                    await deviceEnd.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The cable was pulled, or the test is over.
        }
    }
}
