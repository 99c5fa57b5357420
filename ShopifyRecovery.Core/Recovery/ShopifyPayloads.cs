using System.Globalization;
using System.Text.Json;
using ShopifyRecovery.Shopify.Admin;

namespace ShopifyRecovery.Recovery;

/// <summary>
/// Reads checkout and order webhooks (and Admin API records) into snapshots. Tolerant by design: real payloads carry
/// null emails, addresses as empty arrays, money as strings and ids beyond 2^53 (the GraphQL id is exact, so it wins).
/// </summary>
public static class ShopifyPayloads
{
    public static CheckoutSnapshot? ReadCheckout(JsonElement p)
    {
        var token = Str(p, "token");
        if (token is null || Time(p, "updated_at") is not { } updatedAt)
            return null;
        var customer = Obj(p, "customer");
        var address = Obj(p, "shipping_address") ?? Obj(p, "billing_address") ?? (customer is { } c ? Obj(c, "default_address") : null);
        var currency = Str(p, "currency");
        var presentment = Str(p, "presentment_currency") ?? currency ?? "USD";
        var total = Money(p, "total_price") ?? 0m;
        decimal? shopTotal = Obj(p, "total_price_set") is { } set && Obj(set, "shop_money") is { } shopMoney ? Money(shopMoney, "amount") : null;
        if (shopTotal is null && currency is not null && string.Equals(currency, presentment, StringComparison.OrdinalIgnoreCase))
            shopTotal = total;
        return new CheckoutSnapshot
        {
            Token = token,
            CartToken = Str(p, "cart_token"),
            CreatedAt = Time(p, "created_at") ?? updatedAt,
            UpdatedAt = updatedAt,
            CompletedAt = Time(p, "completed_at"),
            Email = Str(p, "email") ?? (customer is { } c1 ? Str(c1, "email") : null),
            Phone = Str(p, "phone") ?? Str(p, "sms_marketing_phone") ?? (customer is { } c2 ? Str(c2, "phone") : null),
            CustomerId = customer is { } c3 ? Id(c3, "Customer") : null,
            FirstName = (customer is { } c4 ? Str(c4, "first_name") : null) ?? (address is { } a1 ? Str(a1, "first_name") : null),
            LastName = (customer is { } c5 ? Str(c5, "last_name") : null) ?? (address is { } a2 ? Str(a2, "last_name") : null),
            Locale = Str(p, "customer_locale"),
            CountryCode = address is { } a3 ? Str(a3, "country_code") : null,
            ProvinceCode = address is { } a4 ? Str(a4, "province_code") : null,
            BuyerAcceptsMarketing = Bool(p, "buyer_accepts_marketing"),
            ShopCurrency = currency?.ToUpperInvariant(),
            PresentmentCurrency = presentment.ToUpperInvariant(),
            Subtotal = Money(p, "subtotal_price") ?? 0m,
            Total = total,
            ShopTotal = shopTotal,
            Lines = Lines(p),
            RecoveryUrl = Str(p, "abandoned_checkout_url"),
            SourceName = Str(p, "source_name"),
        };
    }

    public static CheckoutSnapshot FromAdmin(AbandonedCheckoutRecord r, string shopCurrency) => new()
    {
        Token = r.Token,
        CreatedAt = r.CreatedAt.ToUniversalTime(),
        UpdatedAt = r.UpdatedAt.ToUniversalTime(),
        CompletedAt = r.CompletedAt?.ToUniversalTime(),
        Email = r.Email,
        CustomerId = r.CustomerId,
        FirstName = r.FirstName,
        LastName = r.LastName,
        PresentmentCurrency = r.Currency.ToUpperInvariant(),
        Subtotal = r.Subtotal,
        Total = r.Total,
        ShopTotal = string.Equals(r.Currency, shopCurrency, StringComparison.OrdinalIgnoreCase) ? r.Total : null,
        Lines = r.Lines.Select(l => new CartLine(l.Title, l.VariantTitle, l.Quantity, l.Price, l.Price * l.Quantity, l.ImageUrl, l.ProductType, l.ProductId, l.VariantId)).ToList(),
        RecoveryUrl = r.RecoveryUrl,
    };

