using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Shopify.Admin;

namespace ShopifyRecovery.Tests.Recovery;

public sealed class ReconciliationTests
{
    RecoveryHarness _h = null!;
    static readonly DateTimeOffset T0 = RecoveryHarness.Start;

    [SetUp]
    public async Task SetUp() => _h = await RecoveryHarness.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _h.DisposeAsync();

    static AbandonedCheckoutRecord Abandoned(string token, DateTimeOffset updatedAt, decimal total = 120m, string email = "lost@example.com") =>
        new(token, email, null, "Lee", null, updatedAt, updatedAt, null, $"https://harness.myshopify.com/r/{token}", "USD", total, total,
            [new AbandonedCheckoutLine("Lamp", "Brass", 1, total, null, "Lighting", 10, 11)]);

    Task ReconcileAsync(string slot) => _h.PublishAsync($"reconcile:{RecoveryHarness.ShopDomain}:{slot}", new ReconcileShop(RecoveryHarness.ShopDomain));

    [Test]
    public async Task A_checkout_whose_webhooks_were_lost_is_found_and_recovered_once()
    {
        _h.Admin.AbandonedCheckouts.Add(Abandoned("lost-1", T0.AddMinutes(-20)));

        await ReconcileAsync("1");
        await _h.RunAsync(TimeSpan.FromMinutes(15));
        await ReconcileAsync("2");
        await _h.WebhookAsync(ShopifyTopics.CheckoutsUpdate, Payloads.Checkout("lost-1", T0.AddMinutes(-20), email: "lost@example.com"));
        await _h.RunAsync(TimeSpan.FromHours(2));

        var journeys = await _h.QueryAsync(db => db.Set<Journey>().ToListAsync());
        Assert.That(journeys.Select(j => (j.CheckoutToken, j.ActivityVersion)), Is.EqualTo(new[] { ("lost-1", 1) }), "the second run and the late webhook were not newer");
        Assert.That(journeys[0].CartJson, Does.Contain("Lighting"));
        Assert.That((journeys[0].BuyerAcceptsMarketing, journeys[0].CountryCode), Is.EqualTo((true, "US")), "the late webhook filled what the Admin API lacks");
        var ledger = await _h.LedgerAsync("lost-1");
        Assert.That(ledger.Select(s => (s.Step, s.Status)), Is.EqualTo(new[] { (1, SendStatusKind.Sent) }));
        Assert.That(_h.ProviderCalls.Single().At, Is.EqualTo(T0.AddMinutes(40)), "one hour after the activity the Admin API reported");
        var shop = await _h.QueryAsync(db => db.Set<Shop>().SingleAsync());
        Assert.That(shop.LastReconciledAt, Is.Not.Null);
    }

    [Test]
    public async Task An_order_whose_webhook_was_lost_closes_the_journey_before_the_next_step()
    {
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("lost-order", T0));
        await _h.RunAsync(TimeSpan.FromHours(2));
        _h.Admin.Orders.Add(new OrderRecord(5150, "lost-order", null, "shopper@example.com", 99m, 0m, [], _h.Clock.GetUtcNow(), "USD"));

        await ReconcileAsync("1");
        await ReconcileAsync("2");
        await _h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(_h.Delivered, Has.Count.EqualTo(1));
        var journey = await _h.JourneyAsync("lost-order");
        Assert.That((journey.Status, journey.RecoveredRevenue), Is.EqualTo((JourneyStatus.Recovered, (decimal?)99m)));
        Assert.That(await _h.QueryAsync(db => db.Set<JourneyEvent>().CountAsync(e => e.Kind == EventKinds.Recovered)), Is.EqualTo(1));
    }

    [Test]
    public async Task Idle_journeys_expire_and_expired_unused_codes_are_deleted_from_the_shop()
    {
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("idle", T0, total: 200m));
        await _h.RunAsync(TimeSpan.FromDays(6));
        var codes = await _h.QueryAsync(db => db.Set<IssuedDiscount>().ToListAsync());
        Assert.That(codes.Select(c => c.Status), Is.All.EqualTo(DiscountStatus.Created));

        _h.Clock.SetUtcNow(T0.AddDays(15));
        await ReconcileAsync("late");
        await _h.RunAsync(TimeSpan.FromMinutes(1));

        Assert.That((await _h.JourneyAsync("idle")).Status, Is.EqualTo(JourneyStatus.Expired));
        Assert.That(_h.Admin.Deleted, Is.EquivalentTo(codes.Select(c => c.ShopifyNodeId)));
        Assert.That(await _h.QueryAsync(db => db.Set<IssuedDiscount>().Select(d => d.Status).ToListAsync()), Is.All.EqualTo(DiscountStatus.Deleted));
    }

    [Test]
    public async Task A_send_whose_message_was_dead_lettered_is_resumed_by_the_next_reconciliation()
    {
        // Rendering keeps failing until the step message dead-letters, leaving a committed pending row.
        _h.Templates.FailNextRenders = 8;
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("stuck", T0));
        await _h.RunAsync(TimeSpan.FromHours(2));
        Assert.That(_h.DeadLetters, Has.Count.EqualTo(1));
        Assert.That((await _h.LedgerAsync("stuck")).Single().Status, Is.EqualTo(SendStatusKind.Pending));

        _h.Clock.Advance(TimeSpan.FromHours(2));
        await ReconcileAsync("resume");
        await _h.RunAsync(TimeSpan.FromMinutes(5));

        Assert.That(_h.Delivered, Has.Count.EqualTo(1));
        Assert.That((await _h.LedgerAsync("stuck")).Single().Status, Is.EqualTo(SendStatusKind.Sent));
    }

    [Test]
    public async Task The_timer_publishes_one_reconciliation_per_installed_shop_per_slot()
    {
        await _h.QueryAsync(async db =>
        {
            db.Add(new Shop { Domain = "gone.myshopify.com", Installed = false });
            return await db.SaveChangesAsync();
        });
        var published = new List<OutgoingMessage>();
        var bus = new Mock<IMessageBus>();
        bus.Setup(b => b.PublishBatchAsync(Queues.JourneySteps, It.IsAny<IReadOnlyList<OutgoingMessage>>(), It.IsAny<CancellationToken>()))
            .Callback((string _, IReadOnlyList<OutgoingMessage> messages, CancellationToken _) => published.AddRange(messages))
            .Returns(Task.CompletedTask);
        var timer = new ReconciliationTimer(_h.Resolve<IServiceScopeFactory>(), bus.Object, Options.Create(new RecoveryOptions()), _h.Clock,
            NullLogger<ReconciliationTimer>.Instance);

        await timer.PublishAsync(CancellationToken.None);
        _h.Clock.Advance(TimeSpan.FromMinutes(1));
        await timer.PublishAsync(CancellationToken.None);
        _h.Clock.Advance(TimeSpan.FromMinutes(15));
        await timer.PublishAsync(CancellationToken.None);

        Assert.That(published.Select(m => m.PartitionKey), Is.All.EqualTo(RecoveryHarness.ShopDomain));
        Assert.That(published.Select(m => m.MessageId).Distinct().Count(), Is.EqualTo(2), "two slots, the same id within a slot");
        Assert.That(published.Select(m => m.Type), Is.All.EqualTo(nameof(ReconcileShop)));
    }
}
