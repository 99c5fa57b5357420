using Microsoft.Extensions.Options;
using ShopifyRecovery.App.Platform;
using ShopifyRecovery.Hosting;
using ShopifyRecovery.Intake;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.App.Webhooks;

public static class WebhookEndpoints
{
    public static IEndpointRouteBuilder MapShopifyWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapPost("/webhooks/shopify", ReceiveAsync).DisableAntiforgery().WithName("ShopifyWebhook");
        return app;
    }

    static async Task<IResult> ReceiveAsync(HttpContext context, WebhookIntake intake, IOptions<ShopifyOptions> options, CancellationToken ct)
    {
        var limit = options.Value.WebhookMaxBodyBytes;
        var body = await SignedBody.ReadAsync(context, limit, ct);
        if (body is null)
            return TooLarge(limit);

        var headers = context.Request.Headers;
        var result = await intake.AcceptAsync(body, name => headers.TryGetValue(name, out var value) ? value.ToString() : null, ct);
        return result.Outcome switch
        {
            IntakeOutcome.Accepted => Results.Ok(),
            IntakeOutcome.Unauthorized => Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Invalid webhook signature", detail: result.Problem),
            _ => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid webhook", detail: result.Problem),
        };
    }

    static IResult TooLarge(int limit)
    {
        RecoveryMetrics.WebhookRejected("too_large");
        return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Webhook body too large", detail: $"Webhook bodies are limited to {limit} bytes.");
    }
}
