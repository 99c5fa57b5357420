using Microsoft.Extensions.Options;

namespace ShopifyRecovery.Hosting;

public enum TelemetryExporter { None, Console, Otlp }

public sealed class ObservabilityOptions
{
    public const string Section = "Telemetry";

    /// <summary>Where traces, metrics and logs go. None keeps the playground quiet; production uses Otlp to a collector.</summary>
    public TelemetryExporter Exporter { get; set; } = TelemetryExporter.None;

    /// <summary>OTLP receiver (gRPC), e.g. <c>http://localhost:4317</c>; when empty, the standard OTEL_EXPORTER_OTLP_ENDPOINT is used.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>How often metrics are pushed to the exporter.</summary>
    public TimeSpan MetricExportInterval { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the embedded queue's depth is sampled for the gauges (one grouped query over an index).</summary>
    public TimeSpan QueueSampleInterval { get; set; } = TimeSpan.FromSeconds(30);
}

sealed class ObservabilityOptionsValidator : IValidateOptions<ObservabilityOptions>
{
    public ValidateOptionsResult Validate(string? name, ObservabilityOptions options)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Exporter))
            errors.Add($"Telemetry:Exporter must be None, Console or Otlp; it is '{options.Exporter}'.");
        if (options.Exporter == TelemetryExporter.Otlp
            && (!Uri.TryCreate(options.OtlpEndpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https")))
            errors.Add($"Telemetry:OtlpEndpoint (or OTEL_EXPORTER_OTLP_ENDPOINT) must be an absolute http(s) URL when Telemetry:Exporter is Otlp; it is '{options.OtlpEndpoint}'.");
        if (options.MetricExportInterval < TimeSpan.FromSeconds(1) || options.MetricExportInterval > TimeSpan.FromHours(1))
            errors.Add($"Telemetry:MetricExportInterval must be between 00:00:01 and 01:00:00; it is {options.MetricExportInterval}.");
        if (options.QueueSampleInterval < TimeSpan.FromSeconds(1) || options.QueueSampleInterval > TimeSpan.FromHours(1))
            errors.Add($"Telemetry:QueueSampleInterval must be between 00:00:01 and 01:00:00; it is {options.QueueSampleInterval}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
