using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Analytics;
using ShopifyRecovery.Experiments;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Analytics;

/// <summary>
/// The report runs on SQLite and SQL Server. SQL Server is not available here, so each query is compiled by the SQL
/// Server provider (which fails on anything it cannot translate); on SQLite the plan must read only the covering index.
/// </summary>
public sealed class ReportQueryPlanTests
{
    static readonly DateTimeOffset From = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset To = From.AddDays(30);

    static readonly Experiment RunningExperiment = new()
    {
        Id = 7, ShopId = 1, Name = "subject", Step = 1, Kind = ExperimentKind.Subject, Status = ExperimentStatus.Running,
        StartedAt = From, CreatedAt = From,
        Arms = [new ExperimentArm { Name = "control", IsControl = true }, new ExperimentArm { Name = "b", Overrides = new() { Subject = "Hi" } }],
    };

    public static IEnumerable<TestCaseData> Queries()
    {
        yield return new TestCaseData((Func<RecoveryDbContext, IQueryable<object>>)(db => ReportQueries.Arms(db, 1, From, To))).SetArgDisplayNames("arms");
        yield return new TestCaseData((Func<RecoveryDbContext, IQueryable<object>>)(db => ReportQueries.Segments(db, 1, From, To, ["vip", "everyone"]))).SetArgDisplayNames("segments");
        yield return new TestCaseData((Func<RecoveryDbContext, IQueryable<object>>)(db => ReportQueries.Recovered(db, 1, From, To))).SetArgDisplayNames("recovered");
        yield return new TestCaseData((Func<RecoveryDbContext, IQueryable<object>>)(db => ReportQueries.Sends(db, 1, From, To))).SetArgDisplayNames("sends");
        yield return new TestCaseData((Func<RecoveryDbContext, IQueryable<object>>)(db => ReportQueries.IncentiveTiers(db, 1, From, To))).SetArgDisplayNames("incentive tiers");
        yield return new TestCaseData((Func<RecoveryDbContext, IQueryable<object>>)(db => ExperimentQueries.Sends(db, RunningExperiment))).SetArgDisplayNames("experiment sends");
        yield return new TestCaseData((Func<RecoveryDbContext, IQueryable<object>>)(db => ExperimentQueries.Orders(db, RunningExperiment))).SetArgDisplayNames("experiment orders");
    }

    [TestCaseSource(nameof(Queries))]
    public void Every_report_query_translates_for_sql_server_and_aggregates_there(Func<RecoveryDbContext, IQueryable<object>> query)
    {
        using var db = new SqlServerRecoveryDbContext(new DbContextOptionsBuilder<SqlServerRecoveryDbContext>()
            .UseSqlServer("Server=unused.invalid;Database=unused;Encrypt=false").Options);

        var sql = query(db).ToQueryString();

        Assert.That(sql, Does.Contain("GROUP BY").And.Contain("COUNT_BIG(*)"));
    }

    [Test]
    public void The_sql_server_series_counts_each_day_with_64_bit_counts_over_a_table_of_days()
    {
        var statement = new SqlServerAnalyticsDialect().AbandonedPerDay(1, [From, From.AddDays(1), From.AddDays(2)]);

        Assert.Multiple(() =>
        {
            Assert.That(statement.Sql, Does.StartWith("WITH days(Day, DayStart, DayEnd) AS (SELECT Day, DayStart, DayEnd FROM (VALUES ({1}, {2}, {3}), ({4}, {5}, {6})) AS v(Day, DayStart, DayEnd))"));
            Assert.That(statement.Sql, Does.Contain("SELECT COUNT_BIG(*) FROM journeys j WHERE j.ShopId = {0}"));
            Assert.That(statement.Parameters, Is.EqualTo(new object[] { 1L, 0, From, From.AddDays(1), 1, From.AddDays(1), From.AddDays(2) }));
        });
    }

