using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Tests.Admin;

/// <summary>The page Shopify frames, its assets, and the playground's token issuer.</summary>
public sealed class AdminShellTests
{
    static AdminApiHarness _shopify = null!;
    static AdminApiHarness _playground = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _shopify = await AdminApiHarness.StartAsync();
        _playground = await AdminApiHarness.StartAsync(new Dictionary<string, string?> { ["Shopify:ApiKey"] = null, ["Shopify:ApiSecret"] = null });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _shopify.DisposeAsync();
        await _playground.DisposeAsync();
    }

    [Test]
    public async Task The_shell_names_the_app_loads_app_bridge_first_and_lets_only_this_shops_admin_frame_it()
    {
        // Act
        var response = await _shopify.Anonymous().GetAsync("/?shop=shop-a.myshopify.com&host=abc&embedded=1");
        var html = await response.Content.ReadAsStringAsync();
        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(),
            Is.EqualTo("frame-ancestors https://shop-a.myshopify.com https://admin.shopify.com"));
        Assert.That(html, Does.Contain("<meta name=\"shopify-api-key\" content=\"test-api-key\">"));
        var firstScript = html.IndexOf("<script", StringComparison.Ordinal);
        Assert.That(html.IndexOf("https://cdn.shopify.com/shopifycloud/app-bridge.js", StringComparison.Ordinal), Is.GreaterThan(firstScript).And.LessThan(firstScript + 20));
        Assert.That(html, Does.Contain("https://cdn.shopify.com/shopifycloud/polaris.js"));
        foreach (var link in new[] { "\"/\"", "\"/flow\"", "\"/templates\"", "\"/segments\"", "\"/activity\"", "\"/settings\"" })
            Assert.That(html, Does.Contain($"<s-link href={link}"));
        Assert.That(html, Does.Not.Contain("/admin/sim/"));
    }

    [TestCase("evil.example.com")]
    [TestCase("shop-a.myshopify.com https://evil.example.com")]
    [TestCase("")]
    public async Task A_shop_parameter_that_is_not_a_myshopify_domain_leaves_only_shopifys_admin_as_frame_ancestor(string shop)
    {
        // Act
        var response = await _shopify.Anonymous().GetAsync($"/?shop={Uri.EscapeDataString(shop)}");
        // Assert
        Assert.That(response.Headers.GetValues("Content-Security-Policy").Single(), Is.EqualTo("frame-ancestors https://admin.shopify.com"));
    }

    [Test]
    public async Task Every_page_route_serves_the_shell_so_deep_links_work()
    {
        foreach (var path in new[] { "/flow", "/templates", "/segments", "/activity", $"/activity/{Guid.NewGuid()}", "/experiments", "/experiments/7", "/suppressions", "/settings" })
        {
            var response = await _shopify.Anonymous().GetAsync(path + "?shop=shop-a.myshopify.com");
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), path);
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain("<main id=\"app\""), path);
        }
    }

    [Test]
    public async Task Admin_modules_are_served_as_javascript_and_revalidated_by_etag()
    {
        // Act
        var first = await _shopify.Anonymous().GetAsync("/admin/app.js");
        using var again = new HttpRequestMessage(HttpMethod.Get, "/admin/app.js");
        again.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(first.Headers.ETag!.ToString()));
        var second = await _shopify.Anonymous().SendAsync(again);
        var missing = await _shopify.Anonymous().GetAsync("/admin/../appsettings.json");
        // Assert
        Assert.That(first.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/javascript"));
        Assert.That(await first.Content.ReadAsStringAsync(), Does.Contain("shopify:navigate"));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.NotModified));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Outside_the_playground_there_is_no_session_token_issuer()
    {
        // Act
        var response = await _shopify.Anonymous().PostAsync("/playground/session-token", null);
        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound).Or.EqualTo(HttpStatusCode.MethodNotAllowed));
    }

    [Test]
    public async Task The_playground_shell_loads_the_simulated_app_bridge_whose_tokens_the_api_accepts()
    {
        // Arrange
        var client = _playground.Anonymous();
        var html = await client.GetStringAsync("/");
        // Act
        var issued = await (await client.PostAsync("/playground/session-token", null)).Content.ReadFromJsonAsync<TokenBody>();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/flow");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", issued!.Token);
        var api = await client.SendAsync(request);
        // Assert
        Assert.That(html, Does.Contain("<script src=\"/admin/sim/app-bridge.js\"></script>"));
        Assert.That(html, Does.Contain("<script src=\"/admin/sim/polaris.js\"></script>"));
        Assert.That(html, Does.Not.Contain("cdn.shopify.com"));
        Assert.That(api.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(new SessionTokenValidator(ShopifyOptions.PlaygroundApiKey, ShopifyOptions.PlaygroundApiSecret, TimeProvider.System)
            .TryValidate(issued.Token, out var session, out _), Is.True);
        Assert.That(session!.ShopDomain, Is.EqualTo("sandbox-store.myshopify.com"));
    }

    sealed record TokenBody(string Token, DateTimeOffset ExpiresAt);
}
