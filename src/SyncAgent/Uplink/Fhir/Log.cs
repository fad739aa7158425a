using Microsoft.Extensions.Logging;

namespace EdgeGateway.SyncAgent.Uplink.Fhir;

public sealed partial class FhirUplink
{
    private static partial class Log
    {
        [LoggerMessage(EventId = 3000, Level = LogLevel.Warning, Message = "Platform did not take {Count} reading(s): {Reason}; they stay in the Outbox")]
        public static partial void NotDelivered(ILogger logger, int count, string reason);

        [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Platform refused a batch of {Count} as a whole (HTTP {Status}); splitting it")]
        public static partial void SplittingBatch(ILogger logger, int count, int status);

        [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Platform takes {Count} reading(s) per transaction: later batches are sent at that size (the configured size is tried again in an hour)")]
        public static partial void CapLearned(ILogger logger, int count);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Platform does not accept gzip bodies (HTTP 415); sending them uncompressed")]
        public static partial void GzipRefused(ILogger logger);
    }
}
