using System.Globalization;
using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.Analytics;

/// <summary>What happened on one local day of the period.</summary>
public sealed record DayBucket(DateOnly Day, long Count, decimal Revenue);

/// <summary>Builds the report from the aggregate rows the database returned: pure, so every figure is testable without one.</summary>
public static class ReportAssembler
{
    public const string NoSegment = "(none)";
    /// <summary>Journeys in segments no current rule names and no order of the period came from (renamed or removed rules).</summary>
    public const string OtherSegments = "(other)";

    /// <param name="segments">Journeys by segment for the segments asked about; the null segment is the unsegmented.</param>
    public static Dashboard Dashboard(ReportPeriod period, string currency, IReadOnlyList<ArmStatusRow> arms, IReadOnlyList<SegmentCountRow> segments,
        IReadOnlyList<RecoveredRow> recovered, IReadOnlyList<SendRow> sends, IReadOnlyList<DayBucket> abandonedByDay,
        IReadOnlyList<DayBucket> recoveredByDay, Lift lift)
    {
        var counted = recovered.Where(r => ReportQueries.IsCounted(r.Attribution)).ToList();
        var orders = counted.Sum(r => r.Orders);
        var paid = counted.Sum(r => r.Paid);
        var discountCost = counted.Sum(r => r.DiscountCost);
        var treatedAbandoned = arms.Where(c => !c.IsHoldout).Sum(c => c.Journeys);
        return new Dashboard(
            period,
            currency,
            Abandoned: arms.Sum(c => c.Journeys),
            EmailsSent: sends.Sum(s => s.Sent),
            Delivered: sends.Sum(s => s.Delivered),
            Opened: sends.Sum(s => s.Opened),
            Clicked: sends.Sum(s => s.Clicked),
            RecoveredOrders: orders,
            RecoveredRevenue: paid + discountCost,
            DiscountCost: discountCost,
            NetRecoveredRevenue: paid,
            RecoveryRate: treatedAbandoned == 0 ? 0 : (double)orders / treatedAbandoned,
            Lift: DashboardLift.From(lift),
            Series: Series(period, abandonedByDay, recoveredByDay),
            BySteps: Steps(sends, counted),
            BySegment: Segments(treatedAbandoned, segments, counted));
    }

    /// <summary>The two arms of the checkouts abandoned in the period; converted means recovered, whenever it happened.</summary>
    public static (ArmOutcome Treated, ArmOutcome Holdout) Arms(IReadOnlyList<ArmStatusRow> arms)
    {
        static ArmOutcome Arm(IEnumerable<ArmStatusRow> rows)
        {
            var list = rows.ToList();
            var converted = list.Where(r => r.Status == JourneyStatus.Recovered).ToList();
            var cost = converted.Sum(r => r.DiscountCost);
            return new(list.Sum(r => r.Journeys), converted.Sum(r => r.Journeys), converted.Sum(r => r.Paid) + cost, cost);
        }
        return (Arm(arms.Where(c => !c.IsHoldout)), Arm(arms.Where(c => c.IsHoldout)));
    }

    public static IReadOnlyList<DayPoint> Series(ReportPeriod period, IReadOnlyList<DayBucket> abandoned, IReadOnlyList<DayBucket> recovered)
    {
        var abandonedByDay = abandoned.GroupBy(b => b.Day).ToDictionary(g => g.Key, g => g.Sum(b => b.Count));
        var recoveredByDay = recovered.GroupBy(b => b.Day).ToDictionary(g => g.Key, g => (Count: g.Sum(b => b.Count), Revenue: g.Sum(b => b.Revenue)));
        var days = new List<DayPoint>(period.To.DayNumber - period.From.DayNumber + 1);
        for (var day = period.From; day <= period.To; day = day.AddDays(1))
        {
            var r = recoveredByDay.GetValueOrDefault(day);
            days.Add(new DayPoint(day, abandonedByDay.GetValueOrDefault(day), r.Count, r.Revenue));
        }
        return days;
    }

