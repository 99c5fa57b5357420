using Microsoft.AspNetCore.Http.HttpResults;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ShopifyRecovery.App.Auth;
using ShopifyRecovery.Intake;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Shopify.Admin;
using ShopifyRecovery.Shopify.Admin.Simulation;

namespace ShopifyRecovery.App.Admin.Api;

public sealed record PlaygroundCheckoutRequest(long? CustomerId, string? GuestEmail, IReadOnlyList<SandboxCheckoutLine>? Lines);

public sealed record PlaygroundCheckoutCreated(string CheckoutToken, string WebhookId, string? Email, decimal Total, string Currency);

public sealed record PlaygroundCatalogue(IReadOnlyList<SimulatedProduct> Products, IReadOnlyList<PlaygroundCustomer> Customers);

public sealed record PlaygroundCustomer(long CustomerId, string Persona, string Name, string Email, string MarketingState);

/// <summary>
/// Playground only: lets a newcomer abandon a checkout in the sandbox shop. The checkout arrives as a signed
/// checkouts/create webhook through the app's own intake, exactly the path a real Shopify webhook takes.
/// </summary>
public static class PlaygroundApi
{
    public const string Topic = "checkouts/create";

    public static RouteGroupBuilder MapPlaygroundApi(this RouteGroupBuilder api)
    {
        var playground = api.MapGroup("/playground");
        playground.MapGet("/catalogue", Catalogue);
        playground.MapPost("/checkouts", CreateCheckoutAsync);
        return api;
    }

    static Ok<PlaygroundCatalogue> Catalogue(SimulatedShopifyAdmin sandbox) =>
        TypedResults.Ok(new PlaygroundCatalogue(sandbox.ListProducts(),
            sandbox.ListCustomers().Select(c => new PlaygroundCustomer(c.CustomerId, c.Persona, $"{c.FirstName} {c.LastName}", c.Email, c.MarketingState)).ToList()));

    static async Task<Results<Accepted<PlaygroundCheckoutCreated>, ValidationProblem>> CreateCheckoutAsync(
        PlaygroundCheckoutRequest request, CurrentShop shop, SimulatedShopifyAdmin sandbox, WebhookIntake intake,
        IOptions<ShopifyOptions> options, TimeProvider clock, ILogger<SimulatedShopifyAdmin> logger, CancellationToken ct)
    {
        var lines = request.Lines is { Count: > 0 } chosen
            ? chosen
            : sandbox.ListProducts().Take(2).Select(p => new SandboxCheckoutLine(p.VariantId, 1)).ToList();
        AbandonedCheckoutRecord checkout;
        try
        {
            checkout = sandbox.CreateSandboxCheckout(shop.Domain, new SandboxCheckoutRequest(
                request.CustomerId, string.IsNullOrWhiteSpace(request.GuestEmail) ? null : request.GuestEmail.Trim(), lines));
        }
        catch (ArgumentException e)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["checkout"] = [e.Message.Split(" (Parameter")[0]] },
                title: "The sandbox checkout was not created");
        }
        var customer = checkout.CustomerId is { } id ? sandbox.Catalogue.Customer(id) : null;
        var body = JsonSerializer.SerializeToUtf8Bytes(Payload(checkout, customer, options.Value.AppUrl));
        var webhookId = Guid.NewGuid().ToString();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [WebhookHeaders.Hmac] = WebhookSignature.Compute(body, options.Value.ClientSecret),
            [WebhookHeaders.Topic] = Topic,
            [WebhookHeaders.ShopDomain] = shop.Domain,
            [WebhookHeaders.WebhookId] = webhookId,
            [WebhookHeaders.EventId] = Guid.NewGuid().ToString(),
            [WebhookHeaders.ApiVersion] = options.Value.ApiVersion,
            [WebhookHeaders.TriggeredAt] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        };
        var result = await intake.AcceptAsync(body, name => headers.GetValueOrDefault(name), ct);
        if (result.Outcome != IntakeOutcome.Accepted)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["webhook"] = [result.Problem ?? result.Outcome.ToString()] },
                title: "The app's own intake refused the sandbox webhook");
        AdminLog.PlaygroundCheckout(logger, checkout.Token, shop.Domain, webhookId);
        return TypedResults.Accepted($"/api/journeys?checkout={checkout.Token}",
            new PlaygroundCheckoutCreated(checkout.Token, webhookId, checkout.Email, checkout.Total, checkout.Currency));
    }

    /// <summary>A checkouts/create body in the 2026-04 shape (money as strings, no checkout id), as Shopify would send it.</summary>
    static Dictionary<string, object?> Payload(AbandonedCheckoutRecord c, SimulatedCustomer? customer, string appUrl)
    {
        static string Money(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);
        var firstName = customer?.FirstName ?? c.FirstName;
        var lastName = customer?.LastName ?? c.LastName;
        return new Dictionary<string, object?>
        {
            ["token"] = c.Token,
            ["cart_token"] = "cart-" + c.Token,
            ["email"] = c.Email,
            ["created_at"] = c.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
            ["updated_at"] = c.UpdatedAt.ToString("O", CultureInfo.InvariantCulture),
            ["completed_at"] = null,
            ["closed_at"] = null,
            ["currency"] = c.Currency,
            ["presentment_currency"] = c.Currency,
            ["buyer_accepts_marketing"] = customer is null || customer.MarketingState == "subscribed",
            ["customer_locale"] = "en-US",
            ["source_name"] = "web",
            ["landing_site"] = appUrl,
            ["subtotal_price"] = Money(c.Subtotal),
            ["total_line_items_price"] = Money(c.Subtotal),
            ["total_discounts"] = "0.00",
            ["total_tax"] = "0.00",
            ["total_price"] = Money(c.Total),
            ["taxes_included"] = false,
            ["abandoned_checkout_url"] = c.RecoveryUrl,
            ["discount_codes"] = Array.Empty<object>(),
            ["line_items"] = c.Lines.Select(l => new Dictionary<string, object?>
            {
                ["key"] = l.VariantId?.ToString(CultureInfo.InvariantCulture),
                ["product_id"] = l.ProductId,
                ["variant_id"] = l.VariantId,
                ["title"] = l.Title,
                ["variant_title"] = l.VariantTitle,
                ["quantity"] = l.Quantity,
                ["price"] = Money(l.Price),
                ["line_price"] = Money(l.Price * l.Quantity),
                ["product_type"] = l.ProductType,
                ["image_url"] = l.ImageUrl,
                ["requires_shipping"] = true,
            }).ToList(),
            ["shipping_address"] = new Dictionary<string, object?>
            {
                ["first_name"] = firstName,
                ["last_name"] = lastName,
                ["city"] = "New York",
                ["province_code"] = "NY",
                ["country_code"] = "US",
            },
            ["customer"] = customer is null ? null : new Dictionary<string, object?>
            {
                ["id"] = customer.CustomerId,
                ["admin_graphql_api_id"] = ShopifyGid.For("Customer", customer.CustomerId),
                ["email"] = customer.Email,
                ["first_name"] = customer.FirstName,
                ["last_name"] = customer.LastName,
                ["state"] = "enabled",
                ["currency"] = c.Currency,
            },
        };
    }
}
