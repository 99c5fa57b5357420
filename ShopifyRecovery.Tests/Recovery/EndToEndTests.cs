using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopifyRecovery.Email;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Messaging.Embedded;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Recovery;

/// <summary>
/// The whole product through the real host: signed webhooks in, the in-process worker, a fake Shopify over HTTP
/// (Shopify:ApiBaseUrlOverride) for the Admin API, the outbox for email, and Recovery:TimeScale compressing the days.
/// </summary>
public sealed class EndToEndTests
{
    const string Shop = "e2e-store.myshopify.com";
    FakeShopify _shopify = null!;
    TestDatabase _database = null!;
    TestApp _app = null!;
    long _shopId;

    string Outbox => Path.Combine(_database.Directory, "outbox");

    async Task StartAsync(int timeScale, FlowSettings? flow = null)
    {
        _shopify = await FakeShopify.StartAsync();
        _database = await TestDatabase.CreateAsync();
        _app = new TestApp(_database, new Dictionary<string, string?>
        {
            ["Shopify:ApiBaseUrlOverride"] = _shopify.BaseUrl,
            ["Recovery:TimeScale"] = timeScale.ToString(),
            ["Recovery:ReconcileTimerEnabled"] = "false",
        });
        _app.CreateClient();
        await using var scope = _app.Services.CreateAsyncScope();
        var shop = await scope.ServiceProvider.GetRequiredService<ShopTokens>()
            .SaveInstallAsync(Shop, new ShopifyAccessToken(_shopify.AccessToken, FakeShopify.DefaultScopes, null, null, null), CancellationToken.None);
        await using (var db = _app.CreateDbContext())
        {
            var row = await db.Set<Shop>().SingleAsync(s => s.Id == shop.Id);
            (row.Name, row.Email, row.Address, row.IanaTimeZone, row.Currency) = ("E2E Store", "owner@e2e.example", "1 Main St, Springfield", "UTC", "USD");
            await db.SaveChangesAsync();
        }
        _shopId = shop.Id;
        var errors = await scope.ServiceProvider.GetRequiredService<ShopSettingsStore>()
            .SaveFlowAsync(_shopId, flow ?? FlowSettings.Default with { HoldoutPercent = 0, QuietHours = new QuietHours { Enabled = false } }, CancellationToken.None);
        Assert.That(errors, Is.Empty);
    }