    public static OrderSnapshot? ReadOrder(JsonElement p)
    {
        if (Id(p, "Order") is not { } orderId)
            return null;
        var customer = Obj(p, "customer");
        decimal? shopTotal = Obj(p, "total_price_set") is { } set && Obj(set, "shop_money") is { } shopMoney ? Money(shopMoney, "amount") : null;
        var codes = new List<OrderDiscountCode>();
        if (p.TryGetProperty("discount_codes", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var code in list.EnumerateArray())
            {
                if (code.ValueKind == JsonValueKind.Object && Str(code, "code") is { } value)
                    codes.Add(new OrderDiscountCode(value, Money(code, "amount") ?? 0m, Str(code, "type")));
            }
        }
        return new OrderSnapshot
        {
            OrderId = orderId,
            CheckoutToken = Str(p, "checkout_token"),
            CustomerId = customer is { } c ? Id(c, "Customer") : null,
            Email = Str(p, "email") ?? Str(p, "contact_email") ?? (customer is { } c1 ? Str(c1, "email") : null),
            Total = shopTotal ?? Money(p, "total_price") ?? 0m,
            Currency = (Str(p, "currency") ?? "USD").ToUpperInvariant(),
            DiscountCodes = codes,
            CreatedAt = Time(p, "created_at") ?? Time(p, "processed_at") ?? DateTimeOffset.MinValue,
            CancelledAt = Time(p, "cancelled_at"),
        };
    }

    public static OrderSnapshot FromAdmin(OrderRecord r) => new()
    {
        OrderId = r.OrderId,
        CheckoutToken = r.CheckoutToken,
        CustomerId = r.CustomerId,
        Email = r.Email,
        Total = r.Total,
        Currency = r.Currency.ToUpperInvariant(),
        // The Admin record gives the codes and one discount total; the total is charged to the first code.
        DiscountCodes = r.DiscountCodes.Select((code, i) => new OrderDiscountCode(code, i == 0 ? r.DiscountTotal : 0m, null)).ToList(),
        CreatedAt = r.CreatedAt.ToUniversalTime(),
    };

    static IReadOnlyList<CartLine> Lines(JsonElement p)
    {
        if (!p.TryGetProperty("line_items", out var items) || items.ValueKind != JsonValueKind.Array)
            return [];
        var lines = new List<CartLine>();
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
                continue;
            var quantity = item.TryGetProperty("quantity", out var q) && q.TryGetInt32(out var qv) ? qv : 1;
            var price = Money(item, "price") ?? 0m;
            lines.Add(new CartLine(
                Title: Str(item, "presentment_title") ?? Str(item, "title") ?? "Item",
                VariantTitle: Str(item, "presentment_variant_title") ?? Str(item, "variant_title"),
                Quantity: quantity,
                Price: price,
                LinePrice: Money(item, "line_price") ?? price * quantity,
                ImageUrl: Str(item, "image_url") ?? (Obj(item, "image") is { } image ? Str(image, "src") : null),
                ProductType: Str(item, "product_type"),
                ProductId: Long(item, "product_id"),
                VariantId: Long(item, "variant_id")));
        }
        return lines;
    }

    /// <summary>The exact id from <c>admin_graphql_api_id</c> (numeric ids in samples lost precision), else <c>id</c>.</summary>
    static long? Id(JsonElement e, string resource)
    {
        if (Str(e, "admin_graphql_api_id") is { } gid && gid.StartsWith($"gid://shopify/{resource}/", StringComparison.Ordinal)
            && long.TryParse(gid.AsSpan(gid.LastIndexOf('/') + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var exact))
            return exact;
        return Long(e, "id");
    }

    public static long? Long(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v))
            return null;
        if (v.ValueKind == JsonValueKind.Number)
        {
            if (v.TryGetInt64(out var n))
                return n;
            // 6.0385197071674342E+17 style: JavaScript rounded it; keep what we can.
            return v.TryGetDouble(out var d) && d is > long.MinValue and < long.MaxValue ? (long)d : null;
        }
        if (v.ValueKind == JsonValueKind.String)
        {
            var s = v.GetString()!;
            var tail = s.StartsWith("gid://", StringComparison.Ordinal) ? s[(s.LastIndexOf('/') + 1)..] : s;
            return long.TryParse(tail, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        }
        return null;
    }

    public static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString() : null;

    static bool? Bool(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean() : null;

    static JsonElement? Obj(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    public static decimal? Money(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v))
            return null;
        if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var n))
            return n;
        return v.ValueKind == JsonValueKind.String && decimal.TryParse(v.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var s) ? s : null;
    }

    /// <summary>Always UTC: times are stored and compared as UTC (SQLite compares the binary form).</summary>
    public static DateTimeOffset? Time(JsonElement e, string name) =>
        Str(e, name) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToUniversalTime()
            : null;
}
