using System.Net;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Shopify.Admin;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Shopify;

/// <summary>The transport: token, version, throttling, retries and failures, over real HTTP to a FakeShopify.</summary>
public sealed class ShopifyAdminClientTests
{
    [Test]
    public async Task A_call_carries_the_shops_offline_token_and_the_pinned_api_version()
    {
        // Arrange
        await using var harness = await AdminHarness.StartAsync();
        // Act
        var shop = await harness.Admin.GetShopAsync(AdminHarness.ShopDomain, CancellationToken.None);
        // Assert
        var request = harness.Shopify.GraphQLRequests().Single();
        Assert.Multiple(() =>
        {
            Assert.That(request.Path, Is.EqualTo("/admin/api/2026-04/graphql.json"));
            Assert.That(request.AccessToken, Is.EqualTo("shpat_installed"));
            Assert.That(request.ShopDomain, Is.EqualTo(AdminHarness.ShopDomain));
            Assert.That(request.OperationName, Is.EqualTo("Shop"));
            Assert.That(request.Json?["query"]?.GetValue<string>(), Is.EqualTo(AdminOperations.Shop.Document));
            Assert.That(shop, Is.EqualTo(new ShopInfo("Fake Shop", "hello@fake-shop.example", "EUR", "Europe/Paris", "FR",
                "Fake Shop, 1 Rue de Rivoli, 75001 Paris, France")));
        });
    }