    [TestCase("arms", "IX_journeys_report_arms", false)]
    [TestCase("segments", "IX_journeys_report_segments", false)]
    [TestCase("sends", "IX_email_sends_report_funnel", false)]
    [TestCase("recovered", "IX_journeys_report_recovered", true)]
    [TestCase("unsegmented", "IX_journeys_report_segments", false)]
    public async Task On_sqlite_each_dashboard_query_reads_only_its_covering_index(string name, string index, bool sorts)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        IQueryable<object> query = name switch
        {
            "arms" => ReportQueries.Arms(db, 1, From, To),
            "segments" => ReportQueries.Segments(db, 1, From, To, ["vip", "everyone", "first-time"]),
            "recovered" => ReportQueries.Recovered(db, 1, From, To),
            "unsegmented" => ReportQueries.Unsegmented(db, 1, From, To).Select(j => (object)j.ShopId),
            _ => ReportQueries.Sends(db, 1, From, To),
        };

        var plan = await PlanAsync(database, query.ToQueryString());

        // The big ones group in index order; only the recovered orders (a tenth of the checkouts) are sorted.
        Assert.Multiple(() =>
        {
            Assert.That(plan, Does.Contain($"USING COVERING INDEX {index}"));
            Assert.That(plan.Contains("TEMP B-TREE", StringComparison.Ordinal), Is.EqualTo(sorts), plan);
        });
    }

    [Test]
    public async Task On_sqlite_incentive_tiers_look_codes_up_by_journey_from_covering_indexes()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();

        var plan = await PlanAsync(database, ReportQueries.IncentiveTiers(db, 1, From, To).ToQueryString());

        Assert.Multiple(() =>
        {
            Assert.That(plan, Does.Contain("SEARCH j USING COVERING INDEX IX_journeys_report_recovered"));
            Assert.That(plan, Does.Contain("USING COVERING INDEX IX_issued_discounts_report_offers (JourneyId=?)").And.Not.Contain("IX_issued_discounts_ShopId"));
        });
    }

    [Test]
    public async Task On_sqlite_the_series_seeks_one_index_range_per_day_without_sorting()
    {
        await using var database = await TestDatabase.CreateAsync();
        var dialect = new SqliteAnalyticsDialect();
        var bounds = Enumerable.Range(0, 31).Select(d => From.AddDays(d)).ToList();

        var abandoned = await PlanAsync(database, dialect.AbandonedPerDay(1, bounds));
        var recovered = await PlanAsync(database, dialect.RecoveredPerDay(1, bounds));

        Assert.Multiple(() =>
        {
            Assert.That(abandoned, Does.Contain("SEARCH j USING COVERING INDEX").And.Contain("CreatedAt>? AND CreatedAt<?").And.Not.Contain("TEMP B-TREE"));
            Assert.That(recovered, Does.Contain("SEARCH j USING COVERING INDEX IX_journeys_report_recovered").And.Not.Contain("TEMP B-TREE"));
        });
    }

    static Task<string> PlanAsync(TestDatabase database, SqlStatement statement)
    {
        var names = statement.Parameters.Select((_, i) => $"@p{i}").ToArray();
        var parameters = statement.Parameters.Select((value, i) => (names[i], value)).ToDictionary(p => p.Item1, p => p.value);
        return PlanAsync(database, string.Format(System.Globalization.CultureInfo.InvariantCulture, statement.Sql, names), parameters);
    }

    /// <summary>EXPLAIN QUERY PLAN of EF's SQL; EF's ToQueryString puts each parameter on a ".param set" line first.</summary>
    static async Task<string> PlanAsync(TestDatabase database, string sqlWithParams, Dictionary<string, object>? parameters = null)
    {
        await using var connection = new SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        var sql = new List<string>();
        foreach (var line in sqlWithParams.Split('\n'))
        {
            var match = Regex.Match(line, @"^\.param set (@\w+) (.*)$");
            if (match.Success)
                command.Parameters.AddWithValue(match.Groups[1].Value, ParseLiteral(match.Groups[2].Value.Trim()));
            else
                sql.Add(line);
        }
        foreach (var (name, value) in parameters ?? [])
            command.Parameters.AddWithValue(name, value);
        command.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', sql);
        var plan = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            plan.Add(reader.GetString(3));
        return string.Join(" | ", plan);
    }

    static object ParseLiteral(string literal) =>
        literal.StartsWith('\'') ? literal.Trim('\'') : long.TryParse(literal, out var number) ? number : literal;
}
