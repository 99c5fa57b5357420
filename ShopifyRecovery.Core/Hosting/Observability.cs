using System.Diagnostics;
using ShopifyRecovery.Messaging;

namespace ShopifyRecovery.Hosting;

/// <summary>
/// The app's one trace source, and how a trace crosses the bus: the publisher writes the W3C <c>traceparent</c> of the
/// current span into the message properties, the consumer starts its span under it, so a webhook's request and the
/// worker's handling of it read as one trace.
/// </summary>
public static class RecoveryTelemetry
{
    /// <summary>Name of both the <see cref="ActivitySource"/> and the metrics <c>Meter</c>.</summary>
    public const string Name = "ShopifyRecovery";

    public const string TraceParentProperty = "traceparent";
    public const string TraceStateProperty = "tracestate";

    public static readonly ActivitySource ActivitySource = new(Name);

    /// <summary>Adds the current span's trace context to a message's properties being assembled.</summary>
    public static void AddTraceContext(IDictionary<string, string> properties)
    {
        if (Activity.Current is not { IdFormat: ActivityIdFormat.W3C, Id: { } id } activity)
            return;
        properties[TraceParentProperty] = id;
        if (!string.IsNullOrEmpty(activity.TraceStateString))
            properties[TraceStateProperty] = activity.TraceStateString;
    }

    /// <summary>The same properties plus the current trace context; the original when there is no span to carry.</summary>
    public static IReadOnlyDictionary<string, string> WithTraceContext(IReadOnlyDictionary<string, string> properties)
    {
        if (Activity.Current is not { IdFormat: ActivityIdFormat.W3C } || properties.ContainsKey(TraceParentProperty))
            return properties;
        var copy = new Dictionary<string, string>(properties);
        AddTraceContext(copy);
        return copy;
    }

    /// <summary>Starts the span of handling one message, continuing the publisher's trace when the message carries one.</summary>
    public static Activity? StartConsumerActivity(string queue, string transport, IncomingMessage message)
    {
        if (!ActivitySource.HasListeners())
            return null;
        message.Properties.TryGetValue(TraceParentProperty, out var traceParent);
        message.Properties.TryGetValue(TraceStateProperty, out var traceState);
        // A message without a usable traceparent starts its own trace rather than joining whatever the pump loop holds.
        var parent = traceParent is not null && ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context)
            ? context
            : default;
        var previous = Activity.Current;
        Activity.Current = null;
        var activity = ActivitySource.StartActivity($"process {queue}", ActivityKind.Consumer, parent);
        if (activity is null)
            Activity.Current = previous;
        activity?.SetTag("messaging.system", transport)
            .SetTag("messaging.operation.type", "process")
            .SetTag("messaging.destination.name", queue)
            .SetTag("messaging.message.id", message.MessageId)
            .SetTag("messaging.message.type", message.Type)
            .SetTag("messaging.message.delivery_attempt", message.Attempt)
            .SetTag("shopify.shop_domain", message.PartitionKey);
        return activity;
    }
}
