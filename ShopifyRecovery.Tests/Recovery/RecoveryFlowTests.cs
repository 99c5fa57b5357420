using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Incentives;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Recovery;

/// <summary>The flow end to end through webhooks, the step handler and the ledger, over a real SQLite file.</summary>
public sealed class RecoveryFlowTests
{
    RecoveryHarness _h = null!;
    static readonly DateTimeOffset T0 = RecoveryHarness.Start;

    [SetUp]
    public async Task SetUp() => _h = await RecoveryHarness.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _h.DisposeAsync();

    [Test]
    public async Task An_unbought_checkout_gets_three_emails_and_the_first_has_no_discount()
    {
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c1", T0, total: 120m));

        await _h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(_h.Delivered, Has.Count.EqualTo(3));
        Assert.That(_h.ProviderCalls.Select(c => c.At), Is.EqualTo(new[] { T0.AddHours(1), T0.AddHours(24), T0.AddHours(72) }));
        Assert.That(_h.Templates.Models.Select(m => m.StepNumber), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(_h.Templates.Models[0].Discount, Is.Null);
        Assert.That(_h.Templates.Models[1].Discount, Is.Null);
        Assert.That(_h.Templates.Models[2].Discount!.Percentage, Is.EqualTo(10m), "120.00 is in the 10 % tier, last step only");
        var first = _h.Delivered[0];
        Assert.That(first.To, Is.EqualTo("shopper@example.com"));
        Assert.That(first.Headers["List-Unsubscribe"], Does.StartWith("<https://app.test/u/"));
        Assert.That(first.Headers["List-Unsubscribe-Post"], Is.EqualTo("List-Unsubscribe=One-Click"));
        Assert.That(first.CustomArgs["step"], Is.EqualTo("1"));
        Assert.That(first.CustomArgs["shop_id"], Is.EqualTo(_h.ShopId.ToString()));
        Assert.That(_h.Templates.Models[0].RecoveryUrl, Does.StartWith("https://app.test/r/"));
        Assert.That(_h.Templates.Models[0].Cart.Currency, Is.EqualTo("USD"));
        var ledger = await _h.LedgerAsync("c1");
        Assert.That(ledger.Select(s => (s.Step, s.Status)), Is.EqualTo(new[] { (1, SendStatusKind.Sent), (2, SendStatusKind.Sent), (3, SendStatusKind.Sent) }));
        Assert.That(_h.HandlerErrors, Is.Empty);
    }

    [Test]
    public async Task A_40_cart_gets_three_emails_and_no_code()
    {
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c40", T0, total: 40m));

        await _h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(_h.Delivered, Has.Count.EqualTo(3));
        Assert.That(_h.Templates.Models.Select(m => m.Discount), Is.All.Null);
        Assert.That(_h.Admin.CreateCalls, Is.Empty);
        Assert.That(await _h.QueryAsync(db => db.Set<IssuedDiscount>().CountAsync()), Is.Zero);
    }

    [Test]
    public async Task A_200_cart_gets_15_percent_and_free_shipping_in_the_last_step_created_once_even_when_Shopify_throttles()
    {
        _h.Admin.ThrottleNextCreates = 1;
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c200", T0, total: 200m));

        await _h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(_h.Delivered, Has.Count.EqualTo(3), "the throttled step was retried, not duplicated");
        var last = _h.Templates.Models.Single(m => m.StepNumber == 3).Discount!;
        Assert.That((last.Percentage, last.FreeShipping, last.Codes.Count), Is.EqualTo((15m, true, 2)));
        Assert.That(last.Code, Does.StartWith("BACK-"));
        Assert.That(last.Codes, Has.Some.StartWith("SHIP-"));
        Assert.That(last.ExpiresAt, Is.EqualTo(T0.AddHours(72 + 48)));
        Assert.That(_h.Admin.Codes.Keys, Is.EquivalentTo(last.Codes), "each code exists once in Shopify");
        Assert.That(_h.Admin.CreateCalls.Select(c => c.Code).Distinct(), Is.EquivalentTo(last.Codes), "the retry reused the same code strings");
        var percentage = _h.Admin.Codes[last.Code];
        Assert.That((percentage.Kind, percentage.Percentage, percentage.EndsAt), Is.EqualTo((ShopifyRecovery.Shopify.Admin.DiscountKind.Percentage, 15m, T0.AddHours(120))));
        var issued = await _h.QueryAsync(db => db.Set<IssuedDiscount>().ToListAsync());
        Assert.That(issued.Select(d => (d.Step, d.Status)), Is.All.EqualTo((3, DiscountStatus.Created)));
        Assert.That(_h.Templates.Models.Where(m => m.StepNumber < 3).Select(m => m.Discount), Is.All.Null);
    }

    [Test]
    public async Task An_order_after_step_1_stops_steps_2_and_3_and_is_attributed_to_the_send()
    {
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c-order", T0, total: 120m));
        await _h.RunAsync(TimeSpan.FromHours(2));
        Assert.That(_h.Delivered, Has.Count.EqualTo(1));

        await _h.WebhookAsync(ShopifyTopics.OrdersCreate, Payloads.Order(9001, "c-order", total: 118.50m, createdAt: T0.AddHours(3)));
        await _h.WebhookAsync(ShopifyTopics.OrdersPaid, Payloads.Order(9001, "c-order", total: 118.50m, createdAt: T0.AddHours(3)));
        await _h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(_h.Delivered, Has.Count.EqualTo(1));
        var journey = await _h.JourneyAsync("c-order");
        Assert.That((journey.Status, journey.Attribution, journey.AttributedStep), Is.EqualTo((JourneyStatus.Recovered, Attribution.AfterSend, (int?)1)));
        Assert.That((journey.RecoveredOrderId, journey.RecoveredRevenue, journey.RecoveredAt), Is.EqualTo(((long?)9001, (decimal?)118.50m, (DateTimeOffset?)T0.AddHours(3))));
        Assert.That((await _h.LedgerAsync("c-order")).Select(s => s.Step), Is.EqualTo(new[] { 1 }));
    }

    [Test]
    public async Task An_order_matched_only_by_email_closes_the_journey_before_the_next_step()
    {
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c-phone", T0, email: "Shopper@Example.com"));
        await _h.RunAsync(TimeSpan.FromHours(2));

        // Bought on another device: a different checkout, the same address.
        await _h.WebhookAsync(ShopifyTopics.OrdersCreate, Payloads.Order(9002, "another-checkout", email: " SHOPPER@example.COM", createdAt: T0.AddHours(5)));
        await _h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(_h.Delivered, Has.Count.EqualTo(1));
        Assert.That((await _h.JourneyAsync("c-phone")).Status, Is.EqualTo(JourneyStatus.Recovered));
    }

    [Test]
    public async Task Duplicated_and_out_of_order_webhooks_and_step_messages_change_nothing()
    {
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c-dup", T0, total: 120m), webhookId: "w1");
        await _h.WebhookAsync(ShopifyTopics.CheckoutsUpdate, Payloads.Checkout("c-dup", T0.AddMinutes(10), total: 130m), webhookId: "w2");
        // The same delivery again, then an update older than what we have, arriving late.
        await _h.WebhookAsync(ShopifyTopics.CheckoutsUpdate, Payloads.Checkout("c-dup", T0.AddMinutes(10), total: 130m), webhookId: "w2");
        await _h.WebhookAsync(ShopifyTopics.CheckoutsUpdate, Payloads.Checkout("c-dup", T0.AddMinutes(5), total: 999m), webhookId: "w3");
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c-dup", T0, total: 999m), webhookId: "w4");

        var journey = await _h.JourneyAsync("c-dup");
        Assert.That((journey.Total, journey.ActivityVersion, journey.LastActivityAt), Is.EqualTo((130m, 2, T0.AddMinutes(10))));

        await _h.RunAsync(TimeSpan.FromDays(5));
        foreach (var id in _h.DeliveredMessageIds.Where(id => id.StartsWith("journey-step:", StringComparison.Ordinal)).ToList())
            await _h.RedeliverAsync(id);
        await _h.RunAsync(TimeSpan.FromDays(1));

        Assert.That(_h.Delivered, Has.Count.EqualTo(3));
        Assert.That(_h.ProviderCalls[0].At, Is.EqualTo(T0.AddMinutes(70)), "step 1 counts from the last activity");
        Assert.That((await _h.LedgerAsync("c-dup")).Select(s => s.Step), Is.EqualTo(new[] { 1, 2, 3 }));
        Assert.That(await _h.QueryAsync(db => db.Set<Journey>().CountAsync()), Is.EqualTo(1));
    }

    [Test]
    public async Task A_shopper_who_did_not_subscribe_gets_nothing_and_each_step_records_why()
    {
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c-nc", T0, acceptsMarketing: false));

        await _h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(_h.ProviderCalls, Is.Empty);
        var ledger = await _h.LedgerAsync("c-nc");
        Assert.That(ledger.Select(s => (s.Step, s.Status, s.SkipReason)), Is.EqualTo(new[]
        {
            (1, SendStatusKind.Skipped, (string?)SkipReasons.NoConsent), (2, SendStatusKind.Skipped, SkipReasons.NoConsent), (3, SendStatusKind.Skipped, SkipReasons.NoConsent),
        }));
        var events = await _h.QueryAsync(db => db.Set<JourneyEvent>().Where(e => e.Kind == EventKinds.Skipped).CountAsync());
        Assert.That(events, Is.EqualTo(3));
    }

    [Test]
    public async Task A_non_subscriber_in_an_allowed_region_gets_only_the_first_reminder_and_never_in_the_EU()
    {
        await _h.SaveSettingsAsync(flow: FlowSettings.Default with { HoldoutPercent = 0, Consent = new ConsentPolicy { Mode = ConsentMode.AllowTransactionalWhereAllowed } });
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c-us", T0, acceptsMarketing: false, email: "us@example.com"));
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c-de", T0, acceptsMarketing: false, email: "de@example.com", country: "DE", province: null));

        await _h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(_h.Delivered.Select(m => (m.To, m.CustomArgs["step"])), Is.EqualTo(new[] { ("us@example.com", "1") }));
    }

    [Test]
    public async Task Unsubscribing_mid_journey_stops_the_remaining_steps()
    {
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c-unsub", T0));
        await _h.RunAsync(TimeSpan.FromHours(2));

        await _h.WebhookAsync(ShopifyTopics.CustomersEmailMarketingConsentUpdate, Payloads.Consent("SHOPPER@example.com", "unsubscribed"));
        await _h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(_h.Delivered, Has.Count.EqualTo(1));
        Assert.That((await _h.LedgerAsync("c-unsub")).Select(s => s.SkipReason), Is.EqualTo(new[] { null, SkipReasons.NoConsent, SkipReasons.NoConsent }));
    }

    [Test]
    public async Task A_suppressed_address_gets_nothing()
    {
        await _h.QueryAsync(async db =>
        {
            db.Add(new Suppression { ShopId = _h.ShopId, Email = "shopper@example.com", Reason = SuppressionReason.Unsubscribed, CreatedAt = T0 });
            return await db.SaveChangesAsync();
        });
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c-supp", T0, email: "Shopper@Example.com"));

        await _h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(_h.ProviderCalls, Is.Empty);
        Assert.That((await _h.LedgerAsync("c-supp")).Select(s => s.SkipReason), Is.All.EqualTo("suppressed_unsubscribed"));
    }

    [Test]
    public async Task A_step_due_in_the_shoppers_night_is_deferred_to_the_morning_not_dropped()
    {
        var evening = new DateTimeOffset(2026, 11, 24, 1, 30, 0, TimeSpan.Zero); // 20:30 in New York
        _h.Clock.SetUtcNow(evening);
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c-night", evening));

        await _h.RunAsync(TimeSpan.FromHours(20));

        Assert.That(_h.ProviderCalls.Select(c => c.At), Is.EqualTo(new[] { new DateTimeOffset(2026, 11, 24, 13, 0, 0, TimeSpan.Zero) }));
        var deferred = await _h.QueryAsync(db => db.Set<JourneyEvent>().Where(e => e.Kind == EventKinds.Deferred).Select(e => e.Step).ToListAsync());
        Assert.That(deferred, Is.EqualTo(new int?[] { 1 }));
        Assert.That((await _h.LedgerAsync("c-night")).Single().Status, Is.EqualTo(SendStatusKind.Sent));
    }

    [Test]
    public async Task Holdout_journeys_get_nothing_are_counted_per_step_and_their_orders_are_attributed_to_the_holdout()
    {
        await _h.SaveSettingsAsync(flow: FlowSettings.Default with { HoldoutPercent = 50 });
        for (var i = 0; i < 24; i++)
            await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout($"h{i}", T0, email: $"h{i}@example.com"));

        await _h.RunAsync(TimeSpan.FromDays(5));

        var journeys = await _h.QueryAsync(db => db.Set<Journey>().ToListAsync());
        var held = journeys.Where(j => j.IsHoldout).ToList();
        Assert.That(held, Is.Not.Empty);
        Assert.That(held.Count, Is.LessThan(24));
        Assert.That(_h.Delivered.Select(m => m.To), Has.None.AnyOf(held.Select(j => j.Email).ToArray()));
        Assert.That(_h.Delivered, Has.Count.EqualTo((24 - held.Count) * 3));
        var holdoutRows = await _h.QueryAsync(db => db.Set<EmailSend>().Where(s => s.SkipReason == SkipReasons.Holdout).CountAsync());
        Assert.That(holdoutRows, Is.EqualTo(held.Count * 3));

        await _h.WebhookAsync(ShopifyTopics.OrdersCreate, Payloads.Order(77, held[0].CheckoutToken, createdAt: _h.Clock.GetUtcNow()));
        var bought = await _h.JourneyAsync(held[0].CheckoutToken);
        Assert.That((bought.Status, bought.Attribution), Is.EqualTo((JourneyStatus.Recovered, Attribution.Holdout)));
    }

