using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
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
        if (context.Request.ContentLength > limit)
            return TooLarge(limit);
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
            sizeFeature.MaxRequestBodySize = limit + 1L;

        var body = await ReadBodyAsync(context.Request, limit, ct);
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

    /// <summary>Reads the raw body (the signature covers exactly these bytes); null when it exceeds the limit.</summary>
    static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int limit, CancellationToken ct)
    {
        var reader = request.BodyReader;
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(ct);
                if (read.Buffer.Length > limit)
                {
                    reader.AdvanceTo(read.Buffer.End);
                    return null;
                }
                if (read.IsCompleted)
                {
                    var bytes = read.Buffer.ToArray();
                    reader.AdvanceTo(read.Buffer.End);
                    return bytes;
                }
                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
    }
}
