using Microsoft.Extensions.Logging;

namespace ShopifyRecovery.Hosting;

internal static partial class ObservabilityLog
{
    [LoggerMessage(9001, LogLevel.Warning, "Sampling the embedded queue depth failed; the gauges keep the previous sample")]
    public static partial void QueueSampleFailed(ILogger logger, Exception exception);
}