    [Test]
    public async Task An_order_before_its_checkout_webhook_means_the_late_checkout_never_starts_reminders()
    {
        await _h.WebhookAsync(ShopifyTopics.OrdersCreate, Payloads.Order(9100, "c-late", createdAt: T0));
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c-late", T0.AddMinutes(-5)));

        await _h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(_h.ProviderCalls, Is.Empty);
        Assert.That((await _h.JourneyAsync("c-late")).Status, Is.EqualTo(JourneyStatus.Completed));
    }

    [Test]
    public async Task An_order_before_the_first_email_closes_the_journey_without_claiming_it()
    {
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c-quick", T0));
        await _h.WebhookAsync(ShopifyTopics.OrdersCreate, Payloads.Order(9200, "c-quick", createdAt: T0.AddMinutes(20)));

        await _h.RunAsync(TimeSpan.FromDays(5));

        var journey = await _h.JourneyAsync("c-quick");
        Assert.That(_h.ProviderCalls, Is.Empty);
        Assert.That((journey.Status, journey.CloseReason, journey.RecoveredRevenue), Is.EqualTo((JourneyStatus.Completed, CloseReasons.OrderBeforeFirstEmail, (decimal?)null)));
    }

    [Test]
    public async Task A_completed_checkout_then_its_order_is_recovered_when_an_email_went_out_before()
    {
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c-race", T0));
        await _h.RunAsync(TimeSpan.FromHours(2));
        await _h.WebhookAsync(ShopifyTopics.CheckoutsUpdate, Payloads.Checkout("c-race", T0.AddHours(3), completedAt: T0.AddHours(3)));
        Assert.That((await _h.JourneyAsync("c-race")).Status, Is.EqualTo(JourneyStatus.Completed));

        await _h.WebhookAsync(ShopifyTopics.OrdersCreate, Payloads.Order(9300, "c-race", createdAt: T0.AddHours(3)));

        Assert.That((await _h.JourneyAsync("c-race")).Status, Is.EqualTo(JourneyStatus.Recovered));
    }

