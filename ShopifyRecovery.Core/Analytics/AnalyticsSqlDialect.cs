using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ShopifyRecovery.Persistence;

namespace ShopifyRecovery.Analytics;

/// <summary>One day of a series: its index in the period, and what happened in it.</summary>
public sealed class DayRow
{
    public int Day { get; set; }
    public long Count { get; set; }
    public decimal Revenue { get; set; }
}

/// <summary>A statement and its positional parameters, for <c>SqlQueryRaw</c>.</summary>
public sealed record SqlStatement(string Sql, object[] Parameters);

/// <summary>
/// The only provider-specific SQL in the reports: the daily series. Each day is counted by its own range seek on
/// an index (a table of the days' start and end, each with a correlated COUNT), which on SQLite is ten times
/// faster than grouping every row by a computed day, and needs no date arithmetic in SQL: the day boundaries are
/// the shop's local midnights, computed here, so daylight-saving days are 23 or 25 hours long as they should be.
/// EF cannot express a table of constants, and the syntax for one differs between SQLite and SQL Server.
/// </summary>
public abstract class AnalyticsSqlDialect
{
    public static AnalyticsSqlDialect For(RecoveryDbContext db) => db.Database.IsSqlServer() ? new SqlServerAnalyticsDialect() : new SqliteAnalyticsDialect();

    public abstract object Time(DateTimeOffset value);

    /// <summary>"days(Day, DayStart, DayEnd)" as a common table expression over the given placeholders.</summary>
    protected abstract string DaysTable(IEnumerable<string> rows);

    /// <summary>COUNT(*) as a 64-bit integer, which SQL Server's COUNT is not.</summary>
    protected virtual string CountAll => "COUNT(*)";

    /// <summary>Checkouts abandoned each day: <paramref name="bounds"/> are the day boundaries, one more than the days.</summary>
    public SqlStatement AbandonedPerDay(long shopId, IReadOnlyList<DateTimeOffset> bounds) =>
        PerDay(shopId, bounds, days =>
            $"SELECT days.Day AS Day, (SELECT {CountAll} FROM journeys j WHERE j.ShopId = {{0}} AND j.CreatedAt >= days.DayStart AND j.CreatedAt < days.DayEnd) AS Count, " +
            "CAST(0 AS decimal(19, 4)) AS Revenue FROM days");

    /// <summary>Counted recovered orders each day, and their revenue before our codes (as on the dashboard).</summary>
    public SqlStatement RecoveredPerDay(long shopId, IReadOnlyList<DateTimeOffset> bounds)
    {
        const string orders = "FROM journeys j WHERE j.ShopId = {0} AND j.Status = 'Recovered' AND j.RecoveredAt >= days.DayStart " +
            "AND j.RecoveredAt < days.DayEnd AND j.Attribution IN ('AfterClick', 'AfterOpen', 'AfterSend')";
        return PerDay(shopId, bounds, days =>
            $"SELECT days.Day AS Day, (SELECT {CountAll} {orders}) AS Count, " +
            $"COALESCE((SELECT SUM(COALESCE(j.RecoveredRevenue, 0) + COALESCE(j.DiscountCost, 0)) {orders}), 0) AS Revenue FROM days");
    }

    SqlStatement PerDay(long shopId, IReadOnlyList<DateTimeOffset> bounds, Func<string, string> select)
    {
        if (bounds.Count < 2)
            throw new ArgumentException("A series needs at least one day: two boundaries.", nameof(bounds));
        var parameters = new List<object> { shopId };
        var rows = new List<string>(bounds.Count - 1);
        for (var day = 0; day < bounds.Count - 1; day++)
        {
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"({{{parameters.Count}}}, {{{parameters.Count + 1}}}, {{{parameters.Count + 2}}})"));
            parameters.Add(day);
            parameters.Add(Time(bounds[day]));
            parameters.Add(Time(bounds[day + 1]));
        }
        return new SqlStatement(new StringBuilder("WITH ").Append(DaysTable(rows)).Append(' ').Append(select("days")).ToString(), parameters.ToArray());
    }
}

/// <summary>SQLite stores UTC times as numbers (<see cref="DateTimeOffsetToBinaryConverter"/>); parameters must match.</summary>
public sealed class SqliteAnalyticsDialect : AnalyticsSqlDialect
{
    static readonly DateTimeOffsetToBinaryConverter Converter = new();

    public override object Time(DateTimeOffset value) => Converter.ConvertToProvider(value.ToUniversalTime())!;

    protected override string DaysTable(IEnumerable<string> rows) => $"days(Day, DayStart, DayEnd) AS (VALUES {string.Join(", ", rows)})";
}

public sealed class SqlServerAnalyticsDialect : AnalyticsSqlDialect
{
    public override object Time(DateTimeOffset value) => value.ToUniversalTime();

    protected override string CountAll => "COUNT_BIG(*)";

    protected override string DaysTable(IEnumerable<string> rows) =>
        $"days(Day, DayStart, DayEnd) AS (SELECT Day, DayStart, DayEnd FROM (VALUES {string.Join(", ", rows)}) AS v(Day, DayStart, DayEnd))";
}
