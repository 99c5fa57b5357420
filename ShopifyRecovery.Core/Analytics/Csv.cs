using System.Globalization;
using System.Text;

namespace ShopifyRecovery.Analytics;

/// <summary>
/// RFC 4180 CSV: comma-separated, CRLF line ends, a field quoted when it holds a comma, a quote or a line break, and
/// quotes inside doubled. Text cells are also made safe for spreadsheets (CSV injection, OWASP): one that starts
/// with = + - @, a tab or a carriage return would run as a formula, so it gets a leading apostrophe. Numbers and
/// times are written by us in invariant form and are left alone, so negative amounts stay numbers.
/// </summary>
public sealed class CsvWriter(TextWriter writer)
{
    // A row is built in memory and written in one asynchronous call: a response body refuses synchronous writes.
    readonly StringBuilder _row = new();
    bool _rowStarted;

    public CsvWriter Text(string? value) => Field(Escape(value));

    public CsvWriter Number(long? value) => Field(value?.ToString(CultureInfo.InvariantCulture) ?? "");

    public CsvWriter Number(decimal? value) => Field(value?.ToString(CultureInfo.InvariantCulture) ?? "");

    public CsvWriter Number(double? value) => Field(value?.ToString("R", CultureInfo.InvariantCulture) ?? "");

    /// <summary>UTC, ISO 8601 to the second.</summary>
    public CsvWriter Time(DateTimeOffset? value) =>
        Field(value?.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "");

    public CsvWriter Date(DateOnly value) => Field(value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    public CsvWriter Bool(bool value) => Field(value ? "true" : "false");

    public async Task EndRowAsync()
    {
        _row.Append("\r\n");
        await writer.WriteAsync(_row.ToString());
        _row.Clear();
        _rowStarted = false;
    }

    public async Task RowAsync(params string?[] texts)
    {
        foreach (var text in texts)
            Text(text);
        await EndRowAsync();
    }

    CsvWriter Field(string field)
    {
        if (_rowStarted)
            _row.Append(',');
        _row.Append(field);
        _rowStarted = true;
        return this;
    }

    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
            value = "'" + value;
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0)
            return value;
        var quoted = new StringBuilder(value.Length + 8).Append('"');
        foreach (var c in value)
            quoted.Append(c == '"' ? "\"\"" : c);
        return quoted.Append('"').ToString();
    }
}
