using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Shopify.Admin;
using ShopifyRecovery.Shopify.Admin.Simulation;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Shopify;

public sealed class SimulatedShopifyAdminTests
{
    const string Sandbox = "sandbox-store.myshopify.com";
    static readonly DateTimeOffset Today = new(2026, 11, 23, 9, 30, 0, TimeSpan.Zero);

    static SimulatedShopifyAdmin Simulation(DateTimeOffset? now = null) =>
        new(Options.Create(new ShopifyOptions { AppUrl = "http://localhost:5000/" }), new FakeTimeProvider(now ?? Today));

    static DiscountCodeRequest Code(string code) =>
        new(code, "Recovery", DiscountKind.Percentage, 10m, 8_100_000_001, Today, Today.AddDays(2), null);

    [Test]
    public async Task Two_simulations_on_the_same_day_tell_exactly_the_same_story()
    {
        // Arrange
        var first = Simulation();
        var second = Simulation(Today.AddHours(5));
        // Act
        var facts = await Task.WhenAll(first.ListCustomers().Select(c => first.GetCustomerAsync(Sandbox, c.CustomerId, default)));
        var again = await Task.WhenAll(second.ListCustomers().Select(c => second.GetCustomerAsync(Sandbox, c.CustomerId, default)));
        // Assert
        Assert.That(facts.Select(Describe), Is.EqualTo(again.Select(Describe)));
        Assert.That(first.ListProducts(), Is.EqualTo(second.ListProducts()));
        Assert.That(await first.ListOrdersAsync(Sandbox, DateTimeOffset.MinValue, default),
            Is.EqualTo(await second.ListOrdersAsync(Sandbox, DateTimeOffset.MinValue, default)).Using<OrderRecord>(SameOrder));
    }

    [Test]
    public async Task The_sample_customers_cover_a_first_timer_a_returning_customer_a_vip_and_a_discount_seeker()
    {
        // Arrange
        var simulation = Simulation();
        async Task<CustomerFacts> Facts(string persona) =>
            (await simulation.GetCustomerAsync(Sandbox, simulation.ListCustomers().Single(c => c.Persona == persona).CustomerId, default))!;
        // Act
        var firstTimer = await Facts("first-timer");
        var returning = await Facts("returning");
        var vip = await Facts("vip");
        var seeker = await Facts("discount-seeker");
        var unsubscribed = await Facts("unsubscribed");
        // Assert
        Assert.Multiple(() =>
        {
            Assert.That((firstTimer.OrdersCount, firstTimer.LastOrderAt), Is.EqualTo((0L, (DateTimeOffset?)null)));
            Assert.That(returning.OrdersCount, Is.EqualTo(3));
            Assert.That(returning.LastOrderAt, Is.EqualTo(new DateTimeOffset(2026, 10, 9, 15, 0, 0, TimeSpan.Zero)));
            Assert.That(vip.Tags, Does.Contain("VIP"));
            Assert.That(vip.AmountSpent, Is.GreaterThan(2000m));
            Assert.That(seeker.RecentOrdersWithDiscount, Is.EqualTo(3));
            Assert.That(seeker.RecentOrders, Is.EqualTo(4));
            Assert.That(unsubscribed.EmailMarketingState, Is.EqualTo("unsubscribed"));
            Assert.That(firstTimer.EmailMarketingState, Is.EqualTo("subscribed"));
        });
    }

    [Test]
    public async Task A_code_created_twice_already_exists_with_the_same_id_whatever_its_case()
    {
        // Arrange
        var simulation = Simulation();
        var created = await simulation.CreateDiscountCodeAsync(Sandbox, Code("RECOVER-AB12"), default);
        // Act
        var repeated = await simulation.CreateDiscountCodeAsync(Sandbox, Code("recover-ab12"), default);
        // Assert
        Assert.That(created.Outcome, Is.EqualTo(DiscountOutcome.Created));
        Assert.That(repeated.Outcome, Is.EqualTo(DiscountOutcome.AlreadyExists));
        Assert.That(repeated.DiscountNodeId, Is.EqualTo(created.DiscountNodeId));
        Assert.That(created.DiscountNodeId, Is.EqualTo((await Simulation().CreateDiscountCodeAsync(Sandbox, Code("RECOVER-AB12"), default)).DiscountNodeId),
            "the id survives a restart of the playground");
    }