    static IReadOnlyList<StepRow> Steps(IReadOnlyList<SendRow> sends, IReadOnlyList<RecoveredRow> counted)
    {
        var recoveredByStep = counted.Where(r => r.Step is not null).GroupBy(r => r.Step!.Value)
            .ToDictionary(g => g.Key, g => (Orders: g.Sum(r => r.Orders), Revenue: g.Sum(r => r.Paid + r.DiscountCost)));
        return sends.Select(s => s.Step).Union(recoveredByStep.Keys).Order()
            .Select(step =>
            {
                var sent = sends.FirstOrDefault(s => s.Step == step) ?? new SendRow(step, 0, 0, 0, 0);
                var r = recoveredByStep.GetValueOrDefault(step);
                return new StepRow(step, sent.Sent, sent.Opened, sent.Clicked, r.Orders, r.Revenue);
            })
            .ToList();
    }

    /// <summary>Held-out journeys are left out: they were never put in a segment, and they got no email to segment.</summary>
    static IReadOnlyList<SegmentRow> Segments(long treatedAbandoned, IReadOnlyList<SegmentCountRow> segments, IReadOnlyList<RecoveredRow> counted)
    {
        var journeys = segments.Where(c => c.Journeys > 0).GroupBy(c => c.Segment ?? NoSegment).ToDictionary(g => g.Key, g => g.Sum(c => c.Journeys));
        var other = treatedAbandoned - journeys.Values.Sum();
        if (other > 0)
            journeys[OtherSegments] = other;
        var orders = counted.GroupBy(r => r.Segment ?? NoSegment).ToDictionary(g => g.Key,
            g => (Orders: g.Sum(r => r.Orders), Revenue: g.Sum(r => r.Paid + r.DiscountCost), Cost: g.Sum(r => r.DiscountCost)));
        return journeys.Keys.Union(orders.Keys)
            .Select(segment =>
            {
                var o = orders.GetValueOrDefault(segment);
                return new SegmentRow(segment, journeys.GetValueOrDefault(segment), o.Orders, o.Revenue, o.Cost);
            })
            .OrderByDescending(s => s.Revenue).ThenByDescending(s => s.Journeys).ThenBy(s => s.Segment, StringComparer.Ordinal)
            .ToList();
    }

    public static IReadOnlyList<AttributionRow> ByAttribution(IReadOnlyList<RecoveredRow> recovered)
    {
        AttributionRow Row(AttributionClass @class, Attribution attribution)
        {
            var rows = recovered.Where(r => r.Attribution == attribution).ToList();
            var paid = rows.Sum(r => r.Paid);
            var cost = rows.Sum(r => r.DiscountCost);
            return new(@class, rows.Sum(r => r.Orders), paid + cost, cost, paid, Counted: attribution != Attribution.Holdout);
        }
        return
        [
            Row(AttributionClass.AfterClick, Attribution.AfterClick),
            Row(AttributionClass.AfterOpen, Attribution.AfterOpen),
            Row(AttributionClass.AfterSend, Attribution.AfterSend),
            Row(AttributionClass.Holdout, Attribution.Holdout),
        ];
    }

    public static IReadOnlyList<IncentiveTierRow> ByIncentiveTier(IReadOnlyList<TierRow> tiers) =>
        tiers
            .Select(t => (Percent: t.Percent is > 0 ? t.Percent : null, t.FreeShipping, Row: t))
            .GroupBy(t => (t.Percent, t.FreeShipping))
            .Select(g =>
            {
                var paid = g.Sum(t => t.Row.Paid);
                var cost = g.Sum(t => t.Row.DiscountCost);
                return new IncentiveTierRow(TierName(g.Key.Percent, g.Key.FreeShipping), g.Key.Percent, g.Key.FreeShipping,
                    g.Sum(t => t.Row.Orders), paid + cost, cost, paid);
            })
            .OrderBy(t => t.Percent ?? 0).ThenBy(t => t.FreeShipping)
            .ToList();

    public static string TierName(decimal? percent, bool freeShipping) => (percent, freeShipping) switch
    {
        (null, false) => "none",
        (null, true) => "free shipping",
        ({ } p, false) => p.ToString("0.##", CultureInfo.InvariantCulture) + "%",
        ({ } p, true) => p.ToString("0.##", CultureInfo.InvariantCulture) + "% + free shipping",
    };

    public static MarginImpact Margin(decimal recoveredRevenue, decimal discountCost, decimal grossMarginPercent)
    {
        var grossProfit = Math.Round(recoveredRevenue * grossMarginPercent / 100m, 2, MidpointRounding.AwayFromZero);
        return new(grossMarginPercent, grossProfit, discountCost, grossProfit - discountCost,
            grossProfit == 0 ? null : (double)(discountCost / grossProfit));
    }
}