    [TearDown]
    public async Task TearDown()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
        await _shopify.DisposeAsync();
    }

    Task CheckoutAsync(string token, decimal total, string? email = "shopper@example.com", bool acceptsMarketing = true, long? customerId = 42,
        DateTimeOffset? updatedAt = null, string? webhookId = null, string topic = "checkouts/create") =>
        PostOkAsync(topic, Payloads.Checkout(token, updatedAt ?? DateTimeOffset.UtcNow, total: total, email: email,
            acceptsMarketing: acceptsMarketing, customerId: customerId), webhookId);

    async Task PostOkAsync(string topic, string body, string? webhookId = null)
    {
        var response = await _app.PostWebhookAsync(topic, Shop, body, webhookId);
        Assert.That(response.IsSuccessStatusCode, Is.True, $"{topic} answered {(int)response.StatusCode}");
    }

    async Task<List<EmailSend>> LedgerAsync(string checkoutToken)
    {
        await using var db = _app.CreateDbContext();
        var journey = await db.Set<Journey>().SingleOrDefaultAsync(j => j.ShopId == _shopId && j.CheckoutToken == checkoutToken);
        return journey is null ? [] : await db.Set<EmailSend>().Where(s => s.JourneyId == journey.Id).OrderBy(s => s.Step).ToListAsync();
    }

    Task<List<EmailSend>> SettledStepsAsync(string token, int steps) =>
        Eventually.WaitForAsync(() => LedgerAsync(token), l => l.Count(s => s.Status != SendStatusKind.Pending) == steps,
            $"{steps} settled steps for {token}", TimeSpan.FromSeconds(60));

    string[] Emails() => Directory.Exists(Outbox) ? Directory.GetFiles(Outbox, "*.eml") : [];

    /// <summary>No step message for this shop is still waiting on the bus.</summary>
    Task BusDrainedAsync() => Eventually.WaitForAsync(async () =>
    {
        await using var db = _app.CreateDbContext();
        return !await db.Set<QueueMessageRow>().AnyAsync(m => m.Queue == Queues.JourneySteps && m.CompletedAt == null)
            && !await db.Set<OutboxMessage>().AnyAsync();
    }, "every scheduled step to have been handled", TimeSpan.FromSeconds(60));

    [Test]
    public async Task An_unbought_200_checkout_gets_three_emails_and_only_the_last_carries_one_15_percent_and_free_shipping_code_pair()
    {
        await StartAsync(timeScale: 100_000);

        await CheckoutAsync("big-cart", 200m);
        var ledger = await SettledStepsAsync("big-cart", 3);

        Assert.That(ledger.Select(s => s.Status), Is.All.EqualTo(SendStatusKind.Sent));
        Assert.That(ledger.Take(2).Select(s => s.DiscountCode), Is.All.Null, "no discount before the last step");
        var codes = ledger[2].DiscountCode!.Split(',');
        Assert.That(codes, Has.Length.EqualTo(2));
        Assert.That(_shopify.GraphQLRequests("discountCodeBasicCreate"), Has.Count.EqualTo(1));
        Assert.That(_shopify.GraphQLRequests("discountCodeFreeShippingCreate"), Has.Count.EqualTo(1));
        Assert.That(_shopify.GraphQLRequests("discountCodeBasicCreate")[0].AccessToken, Is.EqualTo(_shopify.AccessToken));

        var emails = Emails().Select(File.ReadAllText).ToList();
        Assert.That(emails, Has.Count.EqualTo(3));
        Assert.That(emails.Count(e => e.Contains(codes[0])), Is.EqualTo(1), "only the last email shows the code");
        Assert.That(emails, Has.All.Contain("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    }

    [Test]
    public async Task A_40_cart_gets_three_emails_and_no_code()
    {
        await StartAsync(timeScale: 100_000);

        await CheckoutAsync("small-cart", 40m);
        var ledger = await SettledStepsAsync("small-cart", 3);

        Assert.That(ledger.Select(s => s.Status), Is.All.EqualTo(SendStatusKind.Sent));
        Assert.That(ledger.Select(s => s.DiscountCode), Is.All.Null);
        Assert.That(_shopify.GraphQLRequests("discountCodeBasicCreate"), Is.Empty);
        Assert.That(Emails(), Has.Length.EqualTo(3));
    }

    [Test]
    public async Task An_order_after_the_first_email_stops_the_second_and_third()
    {
        await StartAsync(timeScale: 10_000); // 1 h → 0.36 s, 24 h → 8.6 s

        await CheckoutAsync("bought", 120m);
        await Eventually.WaitForAsync(() => Task.FromResult(Emails().Length), n => n == 1, "the first reminder");
        // This host runs on the wall clock, so the order is placed now: the harness default is a fixed instant.
        await PostOkAsync("orders/create", Payloads.Order(9001, "bought", total: 120m, createdAt: DateTimeOffset.UtcNow));
        await Eventually.WaitForAsync(async () =>
        {
            await using var db = _app.CreateDbContext();
            return await db.Set<Journey>().Where(j => j.CheckoutToken == "bought").Select(j => j.Status).SingleAsync();
        }, status => status == JourneyStatus.Recovered, "the journey to be recovered");
        await BusDrainedAsync();

        Assert.That(Emails(), Has.Length.EqualTo(1));
        var ledger = await LedgerAsync("bought");
        Assert.That(ledger.Where(s => s.Status == SendStatusKind.Sent).Select(s => s.Step), Is.EqualTo(new[] { 1 }));
        await using var check = _app.CreateDbContext();
        var journey = await check.Set<Journey>().SingleAsync(j => j.CheckoutToken == "bought");
        Assert.That((journey.RecoveredOrderId, journey.Attribution, journey.AttributedStep), Is.EqualTo(((long?)9001, Attribution.AfterSend, (int?)1)));
    }

    [Test]
    public async Task Duplicated_and_out_of_order_checkout_webhooks_change_nothing()
    {
        await StartAsync(timeScale: 1); // real time: nothing is due during the test
        var t = DateTimeOffset.UtcNow;

        await CheckoutAsync("dup", 120m, updatedAt: t, webhookId: "wh-a");
        await CheckoutAsync("dup", 120m, updatedAt: t, webhookId: "wh-a");                                  // Shopify retry
        await CheckoutAsync("dup", 999m, updatedAt: t.AddMinutes(-5), webhookId: "wh-b", topic: "checkouts/update"); // late, older
        await Eventually.WaitForAsync(async () =>
        {
            await using var db = _app.CreateDbContext();
            return await db.Set<InboxEntry>().CountAsync();
        }, n => n == 2, "both distinct deliveries to be handled");

        await using var check = _app.CreateDbContext();
        var journey = await check.Set<Journey>().SingleAsync();
        Assert.That(journey.Total, Is.EqualTo(120m), "the older payload did not overwrite the newer");
        Assert.That(journey.ActivityVersion, Is.EqualTo(1));
        Assert.That(await check.Set<QueueMessageRow>().CountAsync(m => m.Queue == Queues.ShopifyEvents), Is.EqualTo(2));
        var scheduled = await check.Set<QueueMessageRow>().CountAsync(m => m.Queue == Queues.JourneySteps)
            + await check.Set<OutboxMessage>().CountAsync(m => m.Queue == Queues.JourneySteps);
        Assert.That(scheduled, Is.EqualTo(1), "one first step scheduled (on the bus, or committed in the outbox on its way there)");
    }

    [Test]
    public async Task An_unsubscribed_or_non_consenting_shopper_gets_nothing()
    {
        await StartAsync(timeScale: 100_000);
        await using (var db = _app.CreateDbContext())
        {
            db.Set<Suppression>().Add(new Suppression { ShopId = _shopId, Email = EmailAddresses.Normalize("gone@example.com"), Reason = SuppressionReason.Unsubscribed, CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync();
        }

        await CheckoutAsync("unsub", 120m, email: "Gone@Example.com");
        await CheckoutAsync("no-consent", 120m, email: "quiet@example.com", acceptsMarketing: false, customerId: null);
        var unsubscribed = await SettledStepsAsync("unsub", 3);
        var nonConsenting = await SettledStepsAsync("no-consent", 3);

        Assert.That(Emails(), Is.Empty);
        Assert.That(unsubscribed.Select(s => s.SkipReason), Is.All.EqualTo("suppressed_unsubscribed"));
        Assert.That(nonConsenting.Select(s => s.SkipReason), Is.All.EqualTo("no_consent"));
    }

    [Test]
    public async Task A_step_due_in_quiet_hours_is_deferred_not_sent_and_not_dropped()
    {
        // Quiet hours around the shopper's present moment (New York, from the checkout's address).
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));
        var quiet = new QuietHours { Enabled = true, Start = TimeOnly.FromDateTime(local.AddHours(-2).DateTime), End = TimeOnly.FromDateTime(local.AddHours(2).DateTime) };
        await StartAsync(timeScale: 100_000, FlowSettings.Default with { HoldoutPercent = 0, QuietHours = quiet });

        await CheckoutAsync("night", 120m);
        await Eventually.WaitForAsync(async () =>
        {
            await using var db = _app.CreateDbContext();
            return await db.Set<JourneyEvent>().AnyAsync(e => e.Kind == EventKinds.Deferred && e.Step == 1);
        }, "the first step to be deferred");

        Assert.That(Emails(), Is.Empty);
        await using var check = _app.CreateDbContext();
        var journey = await check.Set<Journey>().SingleAsync();
        Assert.That(journey.Status, Is.EqualTo(JourneyStatus.Active));
        Assert.That(journey.NextStep, Is.EqualTo(1), "the step is still to come");
        Assert.That(journey.NextStepDueAt, Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(90)), "due after quiet hours end");
    }

    [Test]
    public async Task Holdout_journeys_get_nothing_and_are_counted()
    {
        await StartAsync(timeScale: 100_000, FlowSettings.Default with { HoldoutPercent = 50, QuietHours = new QuietHours { Enabled = false } });

        var tokens = Enumerable.Range(0, 16).Select(i => $"h-{i}").ToList();
        foreach (var token in tokens)
            await CheckoutAsync(token, 40m, email: $"{token}@example.com");
        foreach (var token in tokens)
            await SettledStepsAsync(token, 3);

        await using var db = _app.CreateDbContext();
        var journeys = await db.Set<Journey>().ToListAsync();
        var held = journeys.Where(j => j.IsHoldout).Select(j => j.Id).ToList();
        Assert.That(held, Is.Not.Empty, "about half of 16 journeys are held out");
        Assert.That(held.Count, Is.LessThan(16));
        var heldSends = await db.Set<EmailSend>().Where(s => held.Contains(s.JourneyId)).ToListAsync();
        Assert.That(heldSends.Select(s => s.Status), Is.All.EqualTo(SendStatusKind.Skipped));
        Assert.That(heldSends.Select(s => s.SkipReason), Is.All.EqualTo("holdout"));
        Assert.That(Emails(), Has.Length.EqualTo((16 - held.Count) * 3));
    }
}
