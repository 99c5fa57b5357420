using ShopifyRecovery.Email.Liquid;
using Shape = ShopifyRecovery.Email.Liquid.Shape;

namespace ShopifyRecovery.Email;

/// <summary>
/// The variables a template can use, with their snake_case Liquid names. <see cref="Globals"/> is what save-time
/// validation checks against; <see cref="Values"/> is what rendering reads. Keep the two in step (a test renders
/// every variable of the shape).
/// </summary>
static class EmailVariables
{
    static readonly ObjectShape Line = new(
        ("title", Shape.Text), ("variant_title", Shape.Text), ("quantity", Shape.Number), ("price", Shape.Number),
        ("line_price", Shape.Number), ("image_url", Shape.Text), ("product_type", Shape.Text));

    public static readonly ObjectShape Globals = new(
        ("shop", new ObjectShape(("name", Shape.Text), ("email", Shape.Text), ("address", Shape.Text), ("domain", Shape.Text))),
        ("customer", new ObjectShape(("first_name", Shape.Text), ("last_name", Shape.Text), ("email", Shape.Text))),
        ("cart", new ObjectShape(
            ("lines", new ListShape(Line)), ("subtotal", Shape.Number), ("total", Shape.Number),
            ("currency", Shape.Text), ("item_count", Shape.Number))),
        ("recovery_url", Shape.Text),
        ("discount", new ObjectShape(
            ("code", Shape.Text), ("percentage", Shape.Number), ("free_shipping", Shape.Boolean),
            ("expires_at", Shape.Date), ("codes", new ListShape(Shape.Text)))),
        ("unsubscribe_url", Shape.Text),
        ("step_number", Shape.Number));

    public static IReadOnlyDictionary<string, object?> Values(EmailModel model) => new Dictionary<string, object?>
    {
        ["shop"] = Object(("name", model.Shop.Name), ("email", model.Shop.Email), ("address", model.Shop.Address), ("domain", model.Shop.Domain)),
        ["customer"] = Object(("first_name", model.Customer.FirstName), ("last_name", model.Customer.LastName), ("email", model.Customer.Email)),
        ["cart"] = Object(
            ("lines", model.Cart.Lines.Select(line => (object?)Object(
                ("title", line.Title), ("variant_title", line.VariantTitle), ("quantity", (decimal)line.Quantity),
                ("price", line.Price), ("line_price", line.LinePrice), ("image_url", line.ImageUrl), ("product_type", line.ProductType))).ToList()),
            ("subtotal", model.Cart.Subtotal), ("total", model.Cart.Total), ("currency", model.Cart.Currency),
            ("item_count", (decimal)model.Cart.ItemCount)),
        ["recovery_url"] = model.RecoveryUrl,
        ["discount"] = model.Discount is not { } d ? null : Object(
            ("code", d.Code), ("percentage", d.Percentage), ("free_shipping", d.FreeShipping), ("expires_at", d.ExpiresAt),
            ("codes", (d.Codes.Count > 0 ? d.Codes : [d.Code]).Select(c => (object?)c).ToList())),
        ["unsubscribe_url"] = model.UnsubscribeUrl,
        ["step_number"] = (decimal)model.StepNumber,
    };

    // Liquid treats "" as true; a missing first name must read as missing so `| default:` and `{% if %}` work.
    static Dictionary<string, object?> Object(params (string Name, object? Value)[] members) =>
        members.ToDictionary(m => m.Name, m => m.Value is string { Length: 0 } || m.Value is string s && string.IsNullOrWhiteSpace(s) ? null : m.Value);
}
