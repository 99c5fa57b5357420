using System.Text.Json;

namespace ShopifyRecovery.Recovery;

/// <summary>How <see cref="Journey.CartJson"/> is written and read.</summary>
public static class CartJson
{
    static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static string Write(IReadOnlyList<CartLine> lines) => JsonSerializer.Serialize(lines, Options);

    public static IReadOnlyList<CartLine> Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return [];
        try
        {
            return JsonSerializer.Deserialize<List<CartLine>>(json, Options) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
