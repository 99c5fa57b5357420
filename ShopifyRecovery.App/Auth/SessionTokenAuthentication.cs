using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.App.Auth;

public static class EmbeddedAdmin
{
    public const string Scheme = "ShopifySessionToken";
    public const string Policy = "EmbeddedAdmin";
    public const string ShopClaim = "shop";

    public static IServiceCollection AddEmbeddedAdminAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(Scheme).AddScheme<AuthenticationSchemeOptions, SessionTokenAuthenticationHandler>(Scheme, null);
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy.AddAuthenticationSchemes(Scheme).RequireClaim(ShopClaim));
        services.AddScoped<CurrentShopResolver>();
        return services;
    }
}

/// <summary>
/// <c>Authorization: Bearer &lt;App Bridge ID token&gt;</c> on every /api call. A failure answers 401 with
/// <c>X-Shopify-Retry-Invalid-Session-Request</c>, which tells App Bridge to fetch a fresh token and retry.
/// </summary>
sealed class SessionTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    SessionTokenValidator validator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
        if (!validator.TryValidate(token, out var session, out var error))
        {
            if (error != SessionTokenError.Missing)
                ShopifyLog.SessionTokenRejected(Logger, error);
            return Task.FromResult(error == SessionTokenError.Missing ? AuthenticateResult.NoResult() : AuthenticateResult.Fail(error.ToString()));
        }
        var identity = new ClaimsIdentity(
        [
            new Claim(EmbeddedAdmin.ShopClaim, session!.ShopDomain),
            new Claim(ClaimTypes.NameIdentifier, session.UserId ?? ""),
            new Claim("session_token", token!),
        ], EmbeddedAdmin.Scheme);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), EmbeddedAdmin.Scheme)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers["X-Shopify-Retry-Invalid-Session-Request"] = "1";
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(statusCode: 401, title: "Session token required",
            detail: "Send a current App Bridge session token as 'Authorization: Bearer <token>'.").ExecuteAsync(Context);
    }
}
