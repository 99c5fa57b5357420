using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Email;
using ShopifyRecovery.Intake;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Security;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Tests.Recovery;

public sealed class RecoveryPersonalDataTests
{
    RecoveryHarness _h = null!;
    static readonly DateTimeOffset T0 = RecoveryHarness.Start;

    [SetUp]
    public async Task SetUp()
    {
        _h = await RecoveryHarness.CreateAsync();
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("pd-1", T0, total: 200m, customerId: 4242, email: "ada@example.com"));
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("pd-other", T0, email: "someone@example.com"));
        await _h.RunAsync(TimeSpan.FromDays(4));
        await _h.WebhookAsync(ShopifyTopics.OrdersCreate, Payloads.Order(600, "pd-1", total: 180m, email: "ada@example.com", createdAt: _h.Clock.GetUtcNow()));
        await _h.QueryAsync(async db =>
        {
            db.Add(new Suppression { ShopId = _h.ShopId, Email = "ada@example.com", Reason = SuppressionReason.Complained, CreatedAt = T0 });
            db.Add(new CustomerProfile { ShopId = _h.ShopId, CustomerId = 4242, OrdersCount = 2, FetchedAt = T0 });
            return await db.SaveChangesAsync();
        });
    }

    [TearDown]
    public async Task TearDown() => await _h.DisposeAsync();

    async Task<T> WithOwnerAsync<T>(Func<RecoveryPersonalData, Task<T>> act) =>
        await _h.QueryAsync(async db =>
        {
            var result = await act(new RecoveryPersonalData(db, _h.Resolve<AppSecrets>(), _h.Clock));
            await db.SaveChangesAsync();
            return result;
        });

    [Test]
    public async Task An_export_lists_the_customers_journeys_emails_codes_and_suppressions_and_nobody_elses()
    {
        var export = await WithOwnerAsync(owner => owner.ExportAsync(_h.ShopId, new CustomerRef(4242, "ada@example.com", null), CancellationToken.None));

        var json = JsonSerializer.Serialize(export);
        Assert.That(json, Does.Contain("pd-1").And.Contain("ada@example.com").And.Contain("BACK-").And.Contain("Complained"));
        Assert.That(json, Does.Not.Contain("someone@example.com"));
        using var document = JsonDocument.Parse(json);
        Assert.That(document.RootElement.GetProperty("emails").GetArrayLength(), Is.EqualTo(3));
    }

    [Test]
    public async Task Erasing_a_customer_anonymises_what_feeds_the_reports_and_deletes_the_rest()
    {
        await WithOwnerAsync(async owner =>
        {
            await owner.EraseCustomerAsync(_h.ShopId, new CustomerRef(4242, "ada@example.com", null), CancellationToken.None);
            return 0;
        });

        var journey = await _h.JourneyAsync("pd-1");
        Assert.That((journey.Email, journey.CustomerId, journey.FirstName, journey.CartJson), Is.EqualTo(((string?)null, (long?)null, (string?)null, "[]")));
        Assert.That((journey.Status, journey.RecoveredRevenue), Is.EqualTo((JourneyStatus.Recovered, (decimal?)180m)), "aggregates stay");
        var sends = await _h.LedgerAsync("pd-1");
        Assert.That(sends.Select(s => (s.ToEmail, s.Html)), Is.All.EqualTo((RecoveryPersonalData.Redacted, (string?)null)));
        Assert.That(sends.Select(s => s.Status), Is.All.EqualTo(SendStatusKind.Sent));
        var codes = await _h.QueryAsync(db => db.Set<IssuedDiscount>().Where(d => d.JourneyId == journey.Id).ToListAsync());
        Assert.That(codes, Has.Count.EqualTo(2));
        Assert.That(codes.Select(d => (d.Email, d.CustomerId)), Is.All.EqualTo(((string?)null, (long?)null)));
        Assert.That(await _h.QueryAsync(db => db.Set<IssuedDiscount>().CountAsync(d => d.Email == "someone@example.com")), Is.EqualTo(1), "others keep theirs");
        var suppressions = await _h.QueryAsync(db => db.Set<Suppression>().ToListAsync());
        Assert.That(suppressions.Select(s => (s.Email, s.Reason)), Is.EqualTo(new[]
        {
            (EmailAddresses.Redacted("ada@example.com", EmailAddresses.RedactionKey(_h.Resolve<AppSecrets>())), SuppressionReason.Complained),
        }), "the opt-out stays, the address does not");
        Assert.That(suppressions.Single().Email, Does.Not.Contain("ada"));
        Assert.That(await _h.QueryAsync(db => db.Set<CustomerProfile>().CountAsync()), Is.Zero);
        Assert.That((await _h.JourneyAsync("pd-other")).Email, Is.EqualTo("someone@example.com"));
    }

    [Test]
    public async Task An_erased_customer_who_had_opted_out_is_not_emailed_when_they_abandon_again()
    {
        await WithOwnerAsync(async owner =>
        {
            await owner.EraseCustomerAsync(_h.ShopId, new CustomerRef(4242, "ada@example.com", null), CancellationToken.None);
            return 0;
        });
        var sentBefore = _h.Delivered.Count;

        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("pd-again", _h.Clock.GetUtcNow(), email: "Ada@Example.com"));
        await _h.RunAsync(TimeSpan.FromDays(4));

        Assert.That(_h.Delivered, Has.Count.EqualTo(sentBefore));
        var ledger = await _h.LedgerAsync("pd-again");
        Assert.That(ledger, Is.Not.Empty);
        Assert.That(ledger.Select(s => s.SkipReason), Is.All.StartWith("suppressed"));
    }

    [Test]
    public async Task Erasing_the_shop_removes_every_recovery_row_it_owns()
    {
        await WithOwnerAsync(async owner =>
        {
            await owner.EraseShopAsync(_h.ShopId, CancellationToken.None);
            return 0;
        });

        Assert.That(await _h.QueryAsync(db => db.Set<Journey>().CountAsync()), Is.Zero);
        Assert.That(await _h.QueryAsync(db => db.Set<EmailSend>().CountAsync()), Is.Zero);
        Assert.That(await _h.QueryAsync(db => db.Set<IssuedDiscount>().CountAsync()), Is.Zero);
        Assert.That(await _h.QueryAsync(db => db.Set<JourneyEvent>().CountAsync()), Is.Zero);
        Assert.That(await _h.QueryAsync(db => db.Set<Suppression>().CountAsync()), Is.Zero);
    }

    [Test]
    public async Task The_customers_redact_webhook_reaches_recovery_through_the_compliance_handler()
    {
        var payload = $$"""{"shop_id": 1, "shop_domain": "{{RecoveryHarness.ShopDomain}}", "customer": {"id": 4242, "email": "ada@example.com", "phone": null}, "orders_to_redact": []}""";

        await _h.WebhookAsync(ShopifyTopics.CustomersRedact, payload);

        Assert.That((await _h.JourneyAsync("pd-1")).Email, Is.Null);
    }
}
