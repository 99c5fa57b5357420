using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace ShopifyRecovery.Shopify;

/// <summary>An offline access token as Shopify returns it; expiring tokens come with a refresh token.</summary>
public sealed record ShopifyAccessToken(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("scope")] string? Scope,
    [property: JsonPropertyName("expires_in")] int? ExpiresIn,
    [property: JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: JsonPropertyName("refresh_token_expires_in")] int? RefreshTokenExpiresIn);

public sealed class ShopifyAuthException(string message) : Exception(message);

/// <summary>Shopify's token endpoint: authorization code, token exchange and refresh all POST to it.</summary>
public sealed class ShopifyAuthClient(HttpClient http, IOptions<ShopifyOptions> options)
{
    const string TokenExchangeGrant = "urn:ietf:params:oauth:grant-type:token-exchange";
    const string IdTokenType = "urn:ietf:params:oauth:token-type:id_token";
    const string OfflineTokenType = "urn:shopify:params:oauth:token-type:offline-access-token";

    public Task<ShopifyAccessToken> ExchangeCodeAsync(string shopDomain, string code, CancellationToken ct) =>
        PostAsync(shopDomain, new Dictionary<string, string>
        {
            ["client_id"] = options.Value.ClientId,
            ["client_secret"] = options.Value.ClientSecret,
            ["code"] = code,
            ["expiring"] = "1",
        }, ct);

    /// <summary>Embedded admin: trade the merchant's session token for an expiring offline token.</summary>
    public Task<ShopifyAccessToken> ExchangeSessionTokenAsync(string shopDomain, string sessionToken, CancellationToken ct) =>
        PostAsync(shopDomain, new Dictionary<string, string>
        {
            ["client_id"] = options.Value.ClientId,
            ["client_secret"] = options.Value.ClientSecret,
            ["grant_type"] = TokenExchangeGrant,
            ["subject_token"] = sessionToken,
            ["subject_token_type"] = IdTokenType,
            ["requested_token_type"] = OfflineTokenType,
            ["expiring"] = "1",
        }, ct);

    public Task<ShopifyAccessToken> RefreshAsync(string shopDomain, string refreshToken, CancellationToken ct) =>
        PostAsync(shopDomain, new Dictionary<string, string>
        {
            ["client_id"] = options.Value.ClientId,
            ["client_secret"] = options.Value.ClientSecret,
            ["grant_type"] = "refresh_token",
            ["refresh_token"] = refreshToken,
        }, ct);

    async Task<ShopifyAccessToken> PostAsync(string shopDomain, Dictionary<string, string> body, CancellationToken ct)
    {
        var uri = new Uri(options.Value.ShopBaseUri(shopDomain), "admin/oauth/access_token");
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Shopify-Shop-Domain", shopDomain);
        using var response = await http.SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
            throw new ShopifyAuthException($"Shopify's token endpoint answered {(int)response.StatusCode} for {shopDomain}.");
        var token = await response.Content.ReadFromJsonAsync<ShopifyAccessToken>(ct);
        if (token is null || string.IsNullOrEmpty(token.AccessToken))
            throw new ShopifyAuthException($"Shopify's token endpoint returned no access token for {shopDomain}.");
        return token;
    }
}