    [Test]
    public async Task A_phone_only_checkout_is_tracked_but_never_emailed_and_a_draft_order_checkout_is_ignored()
    {
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c-sms", T0, email: null, phone: "+15550100"));
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c-draft", T0, sourceName: "shopify_draft_order"));

        await _h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(_h.ProviderCalls, Is.Empty);
        Assert.That((await _h.JourneyAsync("c-sms")).Phone, Is.EqualTo("+15550100"));
        Assert.That(await _h.QueryAsync(db => db.Set<Journey>().AnyAsync(j => j.CheckoutToken == "c-draft")), Is.False);
        Assert.That(await _h.QueryAsync(db => db.Set<EmailSend>().CountAsync()), Is.Zero);
    }

    [Test]
    public async Task The_frequency_cap_holds_across_journeys_of_the_same_shopper()
    {
        await _h.SaveSettingsAsync(flow: FlowSettings.Default with { HoldoutPercent = 0, FrequencyCap = new FrequencyCap { Count = 2, Days = 7 } });
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("cap-a", T0));
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("cap-b", T0.AddMinutes(1)));

        await _h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(_h.Delivered, Has.Count.EqualTo(2));
        var capped = await _h.QueryAsync(db => db.Set<EmailSend>().CountAsync(s => s.SkipReason == SkipReasons.FrequencyCap));
        Assert.That(capped, Is.EqualTo(4));
    }

    [Test]
    public async Task A_deleted_checkout_and_an_uninstalled_shop_stop_all_reminders()
    {
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c-del", T0));
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c-uninstall", T0, email: "other@example.com"));

        await _h.WebhookAsync(ShopifyTopics.CheckoutsDelete, """{"id": 1, "cart_token": "cart-c-del"}""");
        await _h.WebhookAsync(ShopifyTopics.AppUninstalled, TestApp.Fixture("webhooks/app_uninstalled.json"));
        await _h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(_h.ProviderCalls, Is.Empty);
        Assert.That((await _h.JourneyAsync("c-del")).CloseReason, Is.EqualTo(CloseReasons.CheckoutDeleted));
        Assert.That((await _h.JourneyAsync("c-uninstall")).Status, Is.EqualTo(JourneyStatus.Suppressed));
    }

    [Test]
    public async Task A_used_code_is_marked_and_its_cost_is_charged_to_the_recovered_journey()
    {
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c-code", T0, total: 200m));
        await _h.RunAsync(TimeSpan.FromDays(4));
        var code = _h.Templates.Models.Single(m => m.StepNumber == 3).Discount!.Code;

        await _h.WebhookAsync(ShopifyTopics.OrdersCreate, Payloads.Order(9400, "c-code", total: 170m, createdAt: _h.Clock.GetUtcNow(), codes: (code.ToLowerInvariant(), 30m)));

        var journey = await _h.JourneyAsync("c-code");
        Assert.That((journey.Status, journey.AttributedStep, journey.RecoveredRevenue, journey.DiscountCost), Is.EqualTo((JourneyStatus.Recovered, (int?)3, (decimal?)170m, (decimal?)30m)));
        var issued = await _h.QueryAsync(db => db.Set<IssuedDiscount>().SingleAsync(d => d.Code == code));
        Assert.That((issued.Status, issued.Cost), Is.EqualTo((DiscountStatus.Used, (decimal?)30m)));
    }

    [Test]
    public async Task A_customer_holding_a_live_code_gets_no_second_one_and_a_discount_seeker_gets_none()
    {
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("live-a", T0, total: 200m, customerId: 555));
        await _h.RunAsync(TimeSpan.FromHours(73));
        Assert.That(_h.Templates.Models.Last().Discount, Is.Not.Null);

        // A second abandonment right after receiving a code: a live code exists and she is now a discount seeker.
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("live-b", _h.Clock.GetUtcNow(), total: 200m, customerId: 555));
        await _h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(_h.Templates.Models.Count(m => m.Discount is not null), Is.EqualTo(1));
        Assert.That(await _h.QueryAsync(db => db.Set<IssuedDiscount>().CountAsync()), Is.EqualTo(2), "the percentage and shipping codes of the first journey only");
    }

    [Test]
    public async Task A_vip_customer_from_the_Admin_API_gets_the_vip_variant_and_no_code()
    {
        _h.Admin.Customers[777] = new ShopifyRecovery.Shopify.Admin.CustomerFacts(777, "shopper@example.com", 12, 2500m, T0.AddDays(-5), [], "SUBSCRIBED", 4, 0);
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c-vip", T0, total: 300m, customerId: 777, acceptsMarketing: false));

        await _h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(_h.Delivered, Has.Count.EqualTo(3), "subscribed according to the customer record");
        Assert.That(_h.Templates.Models.Select(m => m.Discount), Is.All.Null);
        var ledger = await _h.LedgerAsync("c-vip");
        Assert.That(ledger.Select(s => (s.Segment, s.Variant)), Is.All.EqualTo(((string?)"vip", (string?)"vip")));
        Assert.That(_h.Admin.CustomerCalls, Is.EqualTo(2), "fetched for step 1, cached for step 2 (23 h later), refreshed for step 3");
    }

    [Test]
    public async Task The_customer_facts_call_to_Shopify_holds_no_database_write_lock()
    {
        _h.Admin.Customers[778] = new ShopifyRecovery.Shopify.Admin.CustomerFacts(778, "shopper@example.com", 12, 2500m, T0.AddDays(-5), [], "SUBSCRIBED", 4, 0);
        var otherWriterGotIn = new List<bool>();
        // While Shopify is "answering", another writer (say, a webhook being acknowledged) tries to take the write lock.
        _h.Admin.DuringCustomerCall = async () =>
        {
            await using var connection = new SqliteConnection(_h.Database.ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA busy_timeout = 0;";
            await command.ExecuteNonQueryAsync();
            command.CommandText = "BEGIN IMMEDIATE;";
            command.CommandTimeout = 1;
            try
            {
                await command.ExecuteNonQueryAsync();
                command.CommandText = "ROLLBACK;";
                await command.ExecuteNonQueryAsync();
                otherWriterGotIn.Add(true);
            }
            catch (SqliteException e) when (e.SqliteErrorCode == 5)
            {
                otherWriterGotIn.Add(false);
            }
        };
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("c-lock", T0, total: 300m, customerId: 778, acceptsMarketing: false));

        await _h.RunAsync(TimeSpan.FromHours(2));

        Assert.That(otherWriterGotIn, Is.Not.Empty.And.All.True, "no transaction is open while Shopify is called");
        var ledger = await _h.LedgerAsync("c-lock");
        Assert.That(ledger.Select(s => s.Segment), Is.EqualTo(new[] { "vip" }), "the fetched facts still decide the segment");
    }
}
