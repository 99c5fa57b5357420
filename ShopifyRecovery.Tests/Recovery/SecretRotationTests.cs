using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopifyRecovery.Email;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Recovery;

/// <summary>
/// Rotating the Shopify client secret (Dev Dashboard → Rotate, then revoke the old one) restarts the App with a new
/// <c>Shopify:ApiSecret</c> and the old one in <c>Shopify:PreviousApiSecret</c>. What was built with the old secret must
/// keep working: Shopify's webhooks signed with either, unsubscribe links in emails already sent, and the opt-out of a
/// customer whose address was erased.
/// </summary>
public sealed class SecretRotationTests
{
    const string Shop = "rotating-store.myshopify.com";
    const string OldSecret = "secret-before-rotation";
    const string NewSecret = "secret-after-rotation";
    FakeShopify _shopify = null!;
    TestDatabase _database = null!;
    TestApp? _app;

    [SetUp]
    public async Task SetUp()
    {
        _shopify = await FakeShopify.StartAsync();
        _database = await TestDatabase.CreateAsync();
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_app is not null)
            await _app.DisposeAsync();
        await _database.DisposeAsync();
        await _shopify.DisposeAsync();
    }

    async Task<TestApp> StartAsync(string secret, string? previous = null)
    {
        if (_app is not null)
            await _app.DisposeAsync();
        _app = new TestApp(_database, new Dictionary<string, string?>
        {
            ["Shopify:ApiSecret"] = secret,
            ["Shopify:PreviousApiSecret"] = previous,
            ["Shopify:ApiBaseUrlOverride"] = _shopify.BaseUrl,
            ["Recovery:TimeScale"] = "100000",
            ["Recovery:ReconcileTimerEnabled"] = "false",
        });
        _app.CreateClient();
        return _app;
    }

    async Task<long> InstallAsync(TestApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var shop = await scope.ServiceProvider.GetRequiredService<ShopTokens>()
            .SaveInstallAsync(Shop, new ShopifyAccessToken(_shopify.AccessToken, FakeShopify.DefaultScopes, null, null, null), CancellationToken.None);
        var errors = await scope.ServiceProvider.GetRequiredService<ShopSettingsStore>()
            .SaveFlowAsync(shop.Id, FlowSettings.Default with { HoldoutPercent = 0, QuietHours = new QuietHours { Enabled = false } }, CancellationToken.None);
        Assert.That(errors, Is.Empty);
        return shop.Id;
    }

    static Task<HttpResponseMessage> UnsubscribeAsync(TestApp app, string url) =>
        app.CreateClient().PostAsync(new Uri(url).AbsolutePath, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

    Task<List<Suppression>> SuppressionsAsync() => Query(db => db.Set<Suppression>().AsNoTracking().ToListAsync());

    async Task<T> Query<T>(Func<ShopifyRecovery.Persistence.RecoveryDbContext, Task<T>> query)
    {
        await using var db = _database.CreateContext();
        return await query(db);
    }

    [Test]
    public async Task Webhooks_signed_with_the_old_or_the_new_secret_are_accepted_while_the_old_one_is_being_revoked()
    {
        await StartAsync(NewSecret, previous: OldSecret);
        var body = Payloads.Checkout("rotation-1", DateTimeOffset.UtcNow);

        var old = await _app!.PostWebhookAsync(ShopifyTopics.CheckoutsUpdate, Shop, body, secret: OldSecret);
        var current = await _app.PostWebhookAsync(ShopifyTopics.CheckoutsUpdate, Shop, body, secret: NewSecret);
        var other = await _app.PostWebhookAsync(ShopifyTopics.CheckoutsUpdate, Shop, body, secret: "some-other-secret");

        Assert.That((old.StatusCode, current.StatusCode, other.StatusCode),
            Is.EqualTo((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized)));

        await StartAsync(NewSecret);
        var afterRevoke = await _app!.PostWebhookAsync(ShopifyTopics.CheckoutsUpdate, Shop, body, secret: OldSecret);
        Assert.That(afterRevoke.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), "once PreviousApiSecret is removed the old secret is refused");
    }

    [Test]
    public async Task Links_sent_and_opt_outs_kept_before_a_rotation_still_work_after_it()
    {
        var before = await StartAsync(OldSecret);
        var shopId = await InstallAsync(before);
        var links = before.Services.GetRequiredService<ILinkBuilder>();
        var adaLink = links.UnsubscribeUrl(shopId, "ada@example.com");
        var bobLink = links.UnsubscribeUrl(shopId, "bob@example.com");
        // Ada opts out, then asks to be forgotten: her address goes, her opt-out stays as a keyed hash.
        Assert.That((await UnsubscribeAsync(before, adaLink)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var redact = $$"""{"shop_id": 1, "shop_domain": "{{Shop}}", "customer": {"id": 77, "email": "ada@example.com", "phone": null}, "orders_to_redact": []}""";
        Assert.That((await before.PostWebhookAsync(ShopifyTopics.CustomersRedact, Shop, redact, secret: OldSecret)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        await Eventually.WaitForAsync(SuppressionsAsync, s => s.Count == 1 && s[0].Email.StartsWith(EmailAddresses.RedactedPrefix, StringComparison.Ordinal),
            "Ada's opt-out to be kept as a hash", TimeSpan.FromSeconds(30));

        var after = await StartAsync(NewSecret, previous: OldSecret);

        // Bob's email went out before the rotation; its unsubscribe link must still unsubscribe him.
        var bob = await UnsubscribeAsync(after, bobLink);
        Assert.That(bob.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((await SuppressionsAsync()).Select(s => s.Email), Does.Contain("bob@example.com"));

        // Ada abandons a cart again: nothing may be sent to her.
        var checkout = Payloads.Checkout("ada-again", DateTimeOffset.UtcNow, email: "Ada@Example.com", customerId: null);
        Assert.That((await after.PostWebhookAsync(ShopifyTopics.CheckoutsCreate, Shop, checkout, secret: NewSecret)).StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var steps = await Eventually.WaitForAsync(() => Query(db => db.Set<EmailSend>().AsNoTracking()
                .Where(s => s.ShopId == shopId).Select(s => new { s.Status, s.SkipReason }).ToListAsync()),
            s => s.Count == 3 && s.All(x => x.Status != SendStatusKind.Pending), "Ada's three steps to be settled", TimeSpan.FromSeconds(60));

        Assert.That(steps.Select(s => (s.Status, s.SkipReason)),
            Is.All.EqualTo((SendStatusKind.Skipped, (string?)SkipReasons.Suppressed(SuppressionReason.Unsubscribed))));
        var outbox = Path.Combine(_database.Directory, "outbox");
        Assert.That(Directory.Exists(outbox) ? Directory.GetFiles(outbox, "*.eml") : [], Is.Empty);
    }
}
