using ShopifyRecovery.Email;

namespace ShopifyRecovery.Tests.Email;

static class EmailSamples
{
    public static readonly DateTimeOffset Expiry = new(2026, 12, 3, 17, 30, 0, TimeSpan.Zero);

    public static EmailModel Model(string currency = "USD", EmailDiscount? discount = null, int step = 1, string? firstName = "Ada",
        IReadOnlyList<EmailCartLine>? lines = null) => new(
        new EmailShop("Maple & Oak", "hello@maple-oak.example", "12 Harbour Street, Dublin D02, Ireland", "maple-oak.myshopify.com"),
        new EmailCustomer(firstName, "Lovelace", "ada@example.com"),
        new EmailCart(
            lines ??
            [
                new EmailCartLine("Linen Shirt", "Blue / M", 2, 45.5m, 91m, "https://cdn.example/shirt.jpg", "Shirts"),
                new EmailCartLine("Wool Scarf", null, 1, 1234.5m, 1234.5m, null, "Accessories"),
            ],
            Subtotal: 1325.5m, Total: 1335.5m, Currency: currency, ItemCount: 3),
        "https://maple-oak.myshopify.com/checkouts/abc/recover?key=k1",
        discount,
        "https://app.test/u/unsubscribe-token",
        step);

    public static EmailDiscount Discount(decimal? percentage = 10m, bool freeShipping = false, params string[] codes) =>
        new(codes.Length > 0 ? codes[0] : "SAVE10-ABC", percentage, freeShipping, Expiry, codes);

    public static TemplateSource Template(string html, string? text = null, string subject = "Hello", string preheader = "") =>
        new(subject, preheader, html, text ?? "Unsubscribe: {{ unsubscribe_url }}");
}
