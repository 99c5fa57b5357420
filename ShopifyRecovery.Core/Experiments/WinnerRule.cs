using System.Globalization;
using ShopifyRecovery.Analytics;

namespace ShopifyRecovery.Experiments;

public sealed record WinnerDecision(string Arm, string Reason);

/// <param name="Alpha">Family-wise error rate for the automatic decision, split across the challengers (Bonferroni).</param>
/// <param name="MinimumDuration">No automatic decision before the test has seen whole weeks: weekday and weekend shoppers differ.</param>
public sealed record WinnerRuleOptions(double Alpha, TimeSpan MinimumDuration);

/// <summary>
/// When an experiment may end itself. Stricter than the 95 % shown on the page, on purpose: the monitor looks again
/// every hour, and every look is another chance for noise to pass a 5 % test. A challenger wins only if it converts
/// significantly better than the control and earns at least as much net revenue per send (a bigger discount that
/// buys orders at a loss is not a winner). If every challenger is significantly worse, the control wins.
/// </summary>
public static class WinnerRule
{
    public static WinnerDecision? Decide(ExperimentResults results, WinnerRuleOptions options, DateTimeOffset now)
    {
        if (!results.EnoughData || results.Experiment.StartedAt is not { } started || now - started < options.MinimumDuration)
            return null;
        var control = results.Arms.Single(a => a.IsControl);
        var challengers = results.Arms.Where(a => !a.IsControl).ToList();
        var alpha = options.Alpha / challengers.Count;
        var tests = challengers
            .Select(arm => (Arm: arm, Test: Statistics.Compare(new(arm.RecoveredOrders, arm.Sends), new(control.RecoveredOrders, control.Sends))))
            .ToList();

        var best = tests
            .Where(t => t.Test.Difference > 0 && t.Test.PValue < alpha && t.Arm.NetRevenuePerSend >= control.NetRevenuePerSend)
            .OrderByDescending(t => t.Arm.Conversion)
            .FirstOrDefault();
        if (best.Arm is not null)
            return new(best.Arm.Name, string.Create(CultureInfo.InvariantCulture,
                $"automatic: converts {best.Arm.Conversion:P2} against {control.Conversion:P2} for the control (p = {best.Test.PValue:0.#####} < {alpha:0.#####}), net revenue per send {best.Arm.NetRevenuePerSend} against {control.NetRevenuePerSend}"));
        if (tests.All(t => t.Test.Difference < 0 && t.Test.PValue < alpha))
            return new(control.Name, string.Create(CultureInfo.InvariantCulture,
                $"automatic: every challenger converts significantly worse than the control (p < {alpha:0.#####})"));
        return null;
    }
}
