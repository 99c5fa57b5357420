using System.Collections;
using System.Globalization;

namespace ShopifyRecovery.Email.Liquid;

/// <summary>Liquid's value rules over plain .NET values: dictionaries, lists, strings, decimals, booleans, dates, null.</summary>
static class LiquidValues
{
    public static string ToText(object? value) => value switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        decimal d => d.ToString("0.############################", CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture).Remove(23, 1),
        SpecialValue => "",
        IDictionary => "",
        IEnumerable list => string.Concat(list.Cast<object?>().Select(ToText)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    public static decimal? ToNumber(object? value) => value switch
    {
        decimal d => d,
        int i => i,
        long l => l,
        string s when decimal.TryParse(s, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => null,
    };

    public static bool IsTruthy(object? value) => value is not (null or false);

    public static int Size(object? value) => value switch
    {
        string s => s.Length,
        IDictionary d => d.Count,
        ICollection c => c.Count,
        IEnumerable e when value is not string => e.Cast<object?>().Count(),
        _ => 0,
    };

    public static IReadOnlyList<object?> ToList(object? value) => value switch
    {
        null => [],
        string s => [s],
        IDictionary => [value],
        IEnumerable e => e.Cast<object?>().ToList(),
        _ => [value],
    };

    public static bool AreEqual(object? left, object? right)
    {
        if (right is SpecialValue special)
            return Matches(left, special);
        if (left is SpecialValue leftSpecial)
            return Matches(right, leftSpecial);
        if (ToNumber(left) is { } a && ToNumber(right) is { } b && left is not string && right is not string)
            return a == b;
        return Equals(left, right);
    }

    static bool Matches(object? value, SpecialValue special)
    {
        var empty = value switch
        {
            string s => s.Length == 0,
            IEnumerable e => !e.Cast<object?>().Any(),
            _ => false,
        };
        if (special == SpecialValue.Empty)
            return empty;
        return empty || value is null or false || value is string text && string.IsNullOrWhiteSpace(text);
    }

    public static int? Compare(object? left, object? right)
    {
        if (left is not string && right is not string && ToNumber(left) is { } a && ToNumber(right) is { } b)
            return a.CompareTo(b);
        if (left is string x && right is string y)
            return string.CompareOrdinal(x, y);
        if (left is DateTimeOffset p && right is DateTimeOffset q)
            return p.CompareTo(q);
        return null;
    }

    public static bool Contains(object? container, object? item) => container switch
    {
        string s => item is not null && s.Contains(ToText(item), StringComparison.Ordinal),
        IDictionary d => item is not null && d.Contains(ToText(item)),
        IEnumerable e => e.Cast<object?>().Any(element => AreEqual(element, item)),
        _ => false,
    };

    public static object? Member(object? target, string name) => target switch
    {
        IReadOnlyDictionary<string, object?> d when d.TryGetValue(name, out var value) => value,
        IReadOnlyDictionary<string, object?> => null,
        _ => name switch
        {
            "size" => target is null ? null : Size(target),
            "first" when target is IEnumerable and not string => ToList(target).FirstOrDefault(),
            "last" when target is IEnumerable and not string => ToList(target).LastOrDefault(),
            _ => null,
        },
    };

    public static object? Index(object? target, object? index)
    {
        if (target is IReadOnlyDictionary<string, object?> d)
            return d.TryGetValue(ToText(index), out var value) ? value : null;
        if (target is IEnumerable and not string && ToNumber(index) is { } number)
        {
            var list = ToList(target);
            var i = (int)number;
            if (i < 0) i += list.Count;
            return i >= 0 && i < list.Count ? list[i] : null;
        }
        return null;
    }
}
