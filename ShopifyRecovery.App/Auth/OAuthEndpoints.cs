using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.App.Auth;

/// <summary>
/// Authorization-code install, for installs that do not come through Shopify-managed installation.
/// The state nonce travels in a Data-Protection-sealed cookie and is recorded once used, so a callback cannot be replayed.
/// </summary>
public static class OAuthEndpoints
{
    const string StateCookie = "shopify_oauth_state";
    static readonly TimeSpan StateLifetime = TimeSpan.FromMinutes(10);

    public static IEndpointRouteBuilder MapShopifyAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/auth");
        auth.MapGet("/install", Install);
        auth.MapGet("/callback", CallbackAsync);
        return app;
    }

    static IResult Install(string? shop, HttpContext context, IOptions<ShopifyOptions> options, IDataProtectionProvider protection, TimeProvider clock)
    {
        if (!ShopDomain.TryNormalize(shop, out var shopDomain))
            return Results.Problem(statusCode: 400, title: "Invalid shop", detail: "The shop parameter must be a *.myshopify.com domain.");

        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var sealedState = Protector(protection).Protect($"{nonce}|{shopDomain}|{clock.GetUtcNow().ToUnixTimeSeconds()}");
        context.Response.Cookies.Append(StateCookie, sealedState, new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = "/auth/callback",
            MaxAge = StateLifetime,
        });
        var o = options.Value;
        var redirect = $"https://{shopDomain}/admin/oauth/authorize?client_id={Uri.EscapeDataString(o.ClientId)}" +
            $"&scope={Uri.EscapeDataString(o.Scopes)}&redirect_uri={Uri.EscapeDataString(o.AppUrl.TrimEnd('/') + "/auth/callback")}" +
            $"&state={nonce}";
        return Results.Redirect(redirect);
    }

    static async Task<IResult> CallbackAsync(HttpContext context, IOptions<ShopifyOptions> options, IDataProtectionProvider protection,
        TimeProvider clock, RecoveryDbContext db, ShopifyAuthClient auth, ShopTokens tokens, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger("ShopifyRecovery.App.Auth");
        var query = context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString());
        if (!query.TryGetValue("shop", out var shopParameter) || !ShopDomain.TryNormalize(shopParameter, out var shopDomain))
            return Results.Problem(statusCode: 400, title: "Invalid shop", detail: "The shop parameter must be a *.myshopify.com domain.");
        if (!query.TryGetValue("code", out var code) || string.IsNullOrEmpty(code) || !query.TryGetValue("state", out var state))
            return Results.Problem(statusCode: 400, title: "Incomplete callback", detail: "The callback needs code and state.");

        var now = clock.GetUtcNow();
        IResult Reject(string reason)
        {
            ShopifyLog.CallbackRejected(logger, shopDomain, reason);
            return Results.Problem(statusCode: 403, title: "Install rejected", detail: reason);
        }

        if (!QuerySignature.IsValid(query, options.Value.SigningSecrets, now))
            return Reject("The callback's hmac does not match, or its timestamp is too old.");
        if (!TryReadState(context, protection, out var nonce, out var cookieShop, out var issuedAt)
            || !CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(nonce), System.Text.Encoding.ASCII.GetBytes(state))
            || cookieShop != shopDomain
            || now - issuedAt > StateLifetime)
            return Reject("The state does not match the install that was started from this browser.");

        db.Set<OAuthNonce>().Add(new OAuthNonce { Nonce = nonce, UsedAt = now });
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            return Reject("This install link was already used.");
        }

        var token = await auth.ExchangeCodeAsync(shopDomain, code, ct);
        await tokens.SaveInstallAsync(shopDomain, token, ct);
        context.Response.Cookies.Delete(StateCookie, new CookieOptions { Path = "/auth/callback" });
        return Results.Redirect($"https://{shopDomain}/admin/apps/{Uri.EscapeDataString(options.Value.ClientId)}");
    }

    static bool TryReadState(HttpContext context, IDataProtectionProvider protection, out string nonce, out string shop, out DateTimeOffset issuedAt)
    {
        nonce = shop = "";
        issuedAt = default;
        if (!context.Request.Cookies.TryGetValue(StateCookie, out var sealedState))
            return false;
        try
        {
            var parts = Protector(protection).Unprotect(sealedState).Split('|');
            if (parts.Length != 3 || !long.TryParse(parts[2], out var seconds))
                return false;
            (nonce, shop, issuedAt) = (parts[0], parts[1], DateTimeOffset.FromUnixTimeSeconds(seconds));
            return true;
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    static IDataProtector Protector(IDataProtectionProvider protection) => protection.CreateProtector("ShopifyRecovery.OAuthState.v1");
}
