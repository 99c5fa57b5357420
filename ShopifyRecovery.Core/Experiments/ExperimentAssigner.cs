using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Persistence;

namespace ShopifyRecovery.Experiments;

/// <summary>
/// What a journey gets at a step. <see cref="LedgerKey"/> is set while a test runs: the step handler records it in
/// <c>EmailSend.ExperimentArm</c> (that is how results find the arm's sends). Without a running test the overrides are
/// the rolled-out subject/incentive winners, and there is nothing to record.
/// </summary>
public sealed record ArmAssignment(long? ExperimentId, string Arm, string? LedgerKey, ArmOverrides Overrides);

public interface IExperimentAssigner
{
    /// <summary>
    /// Null when no experiment touches this step. Deterministic: ask again for the same journey and step and the answer
    /// is the same, so call it when the step is scheduled (a send-delay arm changes when it is due) and again when it
    /// is sent. Overrides the step handler applies: subject, template variant, incentive policy, delay.
    /// </summary>
    Task<ArmAssignment?> AssignAsync(long shopId, Guid journeyId, int step, CancellationToken ct);
}

public sealed class ExperimentAssigner(RecoveryDbContext db) : IExperimentAssigner
{
    public async Task<ArmAssignment?> AssignAsync(long shopId, Guid journeyId, int step, CancellationToken ct)
    {
        var experiments = await db.Set<Experiment>().AsNoTracking()
            .Where(e => e.ShopId == shopId && e.Step == step
                && (e.Status == ExperimentStatus.Running
                    || e.Status == ExperimentStatus.WinnerDeclared && (e.Kind == ExperimentKind.Subject || e.Kind == ExperimentKind.Incentive)))
            .ToListAsync(ct);
        return Assign(experiments, journeyId);
    }

    /// <summary>Rolled-out winners in the order they were declared (a later one wins), then the running test's arm on top.</summary>
    public static ArmAssignment? Assign(IReadOnlyList<Experiment> experiments, Guid journeyId)
    {
        var rolledOut = experiments
            .Where(e => e.Status == ExperimentStatus.WinnerDeclared && ExperimentRules.StaysInForceAfterRollout(e.Kind) && e.Winner is not null)
            .OrderBy(e => e.EndedAt).ThenBy(e => e.Id)
            .ToList();
        var baseline = rolledOut.Aggregate(ArmOverrides.None, (overrides, e) => overrides.With(e.Arm(e.Winner!)?.Overrides ?? ArmOverrides.None));
        var running = experiments.FirstOrDefault(e => e.Status == ExperimentStatus.Running);
        if (running is not null)
        {
            var arm = ArmPicker.Pick(running.Id, journeyId, running.Arms);
            return new(running.Id, arm.Name, running.LedgerKey(arm), baseline.With(arm.Overrides));
        }
        if (rolledOut.Count == 0)
            return null;
        var latest = rolledOut[^1];
        return new(latest.Id, latest.Winner!, null, baseline);
    }
}
