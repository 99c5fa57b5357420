using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ShopifyRecovery.Intake;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Messaging.Embedded;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Intake;

public sealed class WebhookEndpointTests
{
    const string Shop = "demo.myshopify.com";
    TestDatabase _database = null!;
    TestApp _app = null!;

    [SetUp]
    public async Task SetUp()
    {
        _database = await TestDatabase.CreateAsync();
        _app = new TestApp(_database, new Dictionary<string, string?> { ["Worker:InProcess"] = "false" });
    }

    [TearDown]
    public async Task TearDown()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    static string CheckoutUpdate => TestApp.Fixture("webhooks/checkouts_update.json");

    async Task<int> EventsWithId(string webhookId)
    {
        await using var db = _app.CreateDbContext();
        var messageId = ShopifyWebhookReceived.MessageIdFor(webhookId);
        return await db.Set<QueueMessageRow>().CountAsync(m => m.Queue == Queues.ShopifyEvents && m.MessageId == messageId);
    }

    async Task<int> AllEvents()
    {
        await using var db = _app.CreateDbContext();
        return await db.Set<QueueMessageRow>().CountAsync(m => m.Queue == Queues.ShopifyEvents);
    }

    [Test]
    public async Task A_signed_webhook_is_on_the_bus_when_the_answer_is_200()
    {
        var response = await _app.PostWebhookAsync("checkouts/update", Shop, CheckoutUpdate, "wh-1");

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await EventsWithId("wh-1"), Is.EqualTo(1));
        await using var db = _app.CreateDbContext();
        var row = await db.Set<QueueMessageRow>().SingleAsync();
        Assert.That(Encoding.UTF8.GetString(row.Body), Is.EqualTo(CheckoutUpdate), "the raw body travels unchanged");
        Assert.That(row.PartitionKey, Is.EqualTo(Shop));
    }

    [Test]
    public async Task A_missing_signature_is_401_and_nothing_is_queued()
    {
        var response = await _app.PostWebhookAsync("checkouts/update", Shop, CheckoutUpdate, "wh-1",
            tweak: r => r.Headers.Remove(WebhookHeaders.Hmac));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(await AllEvents(), Is.Zero);
    }

    [Test]
    public async Task A_forged_signature_is_401_and_nothing_is_queued()
    {
        var response = await _app.PostWebhookAsync("checkouts/update", Shop, CheckoutUpdate, "wh-1", secret: "not-our-secret");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await AllEvents(), Is.Zero);
    }

    [Test]
    public async Task A_body_changed_after_signing_is_401()
    {
        var request = TestApp.SignedWebhook("checkouts/update", Shop, CheckoutUpdate, "wh-1", _app.Secret);
        request.Content = new StringContent(CheckoutUpdate.Replace("398.00", "3.98"), Encoding.UTF8, "application/json");
        var response = await _app.CreateClient().SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [TestCase(WebhookHeaders.Topic)]
    [TestCase(WebhookHeaders.ShopDomain)]
    [TestCase(WebhookHeaders.WebhookId)]
    public async Task A_signed_webhook_without_a_routing_header_is_400(string header)
    {
        var response = await _app.PostWebhookAsync("checkouts/update", Shop, CheckoutUpdate, "wh-1", tweak: r => r.Headers.Remove(header));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await AllEvents(), Is.Zero);
    }

    [Test]
    public async Task A_shop_header_that_is_not_a_myshopify_domain_is_400()
    {
        var response = await _app.PostWebhookAsync("checkouts/update", "evil.example.com", CheckoutUpdate, "wh-1");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task A_body_over_the_limit_is_413_and_nothing_is_queued()
    {
        var huge = "{\"padding\":\"" + new string('x', 1024 * 1024 + 10) + "\"}";
        var response = await _app.PostWebhookAsync("checkouts/update", Shop, huge, "wh-big");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(await AllEvents(), Is.Zero);
    }

    [Test]
    public async Task Header_names_are_matched_whatever_their_case()
    {
        var request = TestApp.SignedWebhook("checkouts/update", Shop, CheckoutUpdate, "wh-case", _app.Secret);
        var lowered = new HttpRequestMessage(HttpMethod.Post, request.RequestUri) { Content = request.Content };
        foreach (var header in request.Headers)
            lowered.Headers.TryAddWithoutValidation(header.Key.ToLowerInvariant(), header.Value);
        var response = await _app.CreateClient().SendAsync(lowered);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await EventsWithId("wh-case"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_repeated_webhook_id_is_answered_200_and_queued_once()
    {
        var first = await _app.PostWebhookAsync("checkouts/update", Shop, CheckoutUpdate, "wh-dup");
        var second = await _app.PostWebhookAsync("checkouts/update", Shop, CheckoutUpdate, "wh-dup");
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await EventsWithId("wh-dup"), Is.EqualTo(1));
    }

    [Test]
    public async Task A_hundred_concurrent_webhooks_are_all_queued_and_none_lost()
    {
        var client = _app.CreateClient();
        var ids = Enumerable.Range(0, 100).Select(i => $"wh-{i}").ToList();
        var responses = await Task.WhenAll(ids.Select(id =>
            client.SendAsync(TestApp.SignedWebhook("checkouts/update", Shop, CheckoutUpdate, id, _app.Secret))));
        Assert.That(responses.Select(r => r.StatusCode), Is.All.EqualTo(HttpStatusCode.OK));
        await using var db = _app.CreateDbContext();
        var queued = await db.Set<QueueMessageRow>().Select(m => m.MessageId).ToListAsync();
        Assert.That(queued, Is.EquivalentTo(ids.Select(ShopifyWebhookReceived.MessageIdFor)));
    }
}

public sealed class WebhookCrashTests
{
    /// <summary>Publishes for real, then fails as if the process died before the 200 went out.</summary>
    sealed class CrashAfterPublishBus(IMessageBus inner) : IMessageBus
    {
        public int Crashes;

        public async Task PublishAsync(string queue, OutgoingMessage message, CancellationToken ct)
        {
            await inner.PublishAsync(queue, message, ct);
            if (Interlocked.Increment(ref Crashes) == 1)
                throw new IOException("simulated crash after the event was durable");
        }

        public Task PublishBatchAsync(string queue, IReadOnlyList<OutgoingMessage> messages, CancellationToken ct) =>
            inner.PublishBatchAsync(queue, messages, ct);
    }

    [Test]
    public async Task A_crash_between_enqueue_and_200_leaves_the_event_and_Shopifys_retry_is_absorbed()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new TestApp(database, new Dictionary<string, string?> { ["Worker:InProcess"] = "false" }, services =>
        {
            services.RemoveAll<IMessageBus>();
            services.AddSingleton<IMessageBus>(sp => new CrashAfterPublishBus(sp.GetRequiredService<EmbeddedTransport>()));
        });
        var body = TestApp.Fixture("webhooks/checkouts_update.json");

        var crashed = await app.PostWebhookAsync("checkouts/update", "demo.myshopify.com", body, "wh-crash");
        var retried = await app.PostWebhookAsync("checkouts/update", "demo.myshopify.com", body, "wh-crash");

        Assert.That(crashed.StatusCode, Is.EqualTo(HttpStatusCode.InternalServerError), "Shopify sees a failure and will retry");
        Assert.That(retried.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await using var db = app.CreateDbContext();
        Assert.That(await db.Set<QueueMessageRow>().CountAsync(), Is.EqualTo(1), "the event survived the crash and the retry added nothing");
    }
}
