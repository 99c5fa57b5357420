using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using ShopifyRecovery.Persistence;

namespace ShopifyRecovery.Analytics;

/// <summary>One row of a per-hour series; the hour is a provider-specific number that the dialect turns back into an instant.</summary>
public sealed class HourBucketRow
{
    public long Bucket { get; set; }
    public long Count { get; set; }
    public decimal Revenue { get; set; }
}

/// <summary>
/// The only provider-specific SQL in the reports: grouping times by hour. EF cannot group by part of a
/// <see cref="DateTimeOffset"/> on SQLite, where the model stores it as a number (<see cref="DateTimeOffsetToBinaryConverter"/>).
/// The database returns at most 24 rows a day; <see cref="RecoveryReports"/> folds them into the shop's local days.
/// </summary>
public abstract class AnalyticsSqlDialect
{
    public static AnalyticsSqlDialect For(RecoveryDbContext db) => db.Database.IsSqlServer() ? new SqlServerAnalyticsDialect() : new SqliteAnalyticsDialect();

    /// <summary>The hour bucket of <paramref name="column"/> shifted by <paramref name="shiftParameter"/> (minutes or provider units, see <see cref="Shift"/>).</summary>
    protected abstract string HourOf(string column, string shiftParameter);

    public abstract object Time(DateTimeOffset value);

    public abstract object Shift(int minutes);

    public abstract DateTimeOffset BucketStart(long bucket, int shiftMinutes);

    /// <summary>COUNT(*) as a 64-bit integer, which SQL Server's COUNT is not.</summary>
    protected virtual string CountAll => "COUNT(*)";

    const string Counted = "('AfterClick', 'AfterOpen', 'AfterSend')";

    /// <summary>Checkouts abandoned per hour: {0} shop, {1} from, {2} to, {3} shift.</summary>
    public string AbandonedPerHour =>
        $"SELECT {HourOf("CreatedAt", "{3}")} AS Bucket, {CountAll} AS Count, CAST(0 AS decimal(19, 4)) AS Revenue FROM journeys " +
        $"WHERE ShopId = {{0}} AND CreatedAt >= {{1}} AND CreatedAt < {{2}} GROUP BY {HourOf("CreatedAt", "{3}")}";

    /// <summary>Counted recovered orders and their revenue (before our codes) per hour: same parameters.</summary>
    public string RecoveredPerHour =>
        $"SELECT {HourOf("RecoveredAt", "{3}")} AS Bucket, {CountAll} AS Count, " +
        "SUM(COALESCE(RecoveredRevenue, 0) + COALESCE(DiscountCost, 0)) AS Revenue FROM journeys " +
        $"WHERE ShopId = {{0}} AND Status = 'Recovered' AND RecoveredAt >= {{1}} AND RecoveredAt < {{2}} AND Attribution IN {Counted} " +
        $"GROUP BY {HourOf("RecoveredAt", "{3}")}";
}

/// <summary>
/// SQLite stores a UTC time as <c>(ticks / 1000) &lt;&lt; 11</c> (the offset, zero, in the low 11 bits), so
/// <c>value &gt;&gt; 11</c> counts units of 100 µs and an hour is 36,000,000 of them.
/// </summary>
public sealed class SqliteAnalyticsDialect : AnalyticsSqlDialect
{
    const long UnitsPerHour = TimeSpan.TicksPerHour / 1000;
    const long UnitsPerMinute = TimeSpan.TicksPerMinute / 1000;
    static readonly DateTimeOffsetToBinaryConverter Converter = new();

    protected override string HourOf(string column, string shiftParameter) => $"((({column} >> 11) + {shiftParameter}) / {UnitsPerHour})";

    public override object Time(DateTimeOffset value) => Converter.ConvertToProvider(value.ToUniversalTime())!;

    public override object Shift(int minutes) => minutes * UnitsPerMinute;

    public override DateTimeOffset BucketStart(long bucket, int shiftMinutes) =>
        new DateTimeOffset(bucket * TimeSpan.TicksPerHour, TimeSpan.Zero).AddMinutes(-shiftMinutes);
}

public sealed class SqlServerAnalyticsDialect : AnalyticsSqlDialect
{
    static readonly DateTimeOffset Epoch = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    protected override string HourOf(string column, string shiftParameter) =>
        $"((DATEDIFF_BIG(minute, '2000-01-01T00:00:00+00:00', {column}) + {shiftParameter}) / 60)";

    public override object Time(DateTimeOffset value) => value.ToUniversalTime();

    public override object Shift(int minutes) => (long)minutes;

    protected override string CountAll => "COUNT_BIG(*)";

    public override DateTimeOffset BucketStart(long bucket, int shiftMinutes) => Epoch.AddHours(bucket).AddMinutes(-shiftMinutes);
}
