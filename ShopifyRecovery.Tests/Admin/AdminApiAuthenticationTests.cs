using System.Net;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Admin;

/// <summary>
/// Every /api endpoint refuses a request without a valid session token, and answers it so App Bridge fetches a new
/// one and retries (401 with X-Shopify-Retry-Invalid-Session-Request). The list is checked against the app's routes,
/// so a new endpoint cannot escape it.
/// </summary>
public sealed class AdminApiAuthenticationTests
{
    public sealed record Endpoint(string Method, string Path, string? Body = null)
    {
        public override string ToString() => $"{Method} {Path}";
    }

    const string Template = "/api/templates/1/default";
    static readonly string Journey = $"/api/journeys/{Guid.Empty}";

    public static readonly Endpoint[] Endpoints =
    [
        new("GET", "/api/shop"),
        new("GET", "/api/flow"), new("PUT", "/api/flow", "{}"),
        new("GET", "/api/segments"), new("PUT", "/api/segments", "{}"), new("POST", "/api/segments/preview", "{}"),
        new("GET", "/api/incentives"), new("PUT", "/api/incentives", "{}"), new("POST", "/api/incentives/estimate", "{}"),
        new("GET", "/api/templates"), new("GET", Template), new("PUT", Template, "{}"),
        new("POST", Template + "/preview", "{}"), new("POST", Template + "/test-send", "{}"),
        new("GET", Template + "/versions"), new("POST", Template + "/versions/1/restore"), new("POST", Template + "/reset"),
        new("GET", "/api/journeys"), new("GET", Journey),
        new("GET", "/api/suppressions"), new("POST", "/api/suppressions", "{\"email\":\"a@example.com\"}"), new("DELETE", "/api/suppressions/a@example.com"),
        new("GET", "/api/settings"), new("PUT", "/api/settings", "{}"), new("POST", "/api/settings/sendgrid-check"), new("GET", "/api/billing"),
        new("GET", "/api/dashboard"), new("GET", "/api/reports"), new("GET", "/api/reports.csv"), new("GET", "/api/journeys.csv"),
        new("GET", "/api/experiments"), new("POST", "/api/experiments", "{}"), new("GET", "/api/experiments/1"),
        new("POST", "/api/experiments/1/start"), new("POST", "/api/experiments/1/declare-winner", "{}"), new("POST", "/api/experiments/1/stop"),
    ];

    public static readonly Endpoint[] PlaygroundEndpoints =
    [
        new("GET", "/api/playground/catalogue"), new("POST", "/api/playground/checkouts", "{}"),
    ];