    [Test]
    public async Task A_throttled_answer_is_waited_out_for_the_missing_points_and_retried_once()
    {
        // Arrange: 502 points asked, 2 available, 100 restored per second ⇒ 5 s
        await using var harness = await AdminHarness.StartAsync();
        harness.Shopify.On("Shop", FakeShopify.Throttled(requestedCost: 502, currentlyAvailable: 2, restoreRate: 100));
        // Act
        var shop = await harness.Admin.GetShopAsync(AdminHarness.ShopDomain, CancellationToken.None);
        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(shop.Name, Is.EqualTo("Fake Shop"));
            Assert.That(harness.Shopify.GraphQLRequests(), Has.Count.EqualTo(2));
            Assert.That(harness.Clock.Delays, Is.EqualTo(new[] { TimeSpan.FromSeconds(5) }));
            Assert.That(harness.Logs.Messages(1101), Has.Some.Contains("5000 ms").And.Contains("THROTTLED").And.Contains(AdminHarness.ShopDomain));
        });
    }

    [Test]
    public async Task A_throttled_answer_sent_with_status_429_is_still_recognised_by_its_body()
    {
        // Arrange: Polly retries the 429s first; once those are spent the body's THROTTLED code still leads to a wait
        await using var harness = await AdminHarness.StartAsync();
        for (var i = 0; i < 5; i++)
            harness.Shopify.On("Shop", FakeShopify.Throttled(requestedCost: 102, currentlyAvailable: 2, restoreRate: 50), statusCode: 429);
        // Act
        var shop = await harness.Admin.GetShopAsync(AdminHarness.ShopDomain, CancellationToken.None);
        // Assert
        Assert.That(shop.Name, Is.EqualTo("Fake Shop"));
        Assert.That(harness.Shopify.GraphQLRequests(), Has.Count.EqualTo(6));
        Assert.That(harness.Clock.Delays, Does.Contain(TimeSpan.FromSeconds(2)));
    }

    [Test]
    public async Task The_next_call_waits_when_the_last_answer_left_too_few_points_in_the_bucket()
    {
        // Arrange: the shop's bucket is empty after the first call and refills at 50 points per second
        await using var harness = await AdminHarness.StartAsync();
        harness.Shopify.On("Shop", FakeShopify.Data(ShopJson, requestedCost: 10, currentlyAvailable: 0, restoreRate: 50));
        await harness.Admin.GetShopAsync(AdminHarness.ShopDomain, CancellationToken.None);
        // Act
        await harness.Admin.GetShopAsync(AdminHarness.ShopDomain, CancellationToken.None);
        // Assert: the 10 points the query costs take 0.2 s to come back
        Assert.That(harness.Clock.Delays, Is.EqualTo(new[] { TimeSpan.FromMilliseconds(200) }));
        Assert.That(harness.Logs.Messages(1101), Has.Some.Contains("cost bucket"));
        Assert.That(harness.Shopify.GraphQLRequests(), Has.Count.EqualTo(2));
    }

    [Test]
    public async Task Status_429_and_5xx_are_retried_with_backoff_until_an_answer_comes()
    {
        // Arrange
        await using var harness = await AdminHarness.StartAsync();
        harness.Shopify.OnStatus("Shop", 429).OnStatus("Shop", 503).OnStatus("Shop", 500);
        // Act
        var shop = await harness.Admin.GetShopAsync(AdminHarness.ShopDomain, CancellationToken.None);
        // Assert
        Assert.That(shop.Name, Is.EqualTo("Fake Shop"));
        Assert.That(harness.Shopify.GraphQLRequests(), Has.Count.EqualTo(4));
        Assert.That(harness.Clock.Delays, Has.Count.EqualTo(3).And.All.GreaterThan(TimeSpan.Zero));
    }

    [Test]
    public async Task A_server_error_that_persists_fails_with_its_status_after_a_bounded_number_of_attempts()
    {
        // Arrange
        await using var harness = await AdminHarness.StartAsync();
        for (var i = 0; i < 10; i++)
            harness.Shopify.OnStatus("Shop", 502);
        // Act
        var failure = Assert.ThrowsAsync<ShopifyAdminException>(() => harness.Admin.GetShopAsync(AdminHarness.ShopDomain, CancellationToken.None));
        // Assert
        Assert.That(failure!.Failure, Is.EqualTo(AdminFailure.Http));
        Assert.That(failure.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
        Assert.That(harness.Shopify.GraphQLRequests(), Has.Count.EqualTo(5));
    }

    [Test]
    public async Task Top_level_graphql_errors_become_a_typed_exception_carrying_their_codes()
    {
        // Arrange
        await using var harness = await AdminHarness.StartAsync();
        harness.Shopify.On("Customer", FakeShopify.Errors("ACCESS_DENIED", "Access denied for customer field."));
        // Act
        var failure = Assert.ThrowsAsync<ShopifyAdminException>(() => harness.Admin.GetCustomerAsync(AdminHarness.ShopDomain, 42, CancellationToken.None));
        // Assert
        Assert.That(failure!.Failure, Is.EqualTo(AdminFailure.GraphQL));
        Assert.That(failure.Operation, Is.EqualTo("Customer"));
        Assert.That(failure.Errors.Select(e => e.Code), Is.EqualTo(new[] { "ACCESS_DENIED" }));
        Assert.That(harness.Shopify.GraphQLRequests(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task An_unauthorized_answer_is_not_retried_and_reports_its_status()
    {
        // Arrange: Shopify answers a revoked token with a plain string, not a GraphQL body
        await using var harness = await AdminHarness.StartAsync();
        harness.Shopify.On("Shop", """{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}""", statusCode: 401);
        // Act
        var failure = Assert.ThrowsAsync<ShopifyAdminException>(() => harness.Admin.GetShopAsync(AdminHarness.ShopDomain, CancellationToken.None));
        // Assert
        Assert.That(failure!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(harness.Shopify.GraphQLRequests(), Has.Count.EqualTo(1));
    }

    [Test]
    public async Task An_expiring_token_is_refreshed_through_the_token_endpoint_before_the_call()
    {
        // Arrange: the stored token lapses in one minute, inside the refresh margin
        await using var harness = await AdminHarness.StartAsync(install: false);
        await harness.InstallAsync(new ShopifyAccessToken("shpat_old", FakeShopify.DefaultScopes, 60, "shprt_old", 7_776_000));
        harness.Shopify.OnToken(FakeShopify.Token("shpat_new", expiresIn: 3600, refreshToken: "shprt_new"));
        // Act
        await harness.Admin.GetShopAsync(AdminHarness.ShopDomain, CancellationToken.None);
        // Assert
        var refresh = harness.Shopify.TokenRequests.Single();
        Assert.Multiple(() =>
        {
            Assert.That(refresh.Field("grant_type"), Is.EqualTo("refresh_token"));
            Assert.That(refresh.Field("refresh_token"), Is.EqualTo("shprt_old"));
            Assert.That(harness.Shopify.Requests.First(), Is.SameAs(refresh), "refreshed before the GraphQL call");
            Assert.That(harness.Shopify.GraphQLRequests().Single().AccessToken, Is.EqualTo("shpat_new"));
        });
    }

    [Test]
    public async Task A_shop_without_a_token_fails_before_anything_is_sent()
    {
        // Arrange
        await using var harness = await AdminHarness.StartAsync(install: false);
        // Act / Assert
        Assert.ThrowsAsync<ShopNotInstalledException>(() => harness.Admin.GetShopAsync(AdminHarness.ShopDomain, CancellationToken.None));
        Assert.That(harness.Shopify.Requests, Is.Empty);
    }

    const string ShopJson = """{"shop":{"name":"Fake Shop","email":"owner@fake-shop.example","contactEmail":"","currencyCode":"EUR","ianaTimezone":"Europe/Paris","shopAddress":null}}""";
}
