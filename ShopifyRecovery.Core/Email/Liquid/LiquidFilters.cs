using System.Globalization;
using System.Text.RegularExpressions;

namespace ShopifyRecovery.Email.Liquid;

/// <summary>What a filter can know about the email being rendered.</summary>
sealed record FilterContext(string Currency);

delegate object? FilterFunction(object? input, IReadOnlyList<object?> arguments, FilterContext context);

/// <summary>A filter, how many arguments it takes, and an optional save-time check of literal arguments.</summary>
sealed record FilterDefinition(int MinArguments, int MaxArguments, FilterFunction Apply, Func<IReadOnlyList<LiquidExpression>, (int Position, string Message)?>? Check = null);

/// <summary>
/// The filters templates may use: a fixed list, so a misspelt filter is caught at save time instead of silently
/// printing nothing. Money filters take amounts in major units and format them in the cart's currency.
/// </summary>
static partial class LiquidFilters
{
    public static readonly IReadOnlyDictionary<string, FilterDefinition> All = new Dictionary<string, FilterDefinition>(StringComparer.Ordinal)
    {
        ["money"] = new(0, 1, (input, args, context) => Money(input, args, context, MoneyFormat.Format), CheckCurrency),
        ["money_with_currency"] = new(0, 1, (input, args, context) => Money(input, args, context, MoneyFormat.FormatWithCurrency), CheckCurrency),
        ["money_without_currency"] = new(0, 1, (input, args, context) => Money(input, args, context, MoneyFormat.FormatAmount), CheckCurrency),
        ["date"] = new(0, 2, (input, args, _) => Date(input, args), CheckDate),
        ["default"] = new(1, 1, (input, args, _) => LiquidValues.IsTruthy(input) && !(input is string s && s.Length == 0) ? input : args[0]),
        ["upcase"] = new(0, 0, (input, _, _) => Text(input).ToUpperInvariant()),
        ["downcase"] = new(0, 0, (input, _, _) => Text(input).ToLowerInvariant()),
        ["capitalize"] = new(0, 0, (input, _, _) => Text(input) is { Length: > 0 } s ? char.ToUpperInvariant(s[0]) + s[1..] : ""),
        ["strip"] = new(0, 0, (input, _, _) => Text(input).Trim()),
        ["lstrip"] = new(0, 0, (input, _, _) => Text(input).TrimStart()),
        ["rstrip"] = new(0, 0, (input, _, _) => Text(input).TrimEnd()),
        // Output is always HTML-escaped in the HTML part, so escaping again would show entities to the shopper.
        ["escape"] = new(0, 0, (input, _, _) => Text(input)),
        ["strip_html"] = new(0, 0, (input, _, _) => TagPattern().Replace(Text(input), "")),
        ["url_encode"] = new(0, 0, (input, _, _) => Uri.EscapeDataString(Text(input))),
        ["append"] = new(1, 1, (input, args, _) => Text(input) + Text(args[0])),
        ["prepend"] = new(1, 1, (input, args, _) => Text(args[0]) + Text(input)),
        ["remove"] = new(1, 1, (input, args, _) => Text(input).Replace(Text(args[0]), "", StringComparison.Ordinal)),
        ["replace"] = new(2, 2, (input, args, _) => Text(input).Replace(Text(args[0]), Text(args[1]), StringComparison.Ordinal)),
        ["truncate"] = new(1, 2, (input, args, _) => Truncate(Text(input), Int(args[0]), args.Count > 1 ? Text(args[1]) : "...")),
        ["truncatewords"] = new(1, 2, (input, args, _) => TruncateWords(Text(input), Int(args[0]), args.Count > 1 ? Text(args[1]) : "...")),
        ["size"] = new(0, 0, (input, _, _) => (decimal)LiquidValues.Size(input)),
        ["first"] = new(0, 0, (input, _, _) => LiquidValues.ToList(input).FirstOrDefault()),
        ["last"] = new(0, 0, (input, _, _) => LiquidValues.ToList(input).LastOrDefault()),
        ["join"] = new(0, 1, (input, args, _) => string.Join(args.Count > 0 ? Text(args[0]) : " ", LiquidValues.ToList(input).Select(LiquidValues.ToText))),
        ["plus"] = new(1, 1, (input, args, _) => Number(input) + Number(args[0])),
        ["minus"] = new(1, 1, (input, args, _) => Number(input) - Number(args[0])),
        ["times"] = new(1, 1, (input, args, _) => Number(input) * Number(args[0])),
        ["divided_by"] = new(1, 1, (input, args, _) => Number(args[0]) is 0 ? null : Number(input) / Number(args[0])),
        ["round"] = new(0, 1, (input, args, _) => Math.Round(Number(input), args.Count > 0 ? Int(args[0]) : 0, MidpointRounding.AwayFromZero)),
        ["floor"] = new(0, 0, (input, _, _) => Math.Floor(Number(input))),
        ["ceil"] = new(0, 0, (input, _, _) => Math.Ceiling(Number(input))),
        ["abs"] = new(0, 0, (input, _, _) => Math.Abs(Number(input))),
        ["at_least"] = new(1, 1, (input, args, _) => Math.Max(Number(input), Number(args[0]))),
        ["at_most"] = new(1, 1, (input, args, _) => Math.Min(Number(input), Number(args[0]))),
        ["pluralize"] = new(2, 2, (input, args, _) => Number(input) == 1 ? args[0] : args[1]),
    };

