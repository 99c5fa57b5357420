using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ShopifyRecovery.Tests.Support;

/// <summary>One request Shopify received. <see cref="Json"/> is the parsed body (GraphQL request or token request).</summary>
public sealed record FakeShopifyRequest(string Path, string? ApiVersion, string? AccessToken, string? ShopDomain, string? OperationName,
    string Body, JsonNode? Json)
{
    public JsonNode? Variables => Json?["variables"];

    /// <summary>A member of a token request body, e.g. <c>grant_type</c> or <c>refresh_token</c>.</summary>
    public string? Field(string name) => Json?[name]?.GetValue<string>();
}

/// <summary>
/// A real Kestrel server on 127.0.0.1 standing in for Shopify: the OAuth token endpoint and the Admin GraphQL endpoint.
/// Point the app at it with <c>Shopify:ApiBaseUrlOverride = BaseUrl</c>. Every request is recorded. GraphQL answers
/// come from responses scripted per operation name (used once each, in order), else from sensible defaults: a shop,
/// a customer, empty checkout and order lists, and discount codes that are remembered (a repeated code is TAKEN).
/// <code>
/// await using var shopify = await FakeShopify.StartAsync();
/// shopify.On("discountCodeBasicCreate", FakeShopify.UserError("discountCodeBasicCreate", "TAKEN"));
/// </code>
/// </summary>
public sealed partial class FakeShopify : IAsyncDisposable
{
    public const string DefaultScopes = "read_orders,read_customers,write_discounts";

    readonly WebApplication _app;
    readonly ConcurrentQueue<FakeShopifyRequest> _requests = new();
    readonly ConcurrentDictionary<string, ConcurrentQueue<Scripted>> _scripts = new(StringComparer.OrdinalIgnoreCase);
    readonly ConcurrentQueue<Scripted> _tokenScripts = new();
    readonly ConcurrentDictionary<string, string> _discounts = new(StringComparer.OrdinalIgnoreCase);
    long _nextDiscountId = 1_000;

    FakeShopify(WebApplication app)
    {
        _app = app;
        app.MapPost("/admin/oauth/access_token", (Func<HttpContext, Task<IResult>>)TokenAsync);
        app.MapPost("/admin/api/{version}/graphql.json", GraphQLAsync);
    }

    /// <summary>Ends in a slash, like <c>ShopifyOptions.ShopBaseUri</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>What the default token answer hands out.</summary>
    public string AccessToken { get; set; } = "shpat_fake_default";

    public IReadOnlyList<FakeShopifyRequest> Requests => [.. _requests];

    public IReadOnlyList<FakeShopifyRequest> TokenRequests => [.. _requests.Where(r => r.ApiVersion is null)];

