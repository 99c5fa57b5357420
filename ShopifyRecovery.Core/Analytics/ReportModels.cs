using System.Text.Json.Serialization;

namespace ShopifyRecovery.Analytics;

/// <summary>Calendar days in the shop's time zone, both ends included.</summary>
public sealed record ReportPeriod(DateOnly From, DateOnly To);

/// <summary>
/// The dashboard, exactly as <c>GET /api/dashboard</c> returns it (the admin page is built against this shape).
/// <para>
/// Money is in <see cref="Currency"/> (the shop's). "Revenue" is what the recovered orders were worth before our codes
/// (the order total plus our discount), <see cref="DiscountCost"/> is what our codes took off, and
/// <see cref="NetRecoveredRevenue"/> = revenue − discount cost is what the shoppers paid: the figure that matches the
/// order totals in Shopify. Only orders after one of our emails count (after a click, an open, or a send); orders
/// from the holdout group never do: they only measure lift.
/// </para>
/// <para>
/// Counts follow each event's own time: checkouts by when they were abandoned, emails by when they were sent, orders
/// by when they were placed; so the series add up to the totals. <see cref="RecoveryRate"/> is recovered orders per
/// abandoned checkout that was not held out. <see cref="Lift"/> compares the checkouts abandoned in the period,
/// emailed against held out, each counted as converted whenever it converted.
/// </para>
/// </summary>
public sealed record Dashboard(
    ReportPeriod Period,
    string Currency,
    long Abandoned,
    long EmailsSent,
    long Delivered,
    long Opened,
    long Clicked,
    long RecoveredOrders,
    decimal RecoveredRevenue,
    decimal DiscountCost,
    decimal NetRecoveredRevenue,
    double RecoveryRate,
    DashboardLift Lift,
    IReadOnlyList<DayPoint> Series,
    IReadOnlyList<StepRow> BySteps,
    IReadOnlyList<SegmentRow> BySegment);

/// <summary>The dashboard's part of <see cref="Analytics.Lift"/>; comparative figures are null until <see cref="EnoughData"/>.</summary>
public sealed record DashboardLift(
    double TreatedConversion,
    double HoldoutConversion,
    double? Difference,
    double? CiLow,
    double? CiHigh,
    decimal? IncrementalRevenuePerCheckout,
    decimal? IncrementalNetRevenuePerCheckout,
    bool EnoughData,
    long TreatedJourneys,
    long HoldoutJourneys)
{
    public static DashboardLift From(Lift lift) => new(lift.TreatedConversion, lift.HoldoutConversion, lift.Difference,
        lift.CiLow, lift.CiHigh, lift.IncrementalRevenuePerCheckout, lift.IncrementalNetRevenuePerCheckout, lift.EnoughData,
        lift.TreatedJourneys, lift.HoldoutJourneys);
}

public sealed record DayPoint(DateOnly Date, long Abandoned, long Recovered, decimal Revenue);

/// <summary>Emails of a step sent in the period, and the recovered orders attributed to that step.</summary>
public sealed record StepRow(int Step, long Sent, long Opened, long Clicked, long Recovered, decimal Revenue);

/// <summary>Checkouts abandoned in the period (not held out) by the segment they were put in, and the orders recovered.</summary>
public sealed record SegmentRow(string Segment, long Journeys, long Recovered, decimal Revenue, decimal DiscountCost);

[JsonConverter(typeof(JsonStringEnumConverter<AttributionClass>))]
public enum AttributionClass { AfterClick, AfterOpen, AfterSend, Holdout }

/// <summary>
/// Orders by how they relate to our emails, strongest evidence first. <see cref="Counted"/> is false for the holdout:
/// those orders happened without any email and are shown only so the comparison is visible.
/// </summary>
public sealed record AttributionRow(AttributionClass Attribution, long Orders, decimal Revenue, decimal DiscountCost, decimal NetRevenue, bool Counted);

/// <summary>Recovered orders by the incentive their journey was offered: "none", "10%", "15% + free shipping".</summary>
public sealed record IncentiveTierRow(string Tier, decimal? Percent, bool FreeShipping, long Orders, decimal Revenue, decimal DiscountCost, decimal NetRevenue);

/// <summary>
/// What the codes cost against the margin the merchant keeps: gross profit at the shop's configured gross margin
/// (incentive guardrails), and how much of it the codes gave away.
/// </summary>
public sealed record MarginImpact(decimal GrossMarginPercent, decimal GrossProfit, decimal DiscountCost, decimal ProfitAfterDiscounts, double? DiscountShareOfGrossProfit);

/// <summary>The fuller report behind <c>GET /api/reports</c>: the dashboard plus the full lift, attribution classes, incentive tiers and margin.</summary>
public sealed record RecoveryReport(
    Dashboard Summary,
    Lift Lift,
    IReadOnlyList<AttributionRow> ByAttribution,
    IReadOnlyList<IncentiveTierRow> ByIncentiveTier,
    MarginImpact Margin);