    static object? Money(object? input, IReadOnlyList<object?> args, FilterContext context, Func<decimal, string, string> format)
    {
        if (LiquidValues.ToNumber(input) is not { } amount)
            return input is null ? null : Text(input);
        var currency = args.Count > 0 && Text(args[0]) is { } code && MoneyFormat.IsCurrencyCode(code) ? code : context.Currency;
        return format(amount, currency);
    }

    static (int, string)? CheckCurrency(IReadOnlyList<LiquidExpression> args) =>
        args is [LiteralExpression { Value: var code } literal] && !MoneyFormat.IsCurrencyCode(code as string)
            ? (literal.Position, $"'{LiquidValues.ToText(code)}' is not a three-letter currency code like EUR.")
            : null;

    static object? Date(object? input, IReadOnlyList<object?> args)
    {
        DateTimeOffset? value = input switch
        {
            DateTimeOffset d => d,
            string s when DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
            _ => null,
        };
        if (value is null)
            return input;
        var zone = args.Count > 1 && TryZone(Text(args[1]), out var found) ? found : TimeZoneInfo.Utc;
        var local = TimeZoneInfo.ConvertTime(value.Value, zone);
        return Strftime.Format(local, args.Count > 0 ? Text(args[0]) : "%B %-d, %Y", zone == TimeZoneInfo.Utc ? "UTC" : null);
    }

    static (int, string)? CheckDate(IReadOnlyList<LiquidExpression> args) =>
        args is [_, LiteralExpression { Value: string zone } literal] && !TryZone(zone, out _)
            ? (literal.Position, $"'{zone}' is not a time zone; use an IANA name like Europe/Paris.")
            : null;

    static bool TryZone(string id, out TimeZoneInfo zone) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone!);

    static string Text(object? value) => LiquidValues.ToText(value);

    static decimal Number(object? value) => LiquidValues.ToNumber(value) ?? 0m;

    static int Int(object? value) => (int)Math.Clamp(Number(value), -1000, 100_000);

    static string Truncate(string text, int length, string ellipsis)
    {
        if (text.Length <= length)
            return text;
        var keep = Math.Max(0, length - ellipsis.Length);
        return text[..keep] + ellipsis;
    }

    static string TruncateWords(string text, int count, string ellipsis)
    {
        var words = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        return words.Length <= Math.Max(count, 1) ? text : string.Join(' ', words.Take(Math.Max(count, 1))) + ellipsis;
    }

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex TagPattern();
}
