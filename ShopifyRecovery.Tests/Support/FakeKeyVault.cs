using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Azure.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ShopifyRecovery.Tests.Support;

/// <summary>
/// A real Kestrel server on 127.0.0.1 answering Key Vault's wrapkey and unwrapkey for one RSA key (RSA-OAEP-256, as
/// the vault does). Every call is recorded with its bearer token; <see cref="Deny"/> answers 403 as a vault does to an
/// identity without the role.
/// </summary>
public sealed class FakeKeyVault : IAsyncDisposable
{
    public const string KeyName = "data-protection";
    public const string Version = "0123456789abcdef";

    readonly WebApplication _app;
    readonly RSA _key = RSA.Create(2048);

    FakeKeyVault(WebApplication app)
    {
        _app = app;
        app.MapPost("/keys/{name}/wrapkey", (string name, HttpContext context) => OperateAsync(context, name, null, wrap: true));
        app.MapPost("/keys/{name}/{version}/unwrapkey", (string name, string version, HttpContext context) => OperateAsync(context, name, version, wrap: false));
    }

    public string BaseUrl { get; private set; } = "";

    /// <summary>The unversioned key id the app is configured with.</summary>
    public string KeyId => $"{BaseUrl}/keys/{KeyName}";

    public bool Deny { get; set; }

    public ConcurrentQueue<(string Operation, string? Authorization)> Calls { get; } = new();

    public static async Task<FakeKeyVault> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var vault = new FakeKeyVault(builder.Build());
        await vault._app.StartAsync();
        vault.BaseUrl = vault._app.Urls.Single().TrimEnd('/');
        return vault;
    }

    async Task<IResult> OperateAsync(HttpContext context, string name, string? version, bool wrap)
    {
        Calls.Enqueue((wrap ? "wrapkey" : "unwrapkey", context.Request.Headers.Authorization.FirstOrDefault()));
        if (Deny)
            return Results.Json(new { error = new { code = "Forbidden", message = "The user does not have keys unwrapKey permission." } }, statusCode: 403);
        if (name != KeyName || (version is not null && version != Version))
            return Results.Json(new { error = new { code = "KeyNotFound" } }, statusCode: 404);
        var body = (await JsonNode.ParseAsync(context.Request.Body))!;
        if (body["alg"]?.GetValue<string>() != "RSA-OAEP-256")
            return Results.Json(new { error = new { code = "BadParameter" } }, statusCode: 400);
        var input = Base64Url.DecodeFromChars(body["value"]!.GetValue<string>());
        var output = wrap ? _key.Encrypt(input, RSAEncryptionPadding.OaepSHA256) : _key.Decrypt(input, RSAEncryptionPadding.OaepSHA256);
        return Results.Json(new { kid = $"{BaseUrl}/keys/{KeyName}/{Version}", value = Base64Url.EncodeToString(output) });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
    }
}

/// <summary>Stands in for the managed identity: a fixed bearer token for the vault's scope.</summary>
public sealed class FakeVaultCredential : TokenCredential
{
    public const string Token = "fake-vault-token";

    public List<string[]> Requests { get; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Requests.Add(requestContext.Scopes);
        return new AccessToken(Token, DateTimeOffset.UtcNow.AddHours(1));
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
