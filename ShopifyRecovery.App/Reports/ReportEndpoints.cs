using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using ShopifyRecovery.Analytics;
using ShopifyRecovery.App.Auth;
using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.App.Reports;

/// <summary>The numbers behind the dashboard, the fuller report, its CSV exports, and the experiments; all for <see cref="CurrentShop"/> only.</summary>
public static class ReportEndpoints
{
    /// <param name="api">The /api group from <see cref="ApiGroup.MapAdminApiGroup"/>: session token checked, shop resolved.</param>
    public static RouteGroupBuilder MapReports(this RouteGroupBuilder api)
    {
        api.MapGet("/dashboard", Dashboard);
        api.MapGet("/reports", Report);
        api.MapGet("/reports.csv", ReportCsv);
        api.MapGet("/journeys.csv", JourneysCsv);
        api.MapExperiments();
        return api;
    }

    static async Task<Results<Ok<Dashboard>, ValidationProblem>> Dashboard(string? from, string? to, CurrentShop shop,
        IRecoveryReports reports, CancellationToken ct)
    {
        var (period, errors) = await PeriodAsync(from, to, shop, reports, ct);
        return period is null
            ? TypedResults.ValidationProblem(errors.ToProblemErrors())
            : TypedResults.Ok(await reports.DashboardAsync(shop.Id, period, ct));
    }

    static async Task<Results<Ok<RecoveryReport>, ValidationProblem>> Report(string? from, string? to, CurrentShop shop,
        IRecoveryReports reports, CancellationToken ct)
    {
        var (period, errors) = await PeriodAsync(from, to, shop, reports, ct);
        return period is null
            ? TypedResults.ValidationProblem(errors.ToProblemErrors())
            : TypedResults.Ok(await reports.ReportAsync(shop.Id, period, ct));
    }

    static Task<Results<PushStreamHttpResult, ValidationProblem>> ReportCsv(string? from, string? to, CurrentShop shop,
        IRecoveryReports reports, CancellationToken ct) =>
        CsvAsync("report", from, to, shop, reports, (period, writer) => reports.WriteReportCsvAsync(shop.Id, period, writer, ct), ct);

    static Task<Results<PushStreamHttpResult, ValidationProblem>> JourneysCsv(string? from, string? to, CurrentShop shop,
        IRecoveryReports reports, CancellationToken ct) =>
        CsvAsync("journeys", from, to, shop, reports, (period, writer) => reports.WriteJourneysCsvAsync(shop.Id, period, writer, ct), ct);

    static async Task<Results<PushStreamHttpResult, ValidationProblem>> CsvAsync(string name, string? from, string? to, CurrentShop shop,
        IRecoveryReports reports, Func<ReportPeriod, TextWriter, Task> write, CancellationToken ct)
    {
        var (period, errors) = await PeriodAsync(from, to, shop, reports, ct);
        if (period is null)
            return TypedResults.ValidationProblem(errors.ToProblemErrors());
        var fileName = string.Create(CultureInfo.InvariantCulture, $"{name}-{period.From:yyyy-MM-dd}-{period.To:yyyy-MM-dd}.csv");
        return TypedResults.Stream(async body =>
        {
            // The byte-order mark makes Excel read UTF-8 (accented product and segment names) instead of guessing.
            await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 64 * 1024);
            await write(period, writer);
            await writer.FlushAsync(ct);
        }, "text/csv; charset=utf-8", fileName);
    }

    static async Task<(ReportPeriod? Period, IReadOnlyList<SettingError> Errors)> PeriodAsync(string? from, string? to, CurrentShop shop,
        IRecoveryReports reports, CancellationToken ct)
    {
        var errors = new List<SettingError>();
        var fromDay = ParseDay("from", from, errors);
        var toDay = ParseDay("to", to, errors);
        if (errors.Count > 0)
            return (null, errors);
        return await reports.ResolvePeriodAsync(shop.Id, fromDay, toDay, ct);
    }

    static DateOnly? ParseDay(string name, string? value, List<SettingError> errors)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            return day;
        errors.Add(new(name, $"'{value}' is not a date in the form yyyy-MM-dd."));
        return null;
    }
}
