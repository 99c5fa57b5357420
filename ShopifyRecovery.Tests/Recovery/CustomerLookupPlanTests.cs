using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.Tests.Recovery;

/// <summary>
/// The guards and facts of every step look up one customer (frequency cap, repeat abandoner, one live code,
/// discount seeker), as do order fallback and consent webhooks. Each must seek that customer in an index; a lookup
/// that walks the shop's journeys, emails or codes in a time window costs more with every month of history, on
/// every step. These run a real flow on SQLite, capture the SQL it issued, and ask SQLite how it answers each.
/// </summary>
public sealed class CustomerLookupPlanTests
{
    static readonly string[] CustomerTables = ["journeys", "email_sends", "issued_discounts"];

    [Test]
    public async Task Every_lookup_by_customer_seeks_the_customer_instead_of_walking_the_shop()
    {
        await using var h = await RecoveryHarness.CreateAsync();
        using var sql = new SqlCapture(h.Database.Path);

        // A returning customer (id and address) with a cart big enough for a code in the last step; then an order
        // that names no checkout (the fallback by customer), and a consent change for the same customer.
        await h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("plan-1", RecoveryHarness.Start, total: 200m, customerId: 7001));
        await h.RunAsync(TimeSpan.FromDays(5));
        await h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("plan-2", h.Clock.GetUtcNow(), total: 200m, customerId: 7001));
        await h.WebhookAsync(ShopifyTopics.OrdersCreate, Payloads.Order(9100, checkoutToken: null, createdAt: h.Clock.GetUtcNow()));
        await h.WebhookAsync(ShopifyTopics.CustomersEmailMarketingConsentUpdate, Payloads.Consent("shopper@example.com", "unsubscribed", customerId: 7001));

        Assert.That((await h.LedgerAsync("plan-1")).Count(s => s.Status == SendStatusKind.Sent), Is.EqualTo(3), "the flow ran");
        var lookups = sql.Statements.Where(ByCustomer).ToList();
        Assert.That(lookups, Has.Count.GreaterThanOrEqualTo(5), "the cap, facts, live code, order fallback and consent were captured");

        var walks = new List<string>();
        foreach (var statement in lookups)
            foreach (var line in await PlanAsync(h.Database.ConnectionString, statement))
                if (WalksTheShop(line, statement.Sql))
                    walks.Add($"{line}\n    for: {statement.Sql}");
        Assert.That(walks, Is.Empty);
    }

    /// <summary>A statement that reads one of the customer tables by customer id or address.</summary>
    static bool ByCustomer(CapturedStatement statement) =>
        statement.Sql.StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
        && CustomerTables.Any(t => statement.Sql.Contains($"\"{t}\""))
        && Regex.IsMatch(statement.Sql, "\"(Email|ToEmail|CustomerId)\" = @");

    /// <summary>
    /// A plan line that reads a customer table without seeking a customer, a journey or a row id: a full scan, or a
    /// search that fixes only the shop (and perhaps a status and a time range). Plans name tables by the query's
    /// aliases, so those are mapped back first.
    /// </summary>
    static bool WalksTheShop(string line, string sql)
    {
        var match = Regex.Match(line, @"^(SCAN|SEARCH) (\w+)(?: USING .*?\((.*)\))?");
        if (!match.Success)
            return false;
        var aliases = Regex.Matches(sql, "\"(\\w+)\" AS \"(\\w+)\"").ToDictionary(m => m.Groups[2].Value, m => m.Groups[1].Value);
        var table = aliases.GetValueOrDefault(match.Groups[2].Value, match.Groups[2].Value);
        if (!CustomerTables.Contains(table))
            return false;
        return match.Groups[1].Value == "SCAN"
            || !Regex.IsMatch(match.Groups[3].Value, @"\b(Id|Email|ToEmail|CustomerId|CheckoutToken|JourneyId)=\?");
    }

    static async Task<List<string>> PlanAsync(string connectionString, CapturedStatement statement)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + statement.Sql;
        foreach (var (name, value) in statement.Parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            lines.Add(reader.GetString(3));
        return lines;
    }

    sealed record CapturedStatement(string Sql, IReadOnlyList<(string Name, object? Value)> Parameters);

    /// <summary>Every command EF executes against one database file, with its parameter values.</summary>
    sealed class SqlCapture : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        readonly string _path;
        readonly IDisposable _all;
        readonly ConcurrentBag<IDisposable> _listeners = [];
        readonly ConcurrentDictionary<string, CapturedStatement> _statements = new();

        public SqlCapture(string path)
        {
            _path = Path.GetFullPath(path);
            _all = DiagnosticListener.AllListeners.Subscribe(this);
        }

        public IEnumerable<CapturedStatement> Statements => _statements.Values;

        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == DbLoggerCategory.Name)
                _listeners.Add(listener.Subscribe(this));
        }

        public void OnNext(KeyValuePair<string, object?> e)
        {
            if (e.Key != RelationalEventId.CommandExecuted.Name || e.Value is not CommandExecutedEventData data)
                return;
            if (data.Command.Connection?.DataSource is not { } source || Path.GetFullPath(source) != _path)
                return;
            _statements.TryAdd(data.Command.CommandText, new CapturedStatement(data.Command.CommandText,
                data.Command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, (object?)p.Value)).ToList()));
        }

        public void OnCompleted() { }
        public void OnError(Exception error) { }

        public void Dispose()
        {
            _all.Dispose();
            foreach (var listener in _listeners)
                listener.Dispose();
        }
    }
}
