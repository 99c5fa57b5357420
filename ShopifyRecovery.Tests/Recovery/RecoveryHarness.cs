using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Moq;
using ShopifyRecovery.Analytics;
using ShopifyRecovery.Billing;
using ShopifyRecovery.Email;
using ShopifyRecovery.Intake;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Security;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Shopify.Admin;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Recovery;

/// <summary>
/// The recovery capability wired as the hosts wire it (real DI, real SQLite file, real intake and message routing),
/// with a fake clock, a fake Admin API, fake templates and a Moq email sender. The bus is played by this class:
/// committed outbox rows become deliveries at their time, duplicates by message id are dropped like the transport
/// drops them, and a failing delivery is retried with the bus' backoff until it dead-letters.
/// </summary>
public sealed class RecoveryHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero); // 10:00 in New York
    public const string ShopDomain = "harness.myshopify.com";
    public const string Secret = "harness-secret";

    readonly ServiceProvider _services;
    readonly HashSet<string> _published = [];
    readonly List<Delivery> _queue = [];
    readonly Dictionary<string, OutboxMessage> _history = [];

    sealed class Delivery(OutboxMessage message)
    {
        public OutboxMessage Message { get; } = message;
        public DateTimeOffset VisibleAt { get; set; }
        public int Attempt { get; set; } = 1;
    }

    RecoveryHarness(TestDatabase database, ServiceProvider services, FakeTimeProvider clock)
    {
        Database = database;
        _services = services;
        Clock = clock;
    }

    public TestDatabase Database { get; }
    public FakeTimeProvider Clock { get; }
    public FakeShopifyAdmin Admin { get; } = new();
    public FakeEmailTemplates Templates { get; } = new();
    public Mock<IEmailSender> Sender { get; } = new();
    /// <summary>Every provider call, with the clock time it happened at.</summary>
    public List<(EmailMessage Message, DateTimeOffset At, SendStatus Result)> ProviderCalls { get; } = [];
    /// <summary>Scripted provider answers (or crashes); when empty, every call is Sent.</summary>
    public Queue<Func<EmailMessage, SendResult>> SendScript { get; } = new();
    public List<(string MessageId, string Error)> DeadLetters { get; } = [];
    public List<string> HandlerErrors { get; } = [];
    public long ShopId { get; private set; }

    /// <summary>Emails the provider may have delivered (Sent or Unknown), in order.</summary>
    public IReadOnlyList<EmailMessage> Delivered =>
        ProviderCalls.Where(c => c.Result is SendStatus.Sent or SendStatus.Unknown).Select(c => c.Message).ToList();

    public static async Task<RecoveryHarness> CreateAsync(IDictionary<string, string?>? settings = null)
    {
        var database = await TestDatabase.CreateAsync();
        var clock = new FakeTimeProvider(Start);
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Database"] = database.ConnectionString,
            ["Shopify:ApiKey"] = "harness-key",
            ["Shopify:ApiSecret"] = Secret,
            ["Shopify:AppUrl"] = "https://app.test",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            configuration[key] = value;
        RecoveryHarness? harness = null;
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(configuration).Build());
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<TimeProvider>(clock);
        services.AddPersistence();
        services.AddMessaging();
        services.AddShopify();
        services.AddIntake();
        services.AddBilling();
        services.AddRecovery();
        services.AddEmail(); // links and composer are real; templates and sender are replaced below
        services.AddAnalytics(); // experiment assignment at send time
        services.AddSingleton<IShopifyAdmin>(_ => harness!.Admin);
        services.AddSingleton<IEmailTemplates>(_ => harness!.Templates);
        services.AddSingleton<IEmailSender>(_ => harness!.Sender.Object);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        harness = new RecoveryHarness(database, provider, clock);
        harness.Sender.SetupGet(s => s.Name).Returns("fake");
        harness.Sender.Setup(s => s.SendAsync(It.IsAny<EmailMessage>(), It.IsAny<CancellationToken>()))
            .Returns((EmailMessage message, CancellationToken _) =>
            {
                var result = harness.SendScript.TryDequeue(out var next) ? next(message) : new SendResult(SendStatus.Sent, $"sg-{harness.ProviderCalls.Count}");
                harness.ProviderCalls.Add((message, clock.GetUtcNow(), result.Status));
                return Task.FromResult(result);
            });
        // The hosts load the app's keys at start; this harness has no host.
        await provider.GetRequiredService<AppSecrets>().LoadAsync(CancellationToken.None);
        await harness.SeedShopAsync();
        // No holdout unless a test asks for one: which journeys fall in it is deterministic but not chosen by the test.
        await harness.SaveSettingsAsync(flow: FlowSettings.Default with { HoldoutPercent = 0 });
        return harness;
    }

    async Task SeedShopAsync()
    {
        await using var db = Database.CreateContext();
        var shop = new Shop
        {
            Domain = ShopDomain, Name = "Harness Store", Email = "owner@harness.example", Currency = "USD", IanaTimeZone = "America/New_York",
            CountryCode = "US", Address = "1 Main St", Installed = true, InstalledAt = Start.AddDays(-30),
        };
        db.Add(shop);
        await db.SaveChangesAsync();
        ShopId = shop.Id;
    }

    public async Task SaveSettingsAsync(FlowSettings? flow = null, ShopifyRecovery.Incentives.IncentiveSettings? incentives = null, ShopifyRecovery.Segments.SegmentRuleSet? segments = null)
    {
        await using var scope = _services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<ShopSettingsStore>();
        if (flow is not null)
            Assert.That(await store.SaveFlowAsync(ShopId, flow, CancellationToken.None), Is.Empty);
        if (incentives is not null)
            Assert.That(await store.SaveIncentivesAsync(ShopId, incentives, CancellationToken.None), Is.Empty);
        if (segments is not null)
            Assert.That(await store.SaveSegmentsAsync(ShopId, segments, CancellationToken.None), Is.Empty);
    }

    /// <summary>Delivers a webhook through the real intake handler, as the shopify-events consumer would.</summary>
    public async Task WebhookAsync(string topic, string json, string? webhookId = null, DateTimeOffset? triggeredAt = null)
    {
        var properties = new Dictionary<string, string>
        {
            [ShopifyWebhookReceived.Topic] = topic,
            [ShopifyWebhookReceived.Shop] = ShopDomain,
            [ShopifyWebhookReceived.WebhookId] = webhookId ?? Guid.NewGuid().ToString(),
            [ShopifyWebhookReceived.ReceivedAt] = Clock.GetUtcNow().ToString("O"),
            [ShopifyWebhookReceived.TriggeredAt] = (triggeredAt ?? Clock.GetUtcNow()).ToString("O"),
        };
        var message = new IncomingMessage(ShopifyWebhookReceived.MessageIdFor(properties[ShopifyWebhookReceived.WebhookId]), ShopifyWebhookReceived.Type,
            Encoding.UTF8.GetBytes(json), 1, ShopDomain, properties, Clock.GetUtcNow());
        await _services.GetRequiredService<MessageDispatcher>().DispatchAsync(message, CancellationToken.None);
        await CollectOutboxAsync();
    }

    /// <summary>Puts a message on the journey-steps queue as the timer would (ReconcileShop).</summary>
    public async Task PublishAsync<T>(string messageId, T body)
    {
        await using var db = Database.CreateContext();
        db.AddToOutbox(Queues.JourneySteps, MessageJson.Create(messageId, body), Clock.GetUtcNow());
        await db.SaveChangesAsync();
        await CollectOutboxAsync();
    }

    /// <summary>Lets time pass, delivering every message that falls due on the way (retries included).</summary>
    public async Task RunAsync(TimeSpan duration)
    {
        var end = Clock.GetUtcNow() + duration;
        while (true)
        {
            await DeliverDueAsync();
            var next = _queue.Where(d => d.VisibleAt > Clock.GetUtcNow()).Select(d => (DateTimeOffset?)d.VisibleAt).Min();
            if (next is null || next > end)
                break;
            Clock.SetUtcNow(next.Value);
        }
        if (Clock.GetUtcNow() < end)
            Clock.SetUtcNow(end);
    }

    /// <summary>Delivers a message that was already delivered once more (a duplicate from the broker).</summary>
    public async Task RedeliverAsync(string messageId)
    {
        var message = _history[messageId];
        await DispatchAsync(message, attempt: 2);
        await CollectOutboxAsync();
    }

    public IReadOnlyCollection<string> DeliveredMessageIds => _history.Keys;

    public IReadOnlyList<(string MessageId, DateTimeOffset VisibleAt)> Pending =>
        _queue.Select(d => (d.Message.MessageId, d.VisibleAt)).ToList();

    async Task DeliverDueAsync()
    {
        while (true)
        {
            var due = _queue.Where(d => d.VisibleAt <= Clock.GetUtcNow()).OrderBy(d => d.VisibleAt).FirstOrDefault();
            if (due is null)
                return;
            try
            {
                _history[due.Message.MessageId] = due.Message;
                await DispatchAsync(due.Message, due.Attempt);
                _queue.Remove(due);
            }
            catch (Exception e) when (e is not AssertionException)
            {
                HandlerErrors.Add($"{due.Message.MessageId}: {e.GetType().Name}: {e.Message}");
                if (e is PoisonMessageException || due.Attempt >= 8)
                {
                    DeadLetters.Add((due.Message.MessageId, e.Message));
                    _queue.Remove(due);
                }
                else
                {
                    // The bus' backoff: 5 s doubling, capped at 10 min.
                    due.VisibleAt = Clock.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(5 * Math.Pow(2, due.Attempt - 1), 600));
                    due.Attempt++;
                }
            }
            await CollectOutboxAsync();
        }
    }

    Task DispatchAsync(OutboxMessage message, int attempt) =>
        _services.GetRequiredService<MessageDispatcher>().DispatchAsync(
            new IncomingMessage(message.MessageId, message.Type, message.Body, attempt, message.PartitionKey,
                new Dictionary<string, string>(), Clock.GetUtcNow()), CancellationToken.None);

    async Task CollectOutboxAsync()
    {
        await using var db = Database.CreateContext();
        var rows = await db.Set<OutboxMessage>().OrderBy(m => m.Id).ToListAsync();
        if (rows.Count == 0)
            return;
        db.RemoveRange(rows);
        await db.SaveChangesAsync();
        foreach (var row in rows.Where(r => _published.Add(r.MessageId)))
            _queue.Add(new Delivery(row) { VisibleAt = row.DeliverAt ?? Clock.GetUtcNow() });
    }

    public async Task<T> QueryAsync<T>(Func<RecoveryDbContext, Task<T>> query)
    {
        await using var db = Database.CreateContext();
        return await query(db);
    }

    public Task<Journey> JourneyAsync(string token) =>
        QueryAsync(db => db.Set<Journey>().SingleAsync(j => j.CheckoutToken == token));

    public Task<List<EmailSend>> LedgerAsync(string token) =>
        QueryAsync(db => db.Set<EmailSend>().Where(s => db.Set<Journey>().Any(j => j.Id == s.JourneyId && j.CheckoutToken == token))
            .OrderBy(s => s.Step).ToListAsync());

    public T Resolve<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Runs <paramref name="act"/> with a scoped service, as an endpoint would.</summary>
    public async Task<TResult> InScopeAsync<TService, TResult>(Func<TService, Task<TResult>> act) where TService : notnull
    {
        await using var scope = _services.CreateAsyncScope();
        return await act(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await Database.DisposeAsync();
    }
}

