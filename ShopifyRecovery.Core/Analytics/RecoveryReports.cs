using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Analytics;

/// <summary>What the emails did for one shop over a period: see <see cref="Dashboard"/> for what each figure means.</summary>
public interface IRecoveryReports
{
    /// <summary>The requested days, defaulting to the last 30 up to today in the shop's time zone; errors name the parameter.</summary>
    Task<(ReportPeriod? Period, IReadOnlyList<SettingError> Errors)> ResolvePeriodAsync(long shopId, DateOnly? from, DateOnly? to, CancellationToken ct);

    Task<Dashboard> DashboardAsync(long shopId, ReportPeriod period, CancellationToken ct);

    Task<RecoveryReport> ReportAsync(long shopId, ReportPeriod period, CancellationToken ct);

    /// <summary>One row per checkout abandoned in the period, streamed.</summary>
    Task WriteJourneysCsvAsync(long shopId, ReportPeriod period, TextWriter writer, CancellationToken ct);

    /// <summary>The report as section,key,metric,value rows.</summary>
    Task WriteReportCsvAsync(long shopId, ReportPeriod period, TextWriter writer, CancellationToken ct);
}

public sealed class RecoveryReports(RecoveryDbContext db, TimeProvider clock, ILogger<RecoveryReports> logger) : IRecoveryReports
{
    sealed record ShopFacts(string Domain, string Currency, TimeZoneInfo Zone);

    public async Task<(ReportPeriod? Period, IReadOnlyList<SettingError> Errors)> ResolvePeriodAsync(long shopId, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        var shop = await ShopAsync(shopId, ct);
        return ReportPeriods.Resolve(from, to, ReportPeriods.Today(clock.GetUtcNow(), shop.Zone));
    }

    public async Task<Dashboard> DashboardAsync(long shopId, ReportPeriod period, CancellationToken ct) =>
        (await BuildAsync(shopId, period, ct)).Dashboard;

    public async Task<RecoveryReport> ReportAsync(long shopId, ReportPeriod period, CancellationToken ct)
    {
        var built = await BuildAsync(shopId, period, ct);
        var tiers = await ReportQueries.IncentiveTiers(db, shopId, built.From, built.To).ToListAsync(ct);
        var dashboard = built.Dashboard;
        return new RecoveryReport(dashboard, built.Lift, ReportAssembler.ByAttribution(built.Recovered), ReportAssembler.ByIncentiveTier(tiers),
            ReportAssembler.Margin(dashboard.RecoveredRevenue, dashboard.DiscountCost, built.Settings.Incentives.Guardrails.GrossMarginPercent));
    }

    sealed record Built(Dashboard Dashboard, Lift Lift, IReadOnlyList<RecoveredRow> Recovered, RecoverySettings Settings, DateTimeOffset From, DateTimeOffset To);

    async Task<Built> BuildAsync(long shopId, ReportPeriod period, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        var shop = await ShopAsync(shopId, ct);
        var (from, to) = ReportPeriods.Instants(period, shop.Zone);
        var settings = await SettingsAsync(shopId, ct);

        var arms = await ReportQueries.Arms(db, shopId, from, to).ToListAsync(ct);
        var recovered = await ReportQueries.Recovered(db, shopId, from, to).ToListAsync(ct);
        // The shop's segment names plus any an order of the period came from; the rest is "(other)".
        var names = settings.Segments.Rules.Select(r => r.Name).Concat(recovered.Select(r => r.Segment).OfType<string>())
            .Distinct(StringComparer.Ordinal).ToList();
        var segments = await ReportQueries.Segments(db, shopId, from, to, names).ToListAsync(ct);
        segments.Add(new SegmentCountRow(null, await ReportQueries.Unsegmented(db, shopId, from, to).LongCountAsync(ct)));
        var sends = await ReportQueries.Sends(db, shopId, from, to).ToListAsync(ct);
        var dialect = AnalyticsSqlDialect.For(db);
        var bounds = ReportPeriods.DayBoundaries(period, shop.Zone);
        var abandonedByDay = await PerDayAsync(dialect.AbandonedPerDay(shopId, bounds), period, ct);
        var recoveredByDay = await PerDayAsync(dialect.RecoveredPerDay(shopId, bounds), period, ct);

        var (treated, holdout) = ReportAssembler.Arms(arms);
        var lift = HoldoutLift.Measure(treated, holdout);
        var dashboard = ReportAssembler.Dashboard(period, shop.Currency, arms, segments, recovered, sends, abandonedByDay, recoveredByDay, lift);
        AnalyticsLog.ReportBuilt(logger, shop.Domain, period.From, period.To, clock.GetElapsedTime(started).TotalMilliseconds);
        return new(dashboard, lift, recovered, settings, from, to);
    }

