using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Azure.Core;
using Microsoft.Extensions.Options;

namespace ShopifyRecovery.Security.KeyVault;

/// <summary>
/// Key Vault's wrapKey and unwrapKey over REST (the Key Vault SDK is not in the package feed): a small random key is
/// sent to the vault and comes back encrypted with the vault's RSA key, which never leaves it. The caller's identity
/// (the runtime managed identity in Azure) needs the "Key Vault Crypto Service Encryption User" role on that key.
/// Values travel as base64url without padding.
/// </summary>
public sealed class KeyVaultKeyWrapper(IHttpClientFactory httpClients, TokenCredential credential, IOptions<KeyRingProtectionOptions> options)
{
    public const string HttpClientName = "KeyVault";
    const string ApiVersion = "7.4";
    const string Algorithm = "RSA-OAEP-256";
    static readonly string[] Scopes = ["https://vault.azure.net/.default"];

    /// <summary>Returns the wrapped key and the versioned id of the vault key that wrapped it (unwrap needs that version).</summary>
    public async Task<(string KeyId, byte[] Wrapped)> WrapAsync(byte[] key, CancellationToken ct)
    {
        var result = await CallAsync(options.Value.KeyVaultKeyId!.TrimEnd('/'), "wrapkey", key, ct);
        return (result.Kid ?? options.Value.KeyVaultKeyId!, Base64Url.DecodeFromChars(result.Value));
    }

    public async Task<byte[]> UnwrapAsync(string keyId, byte[] wrapped, CancellationToken ct) =>
        Base64Url.DecodeFromChars((await CallAsync(keyId.TrimEnd('/'), "unwrapkey", wrapped, ct)).Value);

    async Task<KeyOperationResult> CallAsync(string keyId, string operation, byte[] value, CancellationToken ct)
    {
        var token = await credential.GetTokenAsync(new TokenRequestContext(Scopes), ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{keyId}/{operation}?api-version={ApiVersion}")
        {
            Content = JsonContent.Create(new KeyOperationRequest(Algorithm, Base64Url.EncodeToString(value))),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Token);
        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, ct);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new KeyVaultException(
                $"Key Vault {operation} with {keyId} failed: HTTP {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
        }
        return await response.Content.ReadFromJsonAsync<KeyOperationResult>(ct)
            ?? throw new KeyVaultException($"Key Vault {operation} with {keyId} answered without a result.");
    }

    sealed record KeyOperationRequest([property: JsonPropertyName("alg")] string Alg, [property: JsonPropertyName("value")] string Value);

    sealed record KeyOperationResult([property: JsonPropertyName("kid")] string? Kid, [property: JsonPropertyName("value")] string Value);
}

public sealed class KeyVaultException(string message) : Exception(message);