/// <summary>Builds webhook bodies from Shopify's sample payloads (Fixtures/webhooks), changing only what a test needs.</summary>
public static class Payloads
{
    public static string Checkout(string token, DateTimeOffset updatedAt, decimal total = 120m, string? email = "shopper@example.com",
        bool acceptsMarketing = true, DateTimeOffset? completedAt = null, string currency = "USD", string presentment = "USD",
        string? sourceName = "web", string? phone = null, long? customerId = null, string? country = "US", string? province = "NY")
    {
        var json = JsonNode.Parse(TestApp.Fixture("webhooks/checkouts_update.json"))!.AsObject();
        json["token"] = token;
        json["cart_token"] = "cart-" + token;
        json["email"] = email;
        json["phone"] = phone;
        json["buyer_accepts_marketing"] = acceptsMarketing;
        json["created_at"] = updatedAt.ToString("O");
        json["updated_at"] = updatedAt.ToString("O");
        json["completed_at"] = completedAt?.ToString("O");
        json["currency"] = currency;
        json["presentment_currency"] = presentment;
        json["source_name"] = sourceName;
        json["total_price"] = total.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        json["subtotal_price"] = total.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        json["abandoned_checkout_url"] = $"https://harness.myshopify.com/1/checkouts/{token}/recover?key=k";
        if (customerId is null)
            json.Remove("customer");
        else
        {
            json["customer"]!["id"] = customerId;
            json["customer"]!["admin_graphql_api_id"] = $"gid://shopify/Customer/{customerId}";
            json["customer"]!["email"] = email;
        }
        json["shipping_address"]!["country_code"] = country;
        json["shipping_address"]!["province_code"] = province;
        return json.ToJsonString();
    }

