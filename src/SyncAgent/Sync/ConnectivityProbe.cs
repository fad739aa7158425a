using System.Net.Sockets;

namespace EdgeGateway.SyncAgent.Sync;

/// <summary>
/// A cheap look at the link: can a TCP connection to the platform be opened at all? A few hundred
/// bytes on the wire, against a whole Bundle (and a TLS handshake) for a full attempt. While the
/// link is down the worker probes every <see cref="Interval"/> and sends again as soon as it answers,
/// instead of sleeping through a backoff of minutes.
/// </summary>
public sealed class ConnectivityProbe(Uri target, TimeSpan interval, TimeSpan timeout)
{
    private long _probes;

    /// <summary>How often the worker looks while the link is down.</summary>
    public TimeSpan Interval { get; } = interval;

    /// <summary>Probes made since start.</summary>
    public long Probes => Interlocked.Read(ref _probes);

    /// <summary>True when a TCP connection to the platform's host and port opens within the timeout.</summary>
    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        Interlocked.Increment(ref _probes);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(target.DnsSafeHost, target.Port, deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
