using ShopifyRecovery.Shopify.Admin;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Shopify;

public sealed class ShopifyAdminQueryTests
{
    static readonly DateTimeOffset Since = new(2026, 11, 22, 8, 30, 0, TimeSpan.Zero);

    [Test]
    public async Task Customer_facts_count_recent_orders_that_used_a_discount_code()
    {
        // Arrange
        await using var harness = await AdminHarness.StartAsync();
        harness.Shopify.On("customer", FakeShopify.Data("""
            {"customer":{"id":"gid://shopify/Customer/820982911946154508","numberOfOrders":"12","amountSpent":{"amount":"1240.75","currencyCode":"USD"},
             "lastOrder":{"processedAt":"2026-11-01T10:00:00Z"},"tags":["VIP","wholesale"],
             "defaultEmailAddress":{"emailAddress":"vip@example.com","marketingState":"SUBSCRIBED"},
             "orders":{"nodes":[{"discountCodes":["SAVE10"]},{"discountCodes":[]},{"discountCodes":["A","B"]}]}}}
            """));
        // Act
        var facts = await harness.Admin.GetCustomerAsync(AdminHarness.ShopDomain, 820982911946154508, CancellationToken.None);
        // Assert
        Assert.That(facts, Is.Not.Null);
        Assert.That(facts! with { Tags = [] }, Is.EqualTo(new CustomerFacts(820982911946154508, "vip@example.com", 12, 1240.75m,
            new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero), [], "subscribed", RecentOrders: 3, RecentOrdersWithDiscount: 2)));
        Assert.That(facts.Tags, Is.EqualTo(new[] { "VIP", "wholesale" }));
        Assert.That(harness.Shopify.GraphQLRequests("Customer").Single().Variables!["id"]!.GetValue<string>(),
            Is.EqualTo("gid://shopify/Customer/820982911946154508"));
    }

    [Test]
    public async Task An_unknown_customer_is_null_rather_than_an_error()
    {
        // Arrange
        await using var harness = await AdminHarness.StartAsync();
        harness.Shopify.On("customer", FakeShopify.Data("""{"customer":null}"""));
        // Act
        var facts = await harness.Admin.GetCustomerAsync(AdminHarness.ShopDomain, 5, CancellationToken.None);
        // Assert
        Assert.That(facts, Is.Null);
    }

    [Test]
    public async Task Abandoned_checkouts_are_read_page_after_page_since_the_given_time()
    {
        // Arrange
        await using var harness = await AdminHarness.StartAsync();
        harness.Shopify
            .On("abandonedCheckouts", Page("""[{{a}},{{b}}]""", "cursor-1"))
            .On("abandonedCheckouts", Page("""[{{c}}]""", null));
        // Act
        var checkouts = await harness.Admin.ListAbandonedCheckoutsAsync(AdminHarness.ShopDomain, Since, CancellationToken.None);
        // Assert
        var requests = harness.Shopify.GraphQLRequests("AbandonedCheckouts");
        Assert.That(requests, Has.Count.EqualTo(2));
        Assert.That(requests[0].Variables!["query"]!.GetValue<string>(), Is.EqualTo("updated_at:>'2026-11-22T08:30:00Z'"));
        Assert.That(requests[0].Variables!["after"], Is.Null);
        Assert.That(requests[1].Variables!["after"]!.GetValue<string>(), Is.EqualTo("cursor-1"));
        Assert.That(checkouts.Select(c => c.Token), Is.EqualTo(new[] { "0123456789abcdef0456456789abcdef", "tok-b", "tok-c" }));
    }

    [Test]
    public async Task An_abandoned_checkout_is_mapped_to_the_terms_of_the_checkout_webhook()
    {
        // Arrange
        await using var harness = await AdminHarness.StartAsync();
        harness.Shopify.On("abandonedCheckouts", Page("""[{{a}}]""", null));
        // Act
        var checkout = (await harness.Admin.ListAbandonedCheckoutsAsync(AdminHarness.ShopDomain, Since, CancellationToken.None)).Single();
        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(checkout.Token, Is.EqualTo("0123456789abcdef0456456789abcdef"));
            Assert.That(checkout.RecoveryUrl, Is.EqualTo("https://fake-shop.example/14168/checkouts/0123456789abcdef0456456789abcdef/recover?key=6dacd6065bb80268bda857ee"));
            Assert.That(checkout.CustomerId, Is.EqualTo(77));
            Assert.That(checkout.Email, Is.EqualTo("ava@example.com"));
            Assert.That(checkout.EmailMarketingState, Is.EqualTo("not_subscribed"));
            Assert.That((checkout.FirstName, checkout.LastName), Is.EqualTo(("Ava", "Martin")));
            Assert.That(checkout.CreatedAt, Is.EqualTo(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero)));
            Assert.That(checkout.UpdatedAt, Is.EqualTo(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero)));
            Assert.That(checkout.CompletedAt, Is.Null);
            Assert.That((checkout.Currency, checkout.Subtotal, checkout.Total), Is.EqualTo(("CAD", 120.00m, 135.60m)));
            Assert.That((checkout.ShopCurrency, checkout.ShopTotal), Is.EqualTo(("USD", 99.40m)));
            Assert.That(checkout.Lines, Is.EqualTo(new[]
            {
                new AbandonedCheckoutLine("Merino Sweater", "M", 2, 60.00m, "https://cdn.example/sweater.jpg", "Knitwear", 111, 222),
            }));
        });
    }

    [Test]
    public async Task A_checkout_whose_recovery_url_has_no_token_is_skipped_and_logged()
    {
        // Arrange
        await using var harness = await AdminHarness.StartAsync();
        harness.Shopify.On("abandonedCheckouts", Page("""[{{a}},{"id":"gid://shopify/AbandonedCheckout/9","abandonedCheckoutUrl":"https://fake-shop.example/cart","createdAt":"2026-11-22T09:00:00Z","updatedAt":"2026-11-22T09:00:00Z","completedAt":null,"customer":null,"subtotalPriceSet":{{money}},"totalPriceSet":{{money}},"lineItems":{"nodes":[]}}]""", null));
        // Act
        var checkouts = await harness.Admin.ListAbandonedCheckoutsAsync(AdminHarness.ShopDomain, Since, CancellationToken.None);
        // Assert
        Assert.That(checkouts.Select(c => c.Token), Is.EqualTo(new[] { "0123456789abcdef0456456789abcdef" }));
        Assert.That(harness.Logs.Messages(1105), Has.Some.Contains("gid://shopify/AbandonedCheckout/9"));
    }

    [TestCase("https://shop.example/14168/checkouts/abc123/recover?key=k", "abc123")]
    [TestCase("https://shop.example/14168/checkouts/ac/Z2NwLXVzLWVhc3Qx/recover?key=k&locale=en", "Z2NwLXVzLWVhc3Qx")]
    [TestCase("https://shop.example/checkouts/abc123/recover", "abc123")]
    [TestCase("https://shop.example/cart", null)]
    public void The_checkout_token_is_read_from_the_recovery_url(string url, string? token) =>
        Assert.That(ShopifyAdminClient.CheckoutToken(url), Is.EqualTo(token));

    [Test]
    public async Task Orders_are_read_page_after_page_in_the_shop_currency()
    {
        // Arrange
        await using var harness = await AdminHarness.StartAsync();
        harness.Shopify
            .On("orders", FakeShopify.Data("""{"orders":{"pageInfo":{"hasNextPage":true,"endCursor":"o-1"},"nodes":[{"id":"gid://shopify/Order/820982911946154508","email":"ava@example.com","createdAt":"2026-11-22T11:00:00Z","discountCodes":["RECOVER-7Q2K9"],"customer":{"id":"gid://shopify/Customer/77"},"totalPriceSet":{"shopMoney":{"amount":"89.10","currencyCode":"USD"}},"totalDiscountsSet":{"shopMoney":{"amount":"9.90","currencyCode":"USD"}}}]}}"""))
            .On("orders", FakeShopify.Data("""{"orders":{"pageInfo":{"hasNextPage":false,"endCursor":"o-2"},"nodes":[{"id":"gid://shopify/Order/2","email":null,"createdAt":"2026-11-22T12:00:00Z","discountCodes":[],"customer":null,"totalPriceSet":{"shopMoney":{"amount":"10.00","currencyCode":"USD"}},"totalDiscountsSet":null}]}}"""));
        // Act
        var orders = await harness.Admin.ListOrdersAsync(AdminHarness.ShopDomain, Since, CancellationToken.None);
        // Assert
        Assert.That(orders[0] with { DiscountCodes = [] }, Is.EqualTo(new OrderRecord(820982911946154508, null, 77, "ava@example.com", 89.10m, 9.90m, [],
            new DateTimeOffset(2026, 11, 22, 11, 0, 0, TimeSpan.Zero), "USD")));
        Assert.That(orders[0].DiscountCodes, Is.EqualTo(new[] { "RECOVER-7Q2K9" }));
        Assert.That(orders[1] with { DiscountCodes = [] }, Is.EqualTo(new OrderRecord(2, null, null, null, 10.00m, 0m, [],
            new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero), "USD")));
        var requests = harness.Shopify.GraphQLRequests("Orders");
        Assert.That(requests[1].Variables!["after"]!.GetValue<string>(), Is.EqualTo("o-1"));
        Assert.That(requests[0].Variables!["query"]!.GetValue<string>(), Is.EqualTo("updated_at:>'2026-11-22T08:30:00Z'"));
    }

    const string Money = """{"shopMoney":{"amount":"10.00","currencyCode":"USD"},"presentmentMoney":{"amount":"10.00","currencyCode":"USD"}}""";

    const string CheckoutA = """
        {"id":"gid://shopify/AbandonedCheckout/1","abandonedCheckoutUrl":"https://fake-shop.example/14168/checkouts/0123456789abcdef0456456789abcdef/recover?key=6dacd6065bb80268bda857ee",
         "createdAt":"2026-11-22T09:00:00Z","updatedAt":"2026-11-22T10:00:00Z","completedAt":null,
         "customer":{"id":"gid://shopify/Customer/77","firstName":"Ava","lastName":"Martin","defaultEmailAddress":{"emailAddress":"ava@example.com","marketingState":"NOT_SUBSCRIBED"}},
         "subtotalPriceSet":{"shopMoney":{"amount":"88.00","currencyCode":"USD"},"presentmentMoney":{"amount":"120.00","currencyCode":"CAD"}},
         "totalPriceSet":{"shopMoney":{"amount":"99.40","currencyCode":"USD"},"presentmentMoney":{"amount":"135.60","currencyCode":"CAD"}},
         "lineItems":{"nodes":[{"title":"Merino Sweater","variantTitle":"M","quantity":2,
           "originalUnitPriceSet":{"shopMoney":{"amount":"44.00","currencyCode":"USD"},"presentmentMoney":{"amount":"60.00","currencyCode":"CAD"}},
           "image":{"url":"https://cdn.example/sweater.jpg"},"product":{"id":"gid://shopify/Product/111","productType":"Knitwear"},"variant":{"id":"gid://shopify/ProductVariant/222"}}]}}
        """;

    static string Checkout(string token) =>
        """{"id":"gid://shopify/AbandonedCheckout/@t","abandonedCheckoutUrl":"https://fake-shop.example/14168/checkouts/@t/recover?key=k","createdAt":"2026-11-22T09:00:00Z","updatedAt":"2026-11-22T09:30:00Z","completedAt":null,"customer":null,"subtotalPriceSet":@m,"totalPriceSet":@m,"lineItems":{"nodes":[]}}"""
            .Replace("@t", token).Replace("@m", Money);

    static string Page(string nodesTemplate, string? endCursor) =>
        FakeShopify.Data("{\"abandonedCheckouts\":{\"pageInfo\":{\"hasNextPage\":" + (endCursor is null ? "false" : "true")
            + ",\"endCursor\":" + (endCursor is null ? "null" : $"\"{endCursor}\"") + "},\"nodes\":"
            + nodesTemplate.Replace("{{a}}", CheckoutA).Replace("{{b}}", Checkout("tok-b")).Replace("{{c}}", Checkout("tok-c")).Replace("{{money}}", Money)
            + "}}");
}
