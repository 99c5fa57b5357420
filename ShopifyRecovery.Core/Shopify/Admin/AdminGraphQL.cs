using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ShopifyRecovery.Shopify.Admin;

/// <summary>
/// Sends one Admin GraphQL operation for one shop: a valid offline token, the shop's cost bucket respected, THROTTLED
/// answers waited out, and anything else that went wrong turned into a <see cref="ShopifyAdminException"/>.
/// HTTP 429 and 5xx are retried below this class by the resilience handler of the <see cref="HttpClientName"/> client.
/// </summary>
public sealed class AdminGraphQL(IHttpClientFactory httpClients, IServiceScopeFactory scopes, IOptions<ShopifyOptions> options,
    AdminThrottle throttle, TimeProvider clock, ILogger<AdminGraphQL> logger)
{
    public const string HttpClientName = "ShopifyAdmin";
    public const string AccessTokenHeader = "X-Shopify-Access-Token";
    const int MaxThrottledRetries = 5;
    const string ThrottledCode = "THROTTLED";

    public async Task<TData> SendAsync<TData>(string shopDomain, AdminOperation operation, object? variables, CancellationToken ct)
        where TData : class
    {
        var accessToken = await AccessTokenAsync(shopDomain, ct);
        var uri = new Uri(options.Value.ShopBaseUri(shopDomain), $"admin/api/{options.Value.ApiVersion}/graphql.json");
        var http = httpClients.CreateClient(HttpClientName);
        for (var throttled = 0; ; throttled++)
        {
            await WaitAsync(shopDomain, operation, throttle.Reserve(shopDomain, operation, clock.GetUtcNow()), "cost bucket", ct);

            using var request = new HttpRequestMessage(HttpMethod.Post, uri)
            {
                Content = JsonContent.Create(new GraphQLRequest(operation.Document, operation.Name, variables), options: AdminJson.Options),
            };
            request.Headers.Add(AccessTokenHeader, accessToken);
            // Shopify knows the shop from the host; a fake behind Shopify:ApiBaseUrlOverride learns it from here.
            request.Headers.Add("X-Shopify-Shop-Domain", shopDomain);
            using var response = await http.SendAsync(request, ct);
            var body = await ReadAsync<TData>(response, ct);
            if (body?.Extensions?.Cost is { } cost)
                throttle.Observe(shopDomain, operation, cost, clock.GetUtcNow());

            // Shopify signals throttling in the body; the HTTP status has been seen as both 200 and 429.
            if (body?.Errors?.Any(e => e.Extensions?.Code == ThrottledCode) == true)
            {
                if (throttled == MaxThrottledRetries)
                    throw Fail(shopDomain, operation, AdminFailure.Throttled, "still throttled after waiting", response.StatusCode, body.Errors);
                await WaitAsync(shopDomain, operation, AdminThrottle.ThrottledWait(body.Extensions?.Cost), ThrottledCode, ct);
                continue;
            }
            if (!response.IsSuccessStatusCode)
                throw Fail(shopDomain, operation, AdminFailure.Http, $"HTTP {(int)response.StatusCode}", response.StatusCode, body?.Errors);
            if (body is null)
                throw Fail(shopDomain, operation, AdminFailure.InvalidResponse, "the body is not a GraphQL response", response.StatusCode);
            if (body.Errors is { Count: > 0 })
                throw Fail(shopDomain, operation, AdminFailure.GraphQL, body.Errors[0].Message ?? "GraphQL error", response.StatusCode, body.Errors);
            return body.Data ?? throw Fail(shopDomain, operation, AdminFailure.InvalidResponse, "the response has no data", response.StatusCode);
        }
    }

    // ShopTokens shares a DbContext with whoever resolves it. A scope of its own keeps a token refresh from saving,
    // or clearing, the caller's pending changes.
    async Task<string> AccessTokenAsync(string shopDomain, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ShopTokens>().GetAccessTokenAsync(shopDomain, ct);
    }

    async Task WaitAsync(string shopDomain, AdminOperation operation, TimeSpan wait, string reason, CancellationToken ct)
    {
        if (wait <= TimeSpan.Zero)
            return;
        AdminLog.ThrottleWait(logger, shopDomain, operation.Name, (long)wait.TotalMilliseconds, reason);
        await Task.Delay(wait, clock, ct);
    }

    static async Task<GraphQLResponse<TData>?> ReadAsync<TData>(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<GraphQLResponse<TData>>(AdminJson.Options, ct);
        }
        catch (JsonException)
        {
            // Error pages and `{"errors":"…"}` strings (401s) are not GraphQL responses; the status tells the story.
            return null;
        }
    }

    ShopifyAdminException Fail(string shopDomain, AdminOperation operation, AdminFailure failure, string message,
        HttpStatusCode statusCode, IReadOnlyList<GraphQLErrorWire>? errors = null)
    {
        AdminLog.CallFailed(logger, shopDomain, operation.Name, failure, (int)statusCode);
        var typed = errors?.Select(e => new AdminGraphQLError(e.Message ?? "", e.Extensions?.Code,
            e.Path is null ? null : string.Join('.', e.Path.Select(p => p.ToString())))).ToList();
        return new ShopifyAdminException(shopDomain, operation.Name, failure, message, statusCode, typed);
    }
}
