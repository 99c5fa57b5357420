using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ShopifyRecovery.App.Platform;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Platform;

public sealed class PlatformSecurityTests
{
    const string Body = """{"id":1,"token":"abc"}""";

    TestDatabase _database = null!;

    [SetUp]
    public async Task CreateDatabase() => _database = await TestDatabase.CreateAsync();

    [TearDown]
    public async Task DeleteDatabase() => await _database.DisposeAsync();

    [Test]
    public async Task A_shop_over_its_webhook_limit_gets_429_with_retry_after_while_another_shop_still_gets_200()
    {
        // Arrange
        await using var app = new TestApp(_database, new Dictionary<string, string?> { ["RateLimiting:WebhookPermitsPerMinute"] = "3" });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
            statuses.Add((await app.PostWebhookAsync("checkouts/update", "flood.myshopify.com", Body)).StatusCode);

        // Act
        using var limited = await app.PostWebhookAsync("checkouts/update", "flood.myshopify.com", Body);
        using var other = await app.PostWebhookAsync("checkouts/update", "quiet.myshopify.com", Body);

        // Assert
        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(limited.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(limited.Headers.RetryAfter?.Delta, Is.Not.Null.And.GreaterThan(TimeSpan.Zero));
        Assert.That(limited.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Public_token_pages_are_limited_per_client_and_leave_webhooks_alone()
    {
        // Arrange
        await using var app = new TestApp(_database, new Dictionary<string, string?> { ["RateLimiting:PermitsPerMinute"] = "2" });
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var first = await client.GetAsync("/auth/install?shop=one.myshopify.com");
        var second = await client.GetAsync("/auth/install?shop=one.myshopify.com");

        // Act
        using var third = await client.GetAsync("/auth/install?shop=one.myshopify.com");
        using var webhook = await app.PostWebhookAsync("checkouts/update", "one.myshopify.com", Body);

        // Assert
        Assert.That(first.StatusCode, Is.Not.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(second.StatusCode, Is.Not.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(third.StatusCode, Is.EqualTo(HttpStatusCode.TooManyRequests));
        Assert.That(webhook.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task An_oversized_webhook_gets_413_while_a_normal_one_passes()
    {
        // Arrange
        await using var app = new TestApp(_database);
        var limit = app.Services.GetRequiredService<IOptions<ShopifyOptions>>().Value.WebhookMaxBodyBytes;
        var oversized = $$"""{"id":1,"note":"{{new string('x', limit)}}"}""";

        // Act
        using var tooLarge = await app.PostWebhookAsync("checkouts/update", "big.myshopify.com", oversized);
        using var normal = await app.PostWebhookAsync("checkouts/update", "big.myshopify.com", Body);

        // Assert
        Assert.That(tooLarge.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        Assert.That(normal.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task Kestrel_takes_its_global_body_limit_from_configuration()
    {
        // Arrange
        await using var app = new TestApp(_database, new Dictionary<string, string?> { ["RequestLimits:MaxRequestBodyBytes"] = "65536" });

        // Act
        var kestrel = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;

        // Assert
        Assert.That(kestrel.Limits.MaxRequestBodySize, Is.EqualTo(65536));
    }

    [Test]
    public async Task Every_response_carries_the_security_headers_and_https_ones_carry_hsts()
    {
        // Arrange
        await using var app = new TestApp(_database);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://app.test") });

        // Act
        using var response = await client.GetAsync("/health/live");

        // Assert
        Assert.That(response.Headers.GetValues("X-Content-Type-Options"), Is.EqualTo(new[] { "nosniff" }));
        Assert.That(response.Headers.GetValues("Referrer-Policy"), Is.EqualTo(new[] { "strict-origin-when-cross-origin" }));
        Assert.That(response.Headers.GetValues("Content-Security-Policy"), Is.EqualTo(new[] { SecurityHeaders.DefaultFramePolicy }));
        Assert.That(response.Headers.GetValues("Strict-Transport-Security").Single(), Does.StartWith("max-age=31536000"));
    }

    [Test]
    public void The_embedded_frame_policy_names_the_shop_and_the_shopify_admin()
    {
        // Act
        var policy = SecurityHeaders.EmbeddedFramePolicy("Demo-Shop.myshopify.com");

        // Assert
        Assert.That(policy, Is.EqualTo("frame-ancestors https://demo-shop.myshopify.com https://admin.shopify.com"));
    }

    [Test]
    public void A_value_that_is_not_a_shop_domain_never_reaches_the_frame_policy_header()
    {
        // Arrange
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();

        // Act
        var allowed = context.Response.AllowShopifyAdminFraming("evil.example.com; script-src *");

        // Assert
        Assert.That(allowed, Is.False);
        Assert.That(context.Response.Headers.ContentSecurityPolicy.ToString(), Is.Empty);
    }

    [Test]
    public async Task A_rate_limit_of_zero_stops_the_app_at_start_naming_the_key()
    {
        // Arrange
        await using var app = new TestApp(_database, new Dictionary<string, string?> { ["RateLimiting:PermitsPerMinute"] = "0" });

        // Act
        var failure = app.StartupFailure();

        // Assert
        Assert.That(failure!.ToString(), Does.Contain("RateLimiting:PermitsPerMinute"));
    }
}
