using Microsoft.Extensions.Logging;

namespace EdgeGateway.DeviceDrivers.Transports.Links;

/// <summary>Says what a memory download left undone, once its session has ended: logged for the technician, counted by kind.</summary>
public static partial class DownloadReport
{
    private const int SkippedLogged = 5;

    /// <summary>Logs and counts the failure and the records skipped of <paramref name="session"/>, if it downloads.</summary>
    public static void Report(ILinkSession session, string link, ILogger logger)
    {
        if (session is not IDownloadSession download)
        {
            return;
        }

        for (var i = 0; i < download.Skipped.Count; i++)
        {
            var skipped = download.Skipped[i];
            LinkMetrics.DownloadFailures.Add(1, new KeyValuePair<string, object?>("kind", skipped.Kind.ToString()), new KeyValuePair<string, object?>("stopped", false));
            if (i < SkippedLogged)
            {
                Log.Skipped(logger, link, skipped.ToString());
            }
        }

        if (download.Failure is { } failure)
        {
            LinkMetrics.DownloadFailures.Add(1, new KeyValuePair<string, object?>("kind", failure.Kind.ToString()), new KeyValuePair<string, object?>("stopped", true));
            Log.Failed(logger, link, failure.ToString());
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1250, Level = LogLevel.Warning, Message = "{Link}: a record was passed over in the download ({Failure}); the others were downloaded")]
        public static partial void Skipped(ILogger logger, string link, string failure);

        [LoggerMessage(EventId = 1251, Level = LogLevel.Warning, Message = "{Link}: the download stopped ({Failure}); what came before is kept, and it is tried again when the link reopens")]
        public static partial void Failed(ILogger logger, string link, string failure);
    }
}
