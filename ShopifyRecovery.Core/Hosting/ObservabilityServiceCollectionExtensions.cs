using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using ShopifyRecovery.Messaging.Embedded;

namespace ShopifyRecovery.Hosting;

public static class ObservabilityServiceCollectionExtensions
{
    /// <summary>
    /// Traces (our source, ASP.NET Core, HttpClient), metrics (our meter and the runtime's) and logs through
    /// OpenTelemetry. The exporter is chosen from options when the providers are built, so configuration alone switches it.
    /// </summary>
    public static IServiceCollection AddObservability(this IServiceCollection services)
    {
        services.AddOptions<ObservabilityOptions>()
            .BindConfiguration(ObservabilityOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
            {
                if (string.IsNullOrWhiteSpace(options.OtlpEndpoint) && configuration["OTEL_EXPORTER_OTLP_ENDPOINT"] is { Length: > 0 } standard)
                    options.OtlpEndpoint = standard;
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ObservabilityOptions>, ObservabilityOptionsValidator>();

        services.AddOpenTelemetry()
            // The entry assembly tells ShopifyRecovery.App from ShopifyRecovery.Worker in the trace view.
            .ConfigureResource(resource => resource.AddService(
                serviceName: Assembly.GetEntryAssembly()?.GetName().Name ?? RecoveryTelemetry.Name,
                serviceNamespace: RecoveryTelemetry.Name))
            .WithTracing(tracing => tracing
                .AddSource(RecoveryTelemetry.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .SetSampler(sp => Options(sp).Exporter == TelemetryExporter.None ? new AlwaysOffSampler() : new ParentBasedSampler(new AlwaysOnSampler()))
                .AddProcessor(sp => TraceProcessor(Options(sp))))
            .WithMetrics(metrics => metrics
                .AddMeter(RecoveryTelemetry.Name)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddReader(sp => MetricReader(Options(sp))))
            .WithLogging(logging => logging.AddProcessor(sp => LogProcessor(Options(sp))));

        services.AddHostedService<EmbeddedQueueSampler>();
        return services;
    }

    static ObservabilityOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptions<ObservabilityOptions>>().Value;

    static BaseProcessor<Activity> TraceProcessor(ObservabilityOptions options) => options.Exporter switch
    {
        TelemetryExporter.Otlp => new BatchActivityExportProcessor(new OtlpTraceExporter(Otlp(options))),
        TelemetryExporter.Console => new SimpleActivityExportProcessor(new ConsoleActivityExporter(new ConsoleExporterOptions())),
        _ => new NoExport<Activity>(),
    };

    static MetricReader MetricReader(ObservabilityOptions options)
    {
        var interval = (int)options.MetricExportInterval.TotalMilliseconds;
        return options.Exporter switch
        {
            TelemetryExporter.Otlp => new PeriodicExportingMetricReader(new OtlpMetricExporter(Otlp(options)), interval),
            TelemetryExporter.Console => new PeriodicExportingMetricReader(new ConsoleMetricExporter(new ConsoleExporterOptions()), interval),
            // Never collected: with no exporter the measurements are aggregated in memory and dropped.
            _ => new BaseExportingMetricReader(new NoMetricExport()),
        };
    }

    // Console logs already reach stdout through the console logger; only OTLP needs a log pipeline.
    static BaseProcessor<LogRecord> LogProcessor(ObservabilityOptions options) => options.Exporter == TelemetryExporter.Otlp
        ? new BatchLogRecordExportProcessor(new OtlpLogExporter(Otlp(options)))
        : new NoExport<LogRecord>();

    static OtlpExporterOptions Otlp(ObservabilityOptions options) => new() { Endpoint = new Uri(options.OtlpEndpoint!) };
}

sealed class NoExport<T> : BaseProcessor<T>;

sealed class NoMetricExport : BaseExporter<Metric>
{
    public override ExportResult Export(in Batch<Metric> batch) => ExportResult.Success;
}
