using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.Analytics;

/// <summary>Turns the days a merchant picks into instants, in the shop's time zone: their "today" is not UTC's.</summary>
public static class ReportPeriods
{
    public const int DefaultDays = 30;
    /// <summary>A year and a day: enough for year-on-year, and it bounds what one request may scan.</summary>
    public const int MaxDays = 366;

    /// <summary>The requested days, defaulting to the last <see cref="DefaultDays"/> days up to today.</summary>
    public static (ReportPeriod? Period, IReadOnlyList<SettingError> Errors) Resolve(DateOnly? from, DateOnly? to, DateOnly today)
    {
        var end = to ?? today;
        var start = from ?? end.AddDays(-(DefaultDays - 1));
        if (start > end)
            return (null, [new("from", $"must not be after 'to' ({start:yyyy-MM-dd} > {end:yyyy-MM-dd}).")]);
        var days = end.DayNumber - start.DayNumber + 1;
        if (days > MaxDays)
            return (null, [new("to", $"a report covers at most {MaxDays} days; {start:yyyy-MM-dd} to {end:yyyy-MM-dd} is {days}.")]);
        return (new ReportPeriod(start, end), []);
    }

    public static TimeZoneInfo Zone(string? ianaTimeZone)
    {
        if (string.IsNullOrWhiteSpace(ianaTimeZone))
            return TimeZoneInfo.Utc;
        return TimeZoneInfo.TryFindSystemTimeZoneById(ianaTimeZone, out var zone) ? zone : TimeZoneInfo.Utc;
    }

    public static DateOnly Today(DateTimeOffset now, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);

    /// <summary>[start of <c>From</c>, start of the day after <c>To</c>) in UTC.</summary>
    public static (DateTimeOffset From, DateTimeOffset To) Instants(ReportPeriod period, TimeZoneInfo zone) =>
        (StartOfDay(period.From, zone), StartOfDay(period.To.AddDays(1), zone));

    /// <summary>Local midnight in UTC; where a DST change skips midnight (e.g. America/Santiago), the first local time that exists.</summary>
    public static DateTimeOffset StartOfDay(DateOnly day, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
            local = local.AddMinutes(15);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    /// <summary>The start of every day of the period and of the day after it: one more boundary than days.</summary>
    public static IReadOnlyList<DateTimeOffset> DayBoundaries(ReportPeriod period, TimeZoneInfo zone)
    {
        var bounds = new List<DateTimeOffset>(period.To.DayNumber - period.From.DayNumber + 2);
        for (var day = period.From; day <= period.To.AddDays(1); day = day.AddDays(1))
            bounds.Add(StartOfDay(day, zone));
        return bounds;
    }
}
