using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopifyRecovery.App.Platform;
using ShopifyRecovery.Email;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.App.Email;

/// <summary>The shopper-facing links in every email (/r click, /u unsubscribe) and SendGrid's event webhook.</summary>
public static class EmailEndpoints
{
    public static IEndpointRouteBuilder MapEmailEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/r/{token}", ClickAsync).WithName("EmailClick");
        app.MapGet("/u/{token}", UnsubscribePageAsync).WithName("UnsubscribePage");
        app.MapPost("/u/{token}", UnsubscribeAsync).DisableAntiforgery().WithName("Unsubscribe");
        app.MapPost("/webhooks/sendgrid", SendGridEventsAsync).DisableAntiforgery().WithName("SendGridEvents");
        return app;
    }

    static IResult InvalidLink() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Link not found",
        detail: "This link is not valid. It may have been copied incompletely.");

    /// <summary>Records the first click, then sends the shopper to their checkout with the code(s) already applied.</summary>
    static async Task<IResult> ClickAsync(string token, LinkTokens links, RecoveryDbContext db, TimeProvider clock,
        ILoggerFactory loggers, CancellationToken ct)
    {
        if (!links.TryReadClick(token, out var emailSendId))
            return InvalidLink();
        var send = await db.Set<EmailSend>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == emailSendId, ct);
        if (send is null)
            return InvalidLink();
        var journey = await db.Set<Journey>().AsNoTracking().SingleAsync(j => j.Id == send.JourneyId, ct);
        var shopDomain = await db.Set<Shop>().Where(s => s.Id == send.ShopId).Select(s => s.Domain).SingleAsync(ct);

        var now = clock.GetUtcNow();
        // The conditional update makes two simultaneous clicks record one first click.
        var first = await db.Set<EmailSend>().Where(s => s.Id == send.Id && s.ClickedAt == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.ClickedAt, now), ct);
        if (first == 1)
        {
            db.Set<JourneyEvent>().Add(new JourneyEvent { JourneyId = send.JourneyId, ShopId = send.ShopId, At = now, Kind = "clicked", Step = send.Step });
            await db.SaveChangesAsync(ct);
            EmailLog.Clicked(loggers.CreateLogger("ShopifyRecovery.App.Email"), send.Id, send.JourneyId);
        }
        return Results.Redirect(RecoveryRedirect.Target(journey.RecoveryUrl, shopDomain, send.DiscountCode));
    }

    static async Task<IResult> UnsubscribePageAsync(string token, HttpContext context, LinkTokens links, RecoveryDbContext db, CancellationToken ct)
    {
        if (!links.TryReadUnsubscribe(token, out var shopId, out var email))
            return InvalidLink();
        var shop = await db.Set<Shop>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == shopId, ct);
        if (shop is null)
            return InvalidLink();
        var done = await db.Set<Suppression>().AnyAsync(s => s.ShopId == shopId && s.Email == email, ct);
        return UnsubscribePage.Result(context, ShopName(shop), context.Request.Path, done);
    }

    /// <summary>
    /// RFC 8058 one-click (a mail client posts List-Unsubscribe=One-Click) and the page's button both land here.
    /// The token is the authority, so the body is not required; repeating it changes nothing.
    /// </summary>
    static async Task<IResult> UnsubscribeAsync(string token, HttpContext context, LinkTokens links, RecoveryDbContext db, TimeProvider clock,
        ILoggerFactory loggers, CancellationToken ct)
    {
        if (!links.TryReadUnsubscribe(token, out var shopId, out var email))
            return InvalidLink();
        var shop = await db.Set<Shop>().AsNoTracking().SingleOrDefaultAsync(s => s.Id == shopId, ct);
        if (shop is null)
            return InvalidLink();

        if (!await db.Set<Suppression>().AnyAsync(s => s.ShopId == shopId && s.Email == email, ct))
        {
            db.Set<Suppression>().Add(new Suppression
            {
                ShopId = shopId, Email = email, Reason = SuppressionReason.Unsubscribed, CreatedAt = clock.GetUtcNow(), Note = "unsubscribe link",
            });
            try
            {
                await db.SaveChangesAsync(ct);
                EmailLog.Unsubscribed(loggers.CreateLogger("ShopifyRecovery.App.Email"), shopId);
            }
            catch (DbUpdateException)
            {
                // A concurrent post (one-click and the button at once) suppressed the address first: the outcome is the same.
            }
        }
        return UnsubscribePage.Result(context, ShopName(shop), context.Request.Path, done: true);
    }

    static string ShopName(Shop shop) => string.IsNullOrWhiteSpace(shop.Name) ? shop.Domain : shop.Name;

    static async Task<IResult> SendGridEventsAsync(HttpContext context, SendGridEventIntake intake, IOptions<SendGridOptions> options, CancellationToken ct)
    {
        var limit = options.Value.WebhookMaxBodyBytes;
        var body = await SignedBody.ReadAsync(context, limit, ct);
        if (body is null)
            return TooLarge(limit);

        var headers = context.Request.Headers;
        var result = await intake.AcceptAsync(body, headers[SendGridEventSignature.SignatureHeader].ToString(),
            headers[SendGridEventSignature.TimestampHeader].ToString(), ct);
        return result.Outcome switch
        {
            EventPostOutcome.Accepted => Results.Ok(new { result.Applied, result.Duplicates, result.Unmatched }),
            EventPostOutcome.Unauthorized => Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid event signature", detail: result.Problem),
            _ => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid events", detail: result.Problem),
        };
    }

    static IResult TooLarge(int limit) => Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "Event post too large", detail: $"Event posts are limited to {limit} bytes.");

}