    async Task<IReadOnlyList<DayBucket>> PerDayAsync(SqlStatement statement, ReportPeriod period, CancellationToken ct)
    {
        var rows = await db.Database.SqlQueryRaw<DayRow>(statement.Sql, statement.Parameters).ToListAsync(ct);
        return rows.Select(r => new DayBucket(period.From.AddDays(r.Day), r.Count, r.Revenue)).ToList();
    }

    public async Task WriteJourneysCsvAsync(long shopId, ReportPeriod period, TextWriter writer, CancellationToken ct)
    {
        var shop = await ShopAsync(shopId, ct);
        var (from, to) = ReportPeriods.Instants(period, shop.Zone);
        var csv = new CsvWriter(writer);
        await csv.RowAsync("journey_id", "abandoned_at", "status", "holdout", "segment", "variant", "emails_sent", "cart_value", "currency",
            "recovered_at", "order_id", "attribution", "attributed_step", "revenue", "discount_cost", "net_revenue", "close_reason");
        // Personal data (email, name) stays out: the export is for the numbers, and it travels by spreadsheet.
        var rows = db.Set<Journey>().AsNoTracking()
            .Where(j => j.ShopId == shopId && j.CreatedAt >= from && j.CreatedAt < to)
            .OrderBy(j => j.CreatedAt)
            .Select(j => new
            {
                j.Id, j.CreatedAt, j.Status, j.IsHoldout, j.Segment, j.Variant, j.StepsSent, j.ShopTotal, j.ShopCurrency,
                j.RecoveredAt, j.RecoveredOrderId, j.Attribution, j.AttributedStep, j.RecoveredRevenue, j.DiscountCost, j.CloseReason,
            })
            .AsAsyncEnumerable();
        await foreach (var j in rows.WithCancellation(ct))
        {
            var recovered = j.Status == JourneyStatus.Recovered;
            var paid = recovered ? j.RecoveredRevenue ?? 0m : (decimal?)null;
            var cost = recovered ? j.DiscountCost ?? 0m : (decimal?)null;
            csv.Text(j.Id.ToString()).Time(j.CreatedAt).Text(Snake(j.Status.ToString())).Bool(j.IsHoldout).Text(j.Segment).Text(j.Variant)
                .Number(j.StepsSent).Number(j.ShopTotal).Text(j.ShopCurrency).Time(j.RecoveredAt).Number(j.RecoveredOrderId)
                .Text(Snake(j.Attribution.ToString())).Number(j.AttributedStep).Number(paid + cost).Number(cost).Number(paid).Text(j.CloseReason);
            await csv.EndRowAsync();
        }
    }

    public async Task WriteReportCsvAsync(long shopId, ReportPeriod period, TextWriter writer, CancellationToken ct) =>
        await ReportCsv.WriteAsync(await ReportAsync(shopId, period, ct), new CsvWriter(writer));

    async Task<ShopFacts> ShopAsync(long shopId, CancellationToken ct)
    {
        var shop = await db.Set<Shop>().AsNoTracking().Where(s => s.Id == shopId)
            .Select(s => new { s.Domain, s.Currency, s.IanaTimeZone }).SingleOrDefaultAsync(ct)
            ?? throw new InvalidOperationException($"Shop {shopId} does not exist.");
        return new(shop.Domain, shop.Currency, ReportPeriods.Zone(shop.IanaTimeZone));
    }

    async Task<RecoverySettings> SettingsAsync(long shopId, CancellationToken ct)
    {
        var row = await db.Set<ShopSettings>().AsNoTracking().SingleOrDefaultAsync(s => s.ShopId == shopId, ct);
        return row is null ? RecoverySettings.Default : ShopSettingsStore.Read(row);
    }

    /// <summary>AfterClick → after_click, the usual spelling of a value in a spreadsheet.</summary>
    internal static string Snake(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) ? (i > 0 ? "_" : "") + char.ToLowerInvariant(c) : c.ToString()));
}
