using System.Globalization;

namespace ShopifyRecovery.Email;

/// <summary>
/// Formats amounts in the currency the shopper saw at checkout, with its own symbol and number of decimals
/// (¥1,250 not ¥1,250.00; 1.250 KWD has three). Amounts are in major units (12.50), not cents.
/// Dollar currencies other than USD carry a prefix (CA$, A$) so a Canadian cart never reads as US dollars.
/// </summary>
public static class MoneyFormat
{
    sealed record Currency(string Symbol, int Decimals);

    static readonly Dictionary<string, Currency> Currencies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["USD"] = new("$", 2), ["EUR"] = new("€", 2), ["GBP"] = new("£", 2), ["CAD"] = new("CA$", 2),
        ["AUD"] = new("A$", 2), ["NZD"] = new("NZ$", 2), ["HKD"] = new("HK$", 2), ["SGD"] = new("S$", 2),
        ["MXN"] = new("MX$", 2), ["BRL"] = new("R$", 2), ["TWD"] = new("NT$", 2), ["JPY"] = new("¥", 0),
        ["CNY"] = new("CN¥", 2), ["KRW"] = new("₩", 0), ["INR"] = new("₹", 2), ["ILS"] = new("₪", 2),
        ["PHP"] = new("₱", 2), ["VND"] = new("₫", 0), ["THB"] = new("฿", 2), ["TRY"] = new("₺", 2),
        ["UAH"] = new("₴", 2), ["NGN"] = new("₦", 2), ["CHF"] = new("CHF", 2), ["SEK"] = new("SEK", 2),
        ["NOK"] = new("NOK", 2), ["DKK"] = new("DKK", 2), ["PLN"] = new("PLN", 2), ["CZK"] = new("CZK", 2),
        ["HUF"] = new("HUF", 2), ["RON"] = new("RON", 2), ["ZAR"] = new("ZAR", 2), ["AED"] = new("AED", 2),
        ["SAR"] = new("SAR", 2), ["MYR"] = new("MYR", 2), ["IDR"] = new("IDR", 2), ["CLP"] = new("CLP", 0),
        ["COP"] = new("COP", 2), ["ISK"] = new("ISK", 0), ["KWD"] = new("KWD", 3), ["BHD"] = new("BHD", 3),
        ["JOD"] = new("JOD", 3), ["OMR"] = new("OMR", 3), ["TND"] = new("TND", 3), ["UGX"] = new("UGX", 0),
        ["XAF"] = new("FCFA", 0), ["XOF"] = new("F CFA", 0), ["PYG"] = new("PYG", 0),
    };

    /// <summary>€12.50, ¥1,250, CHF 12.50.</summary>
    public static string Format(decimal amount, string currency)
    {
        var (symbol, digits) = Lookup(currency);
        var sign = amount < 0 ? "-" : "";
        var separator = char.IsLetter(symbol[^1]) ? " " : "";
        return $"{sign}{symbol}{separator}{Number(Math.Abs(amount), digits)}";
    }

    /// <summary>€12.50 EUR: for carts where the symbol alone could be read as another currency.</summary>
    public static string FormatWithCurrency(decimal amount, string currency)
    {
        var formatted = Format(amount, currency);
        var code = currency.ToUpperInvariant();
        return formatted.Contains(code, StringComparison.Ordinal) ? formatted : $"{formatted} {code}";
    }

    /// <summary>12.50 (no symbol), still rounded to the currency's decimals.</summary>
    public static string FormatAmount(decimal amount, string currency) =>
        (amount < 0 ? "-" : "") + Number(Math.Abs(amount), Lookup(currency).Decimals);

    public static bool IsCurrencyCode(string? currency) =>
        currency is { Length: 3 } && currency.All(char.IsAsciiLetter);

    static (string Symbol, int Decimals) Lookup(string currency)
    {
        if (Currencies.TryGetValue(currency, out var known))
            return (known.Symbol, known.Decimals);
        return (IsCurrencyCode(currency) ? currency.ToUpperInvariant() : "¤", 2);
    }

    static string Number(decimal amount, int digits) =>
        Math.Round(amount, digits, MidpointRounding.AwayFromZero).ToString("N" + digits, CultureInfo.InvariantCulture);
}
