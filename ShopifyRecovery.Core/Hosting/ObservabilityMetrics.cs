using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ShopifyRecovery.Hosting;

/// <summary>
/// Every business metric the app emits, as one static surface any capability can call without plumbing a service.
/// Tags stay low-cardinality (topic, reason, queue): never a shop domain, customer or id, which belong in traces and logs.
/// docs/operations.md lists the alerts built on these names.
/// </summary>
public static class RecoveryMetrics
{
    public static readonly Meter Meter = new(RecoveryTelemetry.Name);

    static readonly Counter<long> WebhooksReceived = Meter.CreateCounter<long>(
        "shopify_recovery.webhooks.received", "{webhook}", "Shopify webhooks verified and put on the bus, by topic.");

    static readonly Counter<long> WebhooksRejected = Meter.CreateCounter<long>(
        "shopify_recovery.webhooks.rejected", "{webhook}", "Shopify webhooks refused at the door, by reason.");

    static readonly Counter<long> MessagesProcessed = Meter.CreateCounter<long>(
        "shopify_recovery.messages.processed", "{message}", "Bus deliveries handled, by queue, type and outcome.");

    static readonly Histogram<double> MessageDuration = Meter.CreateHistogram<double>(
        "shopify_recovery.messages.duration", "s", "Time a handler took for one delivery, by queue and outcome.");

    static readonly Counter<long> EmailsSent = Meter.CreateCounter<long>(
        "shopify_recovery.emails.sent", "{email}", "Recovery emails accepted by the email provider, by step.");

    static readonly Counter<long> SendsSkipped = Meter.CreateCounter<long>(
        "shopify_recovery.sends.skipped", "{send}", "Due steps that did not send, by guard reason.");

    static readonly Counter<long> DiscountCodesCreated = Meter.CreateCounter<long>(
        "shopify_recovery.discount_codes.created", "{code}", "Discount codes created in Shopify, by kind.");

    static readonly Histogram<double> ShopifyThrottleWaits = Meter.CreateHistogram<double>(
        "shopify_recovery.shopify.throttle_wait", "s", "Waits imposed by Shopify's cost-based throttle (count = number of waits).");

    static readonly Counter<long> SendGridErrors = Meter.CreateCounter<long>(
        "shopify_recovery.sendgrid.errors", "{error}", "Failed SendGrid calls, by HTTP status or failure kind.");

    static readonly ConcurrentDictionary<string, QueueSnapshot> Queues = new(StringComparer.Ordinal);

    static RecoveryMetrics()
    {
        Meter.CreateObservableGauge("shopify_recovery.queue.depth",
            () => Observe(s => s.Ready), "{message}", "Messages due now and not yet completed (embedded queue), by queue.");
        Meter.CreateObservableGauge("shopify_recovery.queue.scheduled",
            () => Observe(s => s.Scheduled), "{message}", "Messages scheduled for later (embedded queue), by queue.");
        Meter.CreateObservableGauge("shopify_recovery.queue.dead_letters",
            () => Observe(s => s.DeadLettered), "{message}", "Dead letters waiting for an operator (embedded queue), by queue.");
        Meter.CreateObservableGauge("shopify_recovery.queue.oldest_age",
            () => Queues.Values.Select(s => new Measurement<double>(s.OldestReadyAge.TotalSeconds, new KeyValuePair<string, object?>("queue", s.Queue))),
            "s", "How long the oldest due message has been waiting past its due time (embedded queue), by queue.");
    }

    public static void WebhookReceived(string topic) =>
        WebhooksReceived.Add(1, new KeyValuePair<string, object?>("topic", topic));

    /// <param name="reason">A fixed word such as <c>missing_signature</c>; never a value taken from the request.</param>
    public static void WebhookRejected(string reason) =>
        WebhooksRejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <param name="outcome"><c>completed</c>, <c>retried</c>, <c>dead_lettered</c> or <c>abandoned</c>.</param>
    public static void MessageProcessed(string queue, string type, string outcome, TimeSpan elapsed)
    {
        var tags = new TagList { { "queue", queue }, { "type", type }, { "outcome", outcome } };
        MessagesProcessed.Add(1, tags);
        MessageDuration.Record(elapsed.TotalSeconds, tags);
    }

    public static void EmailSent(int step) =>
        EmailsSent.Add(1, new KeyValuePair<string, object?>("step", step));

    /// <param name="reason">The guard that stopped the send, e.g. <c>unsubscribed</c>, <c>quiet_hours</c>, <c>shop_paused</c>, <c>sends_disabled</c>.</param>
    public static void SendSkipped(string reason) =>
        SendsSkipped.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <param name="kind"><c>percentage</c>, <c>fixed_amount</c> or <c>free_shipping</c>.</param>
    public static void DiscountCodeCreated(string kind) =>
        DiscountCodesCreated.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public static void ShopifyThrottleWait(TimeSpan wait) =>
        ShopifyThrottleWaits.Record(wait.TotalSeconds);

    /// <param name="status">The HTTP status code as text (<c>429</c>, <c>500</c>) or <c>timeout</c> / <c>network</c>.</param>
    public static void SendGridError(string status) =>
        SendGridErrors.Add(1, new KeyValuePair<string, object?>("status", status));

    /// <summary>Latest sample of one embedded queue; the gauges report it at the next collection.</summary>
    public static void ReportQueue(QueueSnapshot snapshot) => Queues[snapshot.Queue] = snapshot;

    static IEnumerable<Measurement<long>> Observe(Func<QueueSnapshot, long> value) =>
        Queues.Values.Select(s => new Measurement<long>(value(s), new KeyValuePair<string, object?>("queue", s.Queue)));
}

public sealed record QueueSnapshot(string Queue, long Ready, long Scheduled, long DeadLettered, TimeSpan OldestReadyAge);
