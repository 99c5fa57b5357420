using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ShopifyRecovery.App.Platform;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.App.Admin;

public sealed record PlaygroundSessionToken(string Token, DateTimeOffset ExpiresAt);

/// <summary>
/// The playground's stand-in for Shopify's token issuer: the simulated App Bridge asks here for a session token of the
/// sandbox shop, signed exactly as App Bridge's are, so /api runs the same validation as in production.
/// Mapped only in the playground; with real credentials the route does not exist.
/// </summary>
public static class PlaygroundSession
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    public static IEndpointRouteBuilder MapPlaygroundSession(this IEndpointRouteBuilder app)
    {
        app.MapPost("/playground/session-token", Issue).DisableAntiforgery().ExcludeFromDescription();
        return app;
    }

    static Ok<PlaygroundSessionToken> Issue(HttpContext context, IOptions<ShopifyOptions> options, TimeProvider clock, ILoggerFactory loggers)
    {
        var now = clock.GetUtcNow();
        var token = SessionTokenValidator.Issue(PlaygroundSeeder.SandboxShop, options.Value.ClientId, options.Value.ClientSecret, now, Lifetime);
        context.Response.Headers.CacheControl = "no-store";
        AdminLog.PlaygroundTokenIssued(loggers.CreateLogger(typeof(PlaygroundSession)), PlaygroundSeeder.SandboxShop);
        return TypedResults.Ok(new PlaygroundSessionToken(token, now + Lifetime));
    }
}
