namespace ShopifyRecovery.Analytics;

/// <summary>
/// One arm of the holdout comparison over a cohort of abandoned checkouts. <see cref="GrossRevenue"/> is what the
/// converted orders were worth before our codes (the order total plus our discount), <see cref="DiscountCost"/> what
/// our codes took off them, so <see cref="NetRevenue"/> is what the shoppers actually paid.
/// </summary>
public sealed record ArmOutcome(long Journeys, long Conversions, decimal GrossRevenue, decimal DiscountCost)
{
    public static ArmOutcome Empty { get; } = new(0, 0, 0m, 0m);

    public decimal NetRevenue => GrossRevenue - DiscountCost;

    public Proportion Conversion => new(Conversions, Journeys);
}

/// <summary>
/// What the emails caused, measured against the randomised holdout: conversion difference with its interval, and the
/// revenue it brought per abandoned checkout. Every comparative figure is null until <see cref="SampleRule"/> is met:
/// a number shown too early is the over-claiming merchants already distrust.
/// </summary>
public sealed record Lift(
    double TreatedConversion,
    double HoldoutConversion,
    double? Difference,
    double? CiLow,
    double? CiHigh,
    double? PValue,
    decimal? IncrementalRevenuePerCheckout,
    decimal? IncrementalNetRevenuePerCheckout,
    // Orders the emails added in the cohort: the conversion difference times the treated journeys.
    double? IncrementalOrders,
    // Our discount spent per order the emails added; null without a positive lift.
    decimal? DiscountCostPerIncrementalOrder,
    bool EnoughData,
    long TreatedJourneys,
    long HoldoutJourneys);

public static class HoldoutLift
{
    public static Lift Measure(ArmOutcome treated, ArmOutcome holdout, double confidence = Statistics.DefaultConfidence)
    {
        var enough = SampleRule.IsEnough(treated.Conversion, holdout.Conversion);
        if (!enough)
            return new(treated.Conversion.Rate, holdout.Conversion.Rate, null, null, null, null, null, null, null, null,
                false, treated.Journeys, holdout.Journeys);

        var comparison = Statistics.Compare(treated.Conversion, holdout.Conversion, confidence);
        var holdoutPerCheckout = holdout.NetRevenue / holdout.Journeys;
        var incrementalRevenue = treated.GrossRevenue / treated.Journeys - holdoutPerCheckout;
        var incrementalNet = treated.NetRevenue / treated.Journeys - holdoutPerCheckout;
        var incrementalOrders = comparison.Difference * treated.Journeys;
        decimal? costPerOrder = incrementalOrders > 0 ? Round(treated.DiscountCost / (decimal)incrementalOrders) : null;
        return new(treated.Conversion.Rate, holdout.Conversion.Rate, comparison.Difference, comparison.Confidence.Low,
            comparison.Confidence.High, comparison.PValue, Round(incrementalRevenue), Round(incrementalNet),
            incrementalOrders, costPerOrder, true, treated.Journeys, holdout.Journeys);
    }

    /// <summary>Per-checkout amounts are often cents: four places keep them meaningful when multiplied back up.</summary>
    static decimal Round(decimal value) => Math.Round(value, 4, MidpointRounding.AwayFromZero);
}
