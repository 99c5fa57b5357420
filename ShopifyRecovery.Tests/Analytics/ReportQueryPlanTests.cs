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
        yield return new TestCaseData((Func<RecoveryDbContext, IQueryable<object>>)(db => ReportQueries.Cohort(db, 1, From, To))).SetArgDisplayNames("cohort");
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
    public void The_sql_server_series_groups_by_hour_with_64_bit_counts()
    {
        var dialect = new SqlServerAnalyticsDialect();
        Assert.Multiple(() =>
        {
            Assert.That(dialect.AbandonedPerHour, Does.Contain("DATEDIFF_BIG(minute, '2000-01-01T00:00:00+00:00', CreatedAt)").And.Contain("COUNT_BIG(*)"));
            Assert.That(dialect.BucketStart(0, 0), Is.EqualTo(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)));
            Assert.That(dialect.BucketStart(24, 30), Is.EqualTo(new DateTimeOffset(2000, 1, 1, 23, 30, 0, TimeSpan.Zero)));
        });
    }

    [TestCase("cohort", "IX_journeys_report_cohort")]
    [TestCase("recovered", "IX_journeys_report_recovered")]
    [TestCase("sends", "IX_email_sends_report_funnel")]
    public async Task On_sqlite_each_dashboard_query_reads_only_its_covering_index(string name, string index)
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        IQueryable<object> query = name switch
        {
            "cohort" => ReportQueries.Cohort(db, 1, From, To),
            "recovered" => ReportQueries.Recovered(db, 1, From, To),
            _ => ReportQueries.Sends(db, 1, From, To),
        };

        var plan = await PlanAsync(database, query.ToQueryString());

        Assert.That(plan, Does.Contain($"USING COVERING INDEX {index}"));
    }

    [Test]
    public async Task On_sqlite_the_series_reads_only_covering_indexes()
    {
        await using var database = await TestDatabase.CreateAsync();
        var dialect = new SqliteAnalyticsDialect();
        var parameters = new Dictionary<string, object> { ["@p0"] = 1L, ["@p1"] = dialect.Time(From), ["@p2"] = dialect.Time(To), ["@p3"] = dialect.Shift(30) };
        string Sql(string format) => string.Format(System.Globalization.CultureInfo.InvariantCulture, format, "@p0", "@p1", "@p2", "@p3");

        var abandoned = await PlanAsync(database, Sql(dialect.AbandonedPerHour), parameters);
        var recovered = await PlanAsync(database, Sql(dialect.RecoveredPerHour), parameters);

        Assert.Multiple(() =>
        {
            Assert.That(abandoned, Does.Contain("USING COVERING INDEX"));
            Assert.That(recovered, Does.Contain("USING COVERING INDEX IX_journeys_report_recovered"));
        });
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