    [Test]
    public async Task A_deleted_code_can_be_created_again_and_an_invalid_one_is_rejected()
    {
        // Arrange
        var simulation = Simulation();
        var created = await simulation.CreateDiscountCodeAsync(Sandbox, Code("RECOVER-CD34"), default);
        // Act
        var deleted = await simulation.DeleteDiscountCodeAsync(Sandbox, created.DiscountNodeId!, default);
        var recreated = await simulation.CreateDiscountCodeAsync(Sandbox, Code("RECOVER-CD34"), default);
        var invalid = await simulation.CreateDiscountCodeAsync(Sandbox, Code("RECOVER-EF56") with { EndsAt = Today.AddDays(-1) }, default);
        // Assert
        Assert.That(deleted, Is.True);
        Assert.That(recreated.Outcome, Is.EqualTo(DiscountOutcome.Created));
        Assert.That(invalid.Outcome, Is.EqualTo(DiscountOutcome.Rejected));
        Assert.That(invalid.Errors.Single().Code, Is.EqualTo("END_DATE_BEFORE_START_DATE"));
    }

    [Test]
    public async Task A_sandbox_checkout_built_from_the_catalogue_is_listed_for_reconciliation()
    {
        // Arrange
        var simulation = Simulation();
        var vip = simulation.ListCustomers().Single(c => c.Persona == "vip");
        var blanket = simulation.ListProducts().Single(p => p.Handle == "wool-throw-blanket");
        var tee = simulation.ListProducts().Single(p => p.Handle == "organic-cotton-tee");
        // Act
        var checkout = simulation.CreateSandboxCheckout(Sandbox, new SandboxCheckoutRequest(vip.CustomerId, null,
            [new(blanket.VariantId, 1), new(tee.VariantId, 2)], Token: "sandbox-token-1"));
        var listed = await simulation.ListAbandonedCheckoutsAsync(Sandbox, Today.AddMinutes(-1), default);
        // Assert
        Assert.That(listed, Is.EqualTo(new[] { checkout }));
        Assert.That(checkout.Total, Is.EqualTo(210m + 2 * 24m));
        Assert.That(checkout.Email, Is.EqualTo(vip.Email));
        Assert.That(checkout.Lines[0].ImageUrl, Is.EqualTo("http://localhost:5000/playground/img/wool-throw-blanket.svg"));
        Assert.That(ShopifyAdminClient.CheckoutToken(checkout.RecoveryUrl), Is.EqualTo("sandbox-token-1"));
        Assert.That(await simulation.ListAbandonedCheckoutsAsync("other.myshopify.com", DateTimeOffset.MinValue, default), Is.Empty);
    }

    [Test]
    public void The_playground_without_credentials_uses_the_simulation_and_any_api_url_override_uses_the_real_client()
    {
        Assert.That(Resolve(new() { ["Shopify:ApiKey"] = null }), Is.TypeOf<SimulatedShopifyAdmin>());
        Assert.That(Resolve(new() { ["Shopify:ApiKey"] = null, ["Shopify:ApiBaseUrlOverride"] = "http://127.0.0.1:1/" }), Is.TypeOf<ShopifyAdminClient>());
        Assert.That(Resolve(new() { ["Shopify:ApiKey"] = "key", ["Shopify:ApiSecret"] = "secret" }), Is.TypeOf<ShopifyAdminClient>());
    }

    [Test]
    public async Task The_app_serves_the_sandbox_product_images_and_recovery_page()
    {
        // Arrange
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new TestApp(database);
        var client = app.CreateClient();
        // Act
        var image = await client.GetAsync("/playground/img/merino-crew-sweater.svg");
        var missing = await client.GetAsync("/playground/img/no-such-product.svg");
        var recovery = await client.GetStringAsync("/playground/checkouts/sandbox-token-1/recover?key=sandbox");
        // Assert
        Assert.That(image.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(image.Content.Headers.ContentType?.MediaType, Is.EqualTo("image/svg+xml"));
        Assert.That(await image.Content.ReadAsStringAsync(), Does.Contain("Merino Crew Sweater"));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(recovery, Does.Contain("sandbox-token-1"));
    }

    static IShopifyAdmin Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddOptions()
            .Configure<ShopifyOptions>(configuration.GetSection(ShopifyOptions.Section))
            .AddShopifyAdmin()
            .BuildServiceProvider();
        return services.GetRequiredService<IShopifyAdmin>();
    }

    static string Describe(CustomerFacts? facts) =>
        facts is null ? "null" : $"{facts with { Tags = [] }} tags={string.Join(',', facts.Tags)}";

    static bool SameOrder(OrderRecord a, OrderRecord b) =>
        a with { DiscountCodes = [] } == b with { DiscountCodes = [] } && a.DiscountCodes.SequenceEqual(b.DiscountCodes);
}