    public static string Order(long orderId, string? checkoutToken, decimal total = 120m, string? email = "shopper@example.com",
        DateTimeOffset? createdAt = null, params (string Code, decimal Amount)[] codes)
    {
        var json = JsonNode.Parse(TestApp.Fixture("webhooks/orders_create.json"))!.AsObject();
        json["id"] = orderId;
        json["admin_graphql_api_id"] = $"gid://shopify/Order/{orderId}";
        json["checkout_token"] = checkoutToken;
        json["email"] = email;
        json["contact_email"] = email;
        json["cancelled_at"] = null;
        json["total_price"] = total.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        json.Remove("total_price_set");
        json.Remove("customer");
        json["created_at"] = (createdAt ?? RecoveryHarness.Start).ToString("O");
        var list = new JsonArray();
        foreach (var (code, amount) in codes)
            list.Add(new JsonObject { ["code"] = code, ["amount"] = amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), ["type"] = "percentage" });
        json["discount_codes"] = list;
        return json.ToJsonString();
    }

    public static string Consent(string email, string state, long? customerId = null)
    {
        var json = JsonNode.Parse(TestApp.Fixture("webhooks/customers_email_marketing_consent_update.json"))!.AsObject();
        json["customer_id"] = customerId;
        json["email_address"] = email;
        json["email_marketing_consent"]!["state"] = state;
        return json.ToJsonString();
    }
}