/// <summary>Where a click goes: the checkout recovery URL with Shopify's ?discount= parameter, codes comma-separated.</summary>
public static class RecoveryRedirect
{
    public static string Target(string? recoveryUrl, string shopDomain, string? discountCodes)
    {
        // Only a real web address from Shopify is followed; anything else would make /r an open redirect.
        var target = Uri.TryCreate(recoveryUrl, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"
            ? uri.AbsoluteUri
            : $"https://{shopDomain}/cart";
        var codes = (discountCodes ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (codes.Length == 0)
            return target;
        var fragment = "";
        var hash = target.IndexOf('#');
        if (hash >= 0)
            (target, fragment) = (target[..hash], target[hash..]);
        var separator = target.Contains('?') ? '&' : '?';
        return $"{target}{separator}discount={string.Join(',', codes.Select(Uri.EscapeDataString))}{fragment}";
    }
}

static class UnsubscribePage
{
    public static IResult Result(HttpContext context, string shopName, string path, bool done)
    {
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        context.Response.Headers.CacheControl = "no-store";
        var name = WebUtility.HtmlEncode(shopName);
        var body = done
            ? $"""
              <h1>You're unsubscribed</h1>
              <p>You will no longer receive cart reminder emails from {name}.</p>
              """
            : $"""
              <h1>Unsubscribe from {name}?</h1>
              <p>You will no longer receive cart reminder emails from {name}.</p>
              <form method="post" action="{WebUtility.HtmlEncode(path)}">
                <input type="hidden" name="List-Unsubscribe" value="One-Click">
                <button type="submit">Unsubscribe</button>
              </form>
              """;
        var html = $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="robots" content="noindex">
            <title>Unsubscribe · {{name}}</title>
            <style>
              body { font-family: Helvetica, Arial, sans-serif; background: #f4f4f5; color: #111; margin: 0; padding: 48px 16px; }
              main { max-width: 480px; margin: 0 auto; background: #fff; border-radius: 8px; padding: 32px; }
              h1 { font-size: 22px; margin: 0 0 12px; }
              p { line-height: 1.5; }
              button { background: #111; color: #fff; border: 0; border-radius: 6px; padding: 12px 28px; font-size: 16px; cursor: pointer; }
            </style>
            </head>
            <body><main>
            {{body}}
            </main></body>
            </html>
            """;
        return Results.Content(html, "text/html; charset=utf-8");
    }
}