    static AdminApiHarness _harness = null!;
    static AdminApiHarness _playground = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        _harness = await AdminApiHarness.StartAsync();
        _playground = await AdminApiHarness.StartAsync(new Dictionary<string, string?> { ["Shopify:ApiKey"] = null, ["Shopify:ApiSecret"] = null });
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        await _harness.DisposeAsync();
        await _playground.DisposeAsync();
    }

    [TestCaseSource(nameof(Endpoints))]
    public async Task An_api_call_without_a_session_token_is_refused_with_the_retry_header(Endpoint endpoint) =>
        await AssertRefusedAsync(_harness.Anonymous(), endpoint);

    [TestCaseSource(nameof(Endpoints))]
    public async Task An_api_call_with_an_expired_session_token_is_refused_with_the_retry_header(Endpoint endpoint)
    {
        var expired = SessionTokenValidator.Issue(AdminApiHarness.ShopA, TestApp.ApiKey, TestApp.ApiSecret,
            DateTimeOffset.UtcNow.AddMinutes(-5), TimeSpan.FromMinutes(1));
        await AssertRefusedAsync(_harness.WithToken(expired), endpoint);
    }

    [TestCaseSource(nameof(Endpoints))]
    public async Task An_api_call_with_a_token_for_another_app_is_refused_with_the_retry_header(Endpoint endpoint)
    {
        var otherApp = SessionTokenValidator.Issue(AdminApiHarness.ShopA, "another-apps-client-id", TestApp.ApiSecret,
            DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        await AssertRefusedAsync(_harness.WithToken(otherApp), endpoint);
    }

    [TestCaseSource(nameof(PlaygroundEndpoints))]
    public async Task A_playground_api_call_without_a_session_token_is_refused_with_the_retry_header(Endpoint endpoint) =>
        await AssertRefusedAsync(_playground.Anonymous(), endpoint);

    [TestCaseSource(nameof(PlaygroundEndpoints))]
    public async Task A_playground_api_call_with_an_expired_session_token_is_refused_with_the_retry_header(Endpoint endpoint)
    {
        var expired = SessionTokenValidator.Issue("sandbox-store.myshopify.com", ShopifyOptions.PlaygroundApiKey, ShopifyOptions.PlaygroundApiSecret,
            DateTimeOffset.UtcNow.AddMinutes(-5), TimeSpan.FromMinutes(1));
        await AssertRefusedAsync(_playground.WithToken(expired), endpoint);
    }

    [TestCaseSource(nameof(PlaygroundEndpoints))]
    public async Task A_playground_api_call_with_a_token_for_another_app_is_refused_with_the_retry_header(Endpoint endpoint)
    {
        var otherApp = SessionTokenValidator.Issue("sandbox-store.myshopify.com", "another-apps-client-id", ShopifyOptions.PlaygroundApiSecret,
            DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        await AssertRefusedAsync(_playground.WithToken(otherApp), endpoint);
    }

    [Test]
    public void Every_api_route_of_the_app_is_in_the_list_these_tests_drive()
    {
        // Arrange
        static IEnumerable<string> Routes(AdminApiHarness harness) => harness.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {Shape(e.RoutePattern.RawText!)}"));
        var listed = Endpoints.Concat(PlaygroundEndpoints).Select(e => $"{e.Method} {Shape(e.Path)}").ToHashSet();
        // Act
        var routes = Routes(_harness).Concat(Routes(_playground)).Distinct().ToList();
        // Assert
        Assert.That(routes, Has.Count.GreaterThanOrEqualTo(Endpoints.Length));
        Assert.That(routes.Where(r => !listed.Contains(r)), Is.Empty, "API routes missing from the authentication list");
    }

    [Test]
    public async Task The_playground_api_does_not_exist_when_the_app_has_real_credentials()
    {
        // Arrange
        var client = _harness.Client(AdminApiHarness.ShopA);
        // Act
        var catalogue = await client.GetAsync("/api/playground/catalogue");
        var checkout = await client.PostAsync("/api/playground/checkouts", AdminApiHarness.RawJson("{}"));
        // Assert
        Assert.That(catalogue.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(checkout.StatusCode, Is.EqualTo(HttpStatusCode.NotFound).Or.EqualTo(HttpStatusCode.MethodNotAllowed));
    }

    /// <summary>Route parameters stand for any value: "/api/templates/{step:int}/{variant}" and "/api/templates/1/default" have one shape.</summary>
    static string Shape(string path)
    {
        var segments = path.TrimEnd('/').Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (segments[i].StartsWith('{'))
                segments[i] = "*";
        }
        var shaped = string.Join('/', segments);
        // Concrete test paths: replace the values the list uses with the same wildcard.
        return shaped
            .Replace($"/{Guid.Empty}", "/*", StringComparison.Ordinal)
            .Replace("/templates/1/default", "/templates/*/*", StringComparison.Ordinal)
            .Replace("/versions/1/", "/versions/*/", StringComparison.Ordinal)
            .Replace("/suppressions/a@example.com", "/suppressions/*", StringComparison.Ordinal)
            .Replace("/experiments/1", "/experiments/*", StringComparison.Ordinal);
    }

    static async Task AssertRefusedAsync(HttpClient client, Endpoint endpoint)
    {
        using var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Path);
        if (endpoint.Body is not null)
            request.Content = AdminApiHarness.RawJson(endpoint.Body);
        var response = await client.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized), endpoint.ToString());
        Assert.That(response.Headers.Contains("X-Shopify-Retry-Invalid-Session-Request"), Is.True, endpoint.ToString());
    }
}