    public IReadOnlyList<FakeShopifyRequest> GraphQLRequests(string? operation = null) =>
        [.. _requests.Where(r => r.ApiVersion is not null && (operation is null || string.Equals(r.OperationName, operation, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>Codes created through the default discount answers, by code.</summary>
    public IReadOnlyDictionary<string, string> Discounts => new Dictionary<string, string>(_discounts, StringComparer.OrdinalIgnoreCase);

    public static async Task<FakeShopify> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var fake = new FakeShopify(builder.Build());
        await fake._app.StartAsync();
        fake.BaseUrl = fake._app.Urls.Single().TrimEnd('/') + "/";
        return fake;
    }

    /// <summary>Answers the next request for <paramref name="operation"/> (operation name or root field, any case) with this body.</summary>
    public FakeShopify On(string operation, string json, int statusCode = 200)
    {
        _scripts.GetOrAdd(operation, _ => new()).Enqueue(new Scripted(statusCode, json));
        return this;
    }

    /// <summary>Answers the next request for <paramref name="operation"/> with a bare status (429, 503, …).</summary>
    public FakeShopify OnStatus(string operation, int statusCode, string body = "") => On(operation, body, statusCode);

    /// <summary>Answers the next token request with this body (see <see cref="Token"/>).</summary>
    public FakeShopify OnToken(string json, int statusCode = 200)
    {
        _tokenScripts.Enqueue(new Scripted(statusCode, json));
        return this;
    }

    public static string Token(string accessToken, string scope = DefaultScopes, int? expiresIn = null, string? refreshToken = null,
        int? refreshTokenExpiresIn = null) =>
        new JsonObject
        {
            ["access_token"] = accessToken,
            ["scope"] = scope,
            ["expires_in"] = expiresIn,
            ["refresh_token"] = refreshToken,
            ["refresh_token_expires_in"] = refreshToken is null ? null : refreshTokenExpiresIn ?? 7_776_000,
        }.ToJsonString();

    /// <summary>A successful GraphQL body with Shopify's cost extension.</summary>
    public static string Data(string dataJson, double requestedCost = 10, double currentlyAvailable = 1990, double maximumAvailable = 2000,
        double restoreRate = 100) =>
        $$$"""{"data":{{{dataJson}}},"extensions":{{{Cost(requestedCost, requestedCost, currentlyAvailable, maximumAvailable, restoreRate)}}}}""";

    /// <summary>Shopify's THROTTLED answer: no data, the error code in the body, the bucket's state in extensions.</summary>
    public static string Throttled(double requestedCost, double currentlyAvailable, double restoreRate = 100, double maximumAvailable = 2000) =>
        $$$"""{"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED","documentation":"https://shopify.dev/api/usage/rate-limits"}}],"extensions":{{{Cost(requestedCost, null, currentlyAvailable, maximumAvailable, restoreRate)}}}}""";

    /// <summary>A mutation payload carrying one DiscountUserError (e.g. TAKEN, INVALID).</summary>
    public static string UserError(string mutation, string code, string message = "The input value is already taken", string field = "code")
    {
        var argument = mutation.StartsWith("discountCodeFreeShipping", StringComparison.OrdinalIgnoreCase) ? "freeShippingCodeDiscount" : "basicCodeDiscount";
        return Data($$$"""{"{{{mutation}}}":{"codeDiscountNode":null,"userErrors":[{"field":["{{{argument}}}","{{{field}}}"],"message":"{{{message}}}","code":"{{{code}}}","extraInfo":null}]}}""");
    }

    /// <summary>Top-level GraphQL errors, as for a missing scope or unapproved protected customer data.</summary>
    public static string Errors(string code, string message) =>
        $$$"""{"errors":[{"message":"{{{message}}}","extensions":{"code":"{{{code}}}"}}],"extensions":{{{Cost(1, 1, 1999, 2000, 100)}}}}""";

    static string Cost(double requested, double? actual, double available, double maximum, double restoreRate) =>
        new JsonObject
        {
            ["cost"] = new JsonObject
            {
                ["requestedQueryCost"] = requested,
                ["actualQueryCost"] = actual,
                ["throttleStatus"] = new JsonObject
                {
                    ["maximumAvailable"] = maximum,
                    ["currentlyAvailable"] = available,
                    ["restoreRate"] = restoreRate,
                },
            },
        }.ToJsonString();

    async Task<IResult> TokenAsync(HttpContext context)
    {
        var (body, json) = await ReadAsync(context.Request);
        Record(context, apiVersion: null, operation: null, body, json);
        var answer = _tokenScripts.TryDequeue(out var scripted) ? scripted : new Scripted(200, Token(AccessToken));
        return answer.ToResult();
    }

    async Task<IResult> GraphQLAsync(string version, HttpContext context)
    {
        var (body, json) = await ReadAsync(context.Request);
        var operation = OperationName(json);
        Record(context, version, operation, body, json);
        if (operation is not null && _scripts.TryGetValue(operation, out var queue) && queue.TryDequeue(out var scripted))
            return scripted.ToResult();
        return Results.Text(Default(operation, json?["variables"]), "application/json", Encoding.UTF8);
    }

    void Record(HttpContext context, string? apiVersion, string? operation, string body, JsonNode? json) =>
        _requests.Enqueue(new FakeShopifyRequest(context.Request.Path, apiVersion,
            context.Request.Headers["X-Shopify-Access-Token"].FirstOrDefault(),
            context.Request.Headers["X-Shopify-Shop-Domain"].FirstOrDefault(), operation, body, json));

    static async Task<(string Body, JsonNode? Json)> ReadAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        try
        {
            return (body, JsonNode.Parse(body));
        }
        catch (JsonException)
        {
            return (body, null);
        }
    }

    static string? OperationName(JsonNode? json)
    {
        if (json?["operationName"]?.GetValue<string>() is { Length: > 0 } name)
            return name;
        var query = json?["query"]?.GetValue<string>() ?? "";
        var match = NamedOperation().Match(query);
        return match.Success ? match.Groups[1].Value : RootField().Match(query) is { Success: true } root ? root.Groups[1].Value : null;
    }

    string Default(string? operation, JsonNode? variables)
    {
        switch (operation?.ToLowerInvariant())
        {
            case "shop":
                return Data("""{"shop":{"name":"Fake Shop","email":"owner@fake-shop.example","contactEmail":"hello@fake-shop.example","currencyCode":"EUR","ianaTimezone":"Europe/Paris","shopAddress":{"formatted":["Fake Shop","1 Rue de Rivoli","75001 Paris","France"],"countryCodeV2":"FR"}}}""", requestedCost: 2);
            case "customer":
                var id = variables?["id"]?.GetValue<string>() ?? "gid://shopify/Customer/1";
                return Data("""{"customer":{"id":"@id","numberOfOrders":"2","amountSpent":{"amount":"120.50","currencyCode":"EUR"},"lastOrder":{"processedAt":"2026-10-01T12:00:00Z"},"tags":[],"defaultEmailAddress":{"emailAddress":"customer@fake-shop.example","marketingState":"SUBSCRIBED"},"orders":{"nodes":[{"discountCodes":[]},{"discountCodes":["WELCOME10"]}]}}}""".Replace("@id", id), requestedCost: 16);
            case "abandonedcheckouts":
                return Data("""{"abandonedCheckouts":{"pageInfo":{"hasNextPage":false,"endCursor":null},"nodes":[]}}""", requestedCost: 200);
            case "activesubscriptions":
                return Data("""{"currentAppInstallation":{"activeSubscriptions":[]}}""", requestedCost: 2);
            case "orders":
                return Data("""{"orders":{"pageInfo":{"hasNextPage":false,"endCursor":null},"nodes":[]}}""", requestedCost: 100);
            case "discountcodebasiccreate":
                return CreateDiscount("discountCodeBasicCreate", variables);
            case "discountcodefreeshippingcreate":
                return CreateDiscount("discountCodeFreeShippingCreate", variables);
            case "codediscountnodebycode":
                var code = variables?["code"]?.GetValue<string>() ?? "";
                return Data(_discounts.TryGetValue(code, out var existing)
                    ? $$$"""{"codeDiscountNodeByCode":{"id":"{{{existing}}}"}}"""
                    : """{"codeDiscountNodeByCode":null}""", requestedCost: 1);
            case "discountcodedelete":
                var nodeId = variables?["id"]?.GetValue<string>() ?? "";
                var entry = _discounts.FirstOrDefault(d => d.Value == nodeId);
                return entry.Key is not null && _discounts.TryRemove(entry.Key, out _)
                    ? Data($$$"""{"discountCodeDelete":{"deletedCodeDiscountId":"{{{nodeId}}}","userErrors":[]}}""")
                    : Data("""{"discountCodeDelete":{"deletedCodeDiscountId":null,"userErrors":[{"field":["id"],"message":"Discount does not exist","code":null,"extraInfo":null}]}}""");
            default:
                return Errors("FAKE_UNSCRIPTED", $"FakeShopify has no answer for operation '{operation}'.");
        }
    }

    string CreateDiscount(string mutation, JsonNode? variables)
    {
        var code = variables?["input"]?["code"]?.GetValue<string>() ?? "";
        var id = $"gid://shopify/DiscountCodeNode/{Interlocked.Increment(ref _nextDiscountId).ToString(CultureInfo.InvariantCulture)}";
        return _discounts.TryAdd(code, id)
            ? Data($$$"""{"{{{mutation}}}":{"codeDiscountNode":{"id":"{{{id}}}"},"userErrors":[]}}""")
            : UserError(mutation, "TAKEN");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    [GeneratedRegex(@"^\s*(?:query|mutation)\s+(\w+)")]
    private static partial Regex NamedOperation();

    [GeneratedRegex(@"\{\s*(\w+)")]
    private static partial Regex RootField();

    sealed record Scripted(int StatusCode, string Body)
    {
        public IResult ToResult() => Body.Length == 0
            ? Results.StatusCode(StatusCode)
            : Results.Text(Body, "application/json", Encoding.UTF8, StatusCode);
    }
}
