using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ShopifyRecovery.Hosting;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Messaging.Embedded;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Hosting;

public sealed class ObservabilityTests
{
    const string Body = """{"id":1,"token":"abc"}""";

    TestDatabase _database = null!;

    [SetUp]
    public async Task CreateDatabase() => _database = await TestDatabase.CreateAsync();

    [TearDown]
    public async Task DeleteDatabase() => await _database.DisposeAsync();

    [Test]
    public async Task A_webhook_is_handled_in_a_consumer_span_that_continues_the_request_trace()
    {
        // Arrange
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is RecoveryTelemetry.Name or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        await using var app = new TestApp(_database);
        var traceId = ActivityTraceId.CreateRandom();
        var callerSpan = ActivitySpanId.CreateRandom();

        // Act
        using var response = await app.PostWebhookAsync("checkouts/update", "traced.myshopify.com", Body,
            tweak: request => request.Headers.Add("traceparent", $"00-{traceId}-{callerSpan}-01"));
        var consumer = await Eventually.WaitForAsync(
            () => Task.FromResult(stopped.FirstOrDefault(a => a.Kind == ActivityKind.Consumer && a.TraceId == traceId)),
            found => found is not null, "the consumer span of the webhook");

        // Assert
        var request = stopped.Single(a => a.Source.Name == "Microsoft.AspNetCore" && a.TraceId == traceId);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(request.ParentSpanId, Is.EqualTo(callerSpan));
        Assert.That(consumer!.ParentSpanId, Is.EqualTo(request.SpanId));
        Assert.That(consumer.DisplayName, Is.EqualTo($"process {Queues.ShopifyEvents}"));
        Assert.That(consumer.GetTagItem("messaging.outcome"), Is.EqualTo("completed"));
    }

    [Test]
    public async Task An_accepted_webhook_is_counted_by_topic_and_a_forged_one_by_reason()
    {
        // Arrange
        var received = new ConcurrentBag<string?>();
        var rejected = new ConcurrentBag<string?>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == RecoveryTelemetry.Name && instrument.Name.StartsWith("shopify_recovery.webhooks.", StringComparison.Ordinal))
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
        {
            var tagValues = tags.ToArray().ToDictionary(t => t.Key, t => t.Value as string);
            if (instrument.Name == "shopify_recovery.webhooks.received")
                received.Add(tagValues.GetValueOrDefault("topic"));
            else if (instrument.Name == "shopify_recovery.webhooks.rejected")
                rejected.Add(tagValues.GetValueOrDefault("reason"));
        });
        listener.Start();
        await using var app = new TestApp(_database);

        // Act
        using var accepted = await app.PostWebhookAsync("orders/paid", "counted.myshopify.com", Body);
        using var forged = await app.PostWebhookAsync("orders/paid", "counted.myshopify.com", Body, secret: "not-the-secret");

        // Assert
        Assert.That(accepted.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(received, Does.Contain("orders/paid"));
        Assert.That(rejected, Does.Contain("invalid_signature"));
    }

    [Test]
    public async Task The_queue_gauges_report_due_scheduled_and_dead_lettered_messages_and_the_oldest_wait()
    {
        // Arrange
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero));
        await using var transport = new EmbeddedTransport(new SqliteQueueDialect(_database.ConnectionString), new EmbeddedQueueOptions(), clock);
        await transport.PublishAsync(Queues.ShopifyEvents, Message("a"), CancellationToken.None);
        await transport.PublishAsync(Queues.ShopifyEvents, Message("b"), CancellationToken.None);
        await transport.PublishAsync(Queues.JourneySteps, Message("c") with { DeliverAt = clock.GetUtcNow().AddHours(1) }, CancellationToken.None);
        await using (var receiver = await transport.OpenReceiverAsync(Queues.ShopifyEvents, new ReceiverSettings(1, TimeSpan.FromMinutes(1)), CancellationToken.None))
        {
            var delivery = await receiver.ReceiveAsync(TimeSpan.FromSeconds(5), CancellationToken.None);
            Assert.That(await delivery!.DeadLetterAsync("Poison", "test", CancellationToken.None), Is.True);
        }
        clock.Advance(TimeSpan.FromMinutes(5));
        var sampler = new EmbeddedQueueSampler(transport, Options.Create(new ObservabilityOptions()), clock, NullLogger<EmbeddedQueueSampler>.Instance);

        // Act
        await sampler.SampleAsync(transport, CancellationToken.None);
        var gauges = ReadGauges();

        // Assert
        Assert.That(gauges[("shopify_recovery.queue.depth", Queues.ShopifyEvents)], Is.EqualTo(1));
        Assert.That(gauges[("shopify_recovery.queue.dead_letters", Queues.ShopifyEvents)], Is.EqualTo(1));
        Assert.That(gauges[("shopify_recovery.queue.oldest_age", Queues.ShopifyEvents)], Is.EqualTo(300));
        Assert.That(gauges[("shopify_recovery.queue.depth", Queues.JourneySteps)], Is.EqualTo(0));
        Assert.That(gauges[("shopify_recovery.queue.scheduled", Queues.JourneySteps)], Is.EqualTo(1));
    }

    [Test]
    public async Task A_message_written_to_the_outbox_inside_a_span_carries_that_span_as_its_parent()
    {
        // Arrange
        using var span = new Activity("handler").SetIdFormat(ActivityIdFormat.W3C).Start();
        await using var db = _database.CreateContext();

        // Act
        db.AddToOutbox(Queues.JourneySteps, Message("d"), DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();

        // Assert
        var row = db.Set<OutboxMessage>().Single(m => m.MessageId == "d");
        var properties = JsonSerializer.Deserialize<Dictionary<string, string>>(row.Properties!)!;
        Assert.That(properties[RecoveryTelemetry.TraceParentProperty], Is.EqualTo(span.Id));
    }

    [Test]
    public async Task Choosing_the_otlp_exporter_without_an_endpoint_stops_the_app_naming_the_key()
    {
        // Arrange
        await using var app = new TestApp(_database, new Dictionary<string, string?> { ["Telemetry:Exporter"] = "Otlp" });

        // Act
        var failure = app.StartupFailure();

        // Assert
        Assert.That(failure!.ToString(), Does.Contain("Telemetry:OtlpEndpoint"));
    }

    static OutgoingMessage Message(string id) => new(id, "Test", Encoding.UTF8.GetBytes("{}"));

    static Dictionary<(string Instrument, string Queue), double> ReadGauges()
    {
        var values = new Dictionary<(string, string), double>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == RecoveryTelemetry.Name && instrument.Name.StartsWith("shopify_recovery.queue.", StringComparison.Ordinal))
                    l.EnableMeasurementEvents(instrument);
            },
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
                if (tag.Key == "queue")
                    values[(instrument.Name, (string)tag.Value!)] = value;
        }
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
