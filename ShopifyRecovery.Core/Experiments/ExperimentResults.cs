using ShopifyRecovery.Analytics;

namespace ShopifyRecovery.Experiments;

/// <summary>What the database counted for one arm's sends during the test. Revenue is the order totals (what was paid).</summary>
public sealed record ArmCounts(string LedgerKey, long Sends, long Opens, long Clicks, long RecoveredOrders, decimal Paid, decimal DiscountCost);

/// <summary>A challenger against the control: conversion difference with its interval and two-sided p-value.</summary>
public sealed record ArmComparison(double Difference, double CiLow, double CiHigh, double Z, double PValue, bool Significant);

/// <summary>
/// One arm's outcome. Conversion is recovered orders per send of the tested step (each journey gets the step once),
/// counting a journey's order whichever later step it followed: the arm may have changed everything after it.
/// Revenue is before our codes, net revenue what the shoppers paid, as on the dashboard.
/// </summary>
public sealed record ArmResult(
    string Name,
    bool IsControl,
    int Weight,
    ArmOverrides Overrides,
    long Sends,
    long Opens,
    long Clicks,
    long RecoveredOrders,
    decimal Revenue,
    decimal DiscountCost,
    decimal NetRevenue,
    decimal NetRevenuePerSend,
    double Conversion,
    double ConversionLow,
    double ConversionHigh,
    bool EnoughData,
    ArmComparison? VsControl);

public sealed record ExperimentView(
    long Id, string Name, int Step, ExperimentKind Kind, ExperimentStatus Status, IReadOnlyList<ExperimentArm> Arms, bool AutoDeclare,
    string? Winner, string? WinnerReason, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt)
{
    public static ExperimentView Of(Experiment e) =>
        new(e.Id, e.Name, e.Step, e.Kind, e.Status, e.Arms, e.AutoDeclare, e.Winner, e.WinnerReason, e.CreatedAt, e.StartedAt, e.EndedAt);
}

/// <summary>An experiment and its arms; <see cref="EnoughData"/> is false ("not enough data yet") until every arm meets <see cref="SampleRule"/>.</summary>
public sealed record ExperimentResults(ExperimentView Experiment, bool EnoughData, IReadOnlyList<ArmResult> Arms, WinnerDecision? SuggestedWinner);

public static class ExperimentResultsBuilder
{
    public static ExperimentResults Build(Experiment experiment, IReadOnlyList<ArmCounts> counts, WinnerRuleOptions rule, DateTimeOffset now)
    {
        ArmCounts CountsOf(ExperimentArm arm) =>
            counts.FirstOrDefault(c => c.LedgerKey == experiment.LedgerKey(arm)) ?? new(experiment.LedgerKey(arm), 0, 0, 0, 0, 0m, 0m);

        var control = CountsOf(experiment.Control);
        var controlConversion = new Proportion(control.RecoveredOrders, control.Sends);
        var arms = experiment.Arms.Select(arm =>
        {
            var c = CountsOf(arm);
            var conversion = new Proportion(c.RecoveredOrders, c.Sends);
            var interval = Statistics.Wilson(conversion);
            var enough = SampleRule.IsEnough(conversion);
            ArmComparison? vs = null;
            if (!arm.IsControl && enough && SampleRule.IsEnough(controlConversion))
            {
                var test = Statistics.Compare(conversion, controlConversion);
                vs = new(test.Difference, test.Confidence.Low, test.Confidence.High, test.Z, test.PValue, test.IsSignificant);
            }
            return new ArmResult(arm.Name, arm.IsControl, arm.Weight, arm.Overrides, c.Sends, c.Opens, c.Clicks, c.RecoveredOrders,
                c.Paid + c.DiscountCost, c.DiscountCost, c.Paid, c.Sends == 0 ? 0m : Math.Round(c.Paid / c.Sends, 4, MidpointRounding.AwayFromZero),
                conversion.Rate, interval.Low, interval.High, enough, vs);
        }).ToList();
        var results = new ExperimentResults(ExperimentView.Of(experiment), arms.All(a => a.EnoughData), arms, null);
        return experiment.Status == ExperimentStatus.Running ? results with { SuggestedWinner = WinnerRule.Decide(results, rule, now) } : results;
    }
}
