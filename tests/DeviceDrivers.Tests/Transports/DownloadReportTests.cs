using System.Diagnostics.Metrics;
using EdgeGateway.DeviceDrivers.Transports;
using EdgeGateway.DeviceDrivers.Transports.Links;
using Microsoft.Extensions.Logging;

namespace EdgeGateway.DeviceDrivers.Tests.Transports;

public sealed class DownloadReportTests
{
    private sealed class Download : ILinkSession, IDownloadSession
    {
        public DownloadFailure? Failure { get; init; }

        public IReadOnlyList<DownloadFailure> Skipped { get; init; } = [];

        public IAsyncEnumerable<ReceivedFrame> RunAsync(IByteLink link, CancellationToken cancellationToken) => AsyncEnumerable.Empty<ReceivedFrame>();
    }

    private sealed class Lines : ILogger
    {
        public List<string> Written { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Written.Add($"{logLevel}: {formatter(state, exception)}");
    }

    [Fact]
    public void AFailedDownload_IsLoggedAndCountedByKind_WithEachRecordPassedOver()
    {
        var logger = new Lines();
        var counted = new List<(long Value, string Kind, bool Stopped)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "edgegateway.link.download_failures")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var kind = "";
            var stopped = false;
            foreach (var tag in tags)
            {
                kind = tag.Key == "kind" ? (string)tag.Value! : kind;
                stopped = tag.Key == "stopped" ? (bool)tag.Value! : stopped;
            }

            lock (counted)
            {
                counted.Add((value, kind, stopped));
            }
        });
        listener.Start();
        var session = new Download
        {
            Skipped = [new(DownloadFailureKind.Garbled, "record 2", "no usable record after 3 attempts; passed over")],
            Failure = new(DownloadFailureKind.NoAnswer, "record 9", "no answer after 3 attempts"),
        };

        DownloadReport.Report(session, "/dev/ttyUSB7", logger);
        DownloadReport.Report(new FramedSession(new LineFramer()), "/dev/ttyUSB8", logger);

        Assert.Equal(
            ["Warning: /dev/ttyUSB7: a record was passed over in the download (Garbled at record 2: no usable record after 3 attempts; passed over); the others were downloaded",
             "Warning: /dev/ttyUSB7: the download stopped (NoAnswer at record 9: no answer after 3 attempts); what came before is kept, and it is tried again when the link reopens"],
            logger.Written);
        lock (counted)
        {
            Assert.Contains((1L, "Garbled", false), counted);
            Assert.Contains((1L, "NoAnswer", true), counted);
        }
    }
}
