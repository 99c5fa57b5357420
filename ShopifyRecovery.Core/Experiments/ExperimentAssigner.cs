using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.Experiments;

/// <summary>
/// What a journey gets at a step. <see cref="LedgerKey"/> is set while a test runs: the step handler records it in
/// <c>EmailSend.ExperimentArm</c> (that is how results find the arm's sends). Without a running test the overrides are
/// the rolled-out subject/incentive winners, and there is nothing to record.
/// </summary>
public sealed record ArmAssignment(long? ExperimentId, string Arm, string? LedgerKey, ArmOverrides Overrides)
{
    /// <summary>The kind of the running test, when there is one.</summary>
    public ExperimentKind? Kind { get; init; }
}

/// <summary>
/// A shop's flow as one journey lives it: the delays of the send-delay arms it falls in applied.
/// <see cref="DelayArms"/> names, per step, the arm the journey was scheduled under; the step message carries it, so
/// a send counts for a delay test only when its time was set by the test.
/// </summary>
public sealed record JourneyFlow(FlowSettings Flow, IReadOnlyDictionary<int, string> DelayArms)
{
    public string? DelayArmFor(int step) => DelayArms.GetValueOrDefault(step);
}

public interface IExperimentAssigner
{
    /// <summary>
    /// Null when no experiment touches this step. Deterministic: ask again for the same journey and step and the answer
    /// is the same, so call it when the step is scheduled (a send-delay arm changes when it is due) and again when it
    /// is sent. Overrides the step handler applies: subject, template variant, incentive policy, delay.
    /// </summary>
    Task<ArmAssignment?> AssignAsync(long shopId, Guid journeyId, int step, CancellationToken ct);

    /// <summary>The flow this journey's steps are scheduled with: running send-delay tests change their step's delay.</summary>
    Task<JourneyFlow> FlowAsync(long shopId, Guid journeyId, FlowSettings flow, CancellationToken ct);
}

/// <summary>
/// Reads a shop's experiments in force once per scope (one message handled, one request): a step asks for its flow,
/// its plan and its subject, and all three see the same experiments.
/// </summary>
public sealed class ExperimentAssigner(RecoveryDbContext db) : IExperimentAssigner
{
    readonly Dictionary<long, List<Experiment>> _inForce = [];

    public async Task<ArmAssignment?> AssignAsync(long shopId, Guid journeyId, int step, CancellationToken ct) =>
        Assign((await InForceAsync(shopId, ct)).Where(e => e.Step == step).ToList(), journeyId);

    public async Task<JourneyFlow> FlowAsync(long shopId, Guid journeyId, FlowSettings flow, CancellationToken ct) =>
        FlowFor((await InForceAsync(shopId, ct)).Where(e => e is { Status: ExperimentStatus.Running, Kind: ExperimentKind.SendDelay }).ToList(),
            journeyId, flow);

    /// <summary>Running tests, and rolled-out winners of the kinds the flow cannot carry (subject, incentive).</summary>
    async Task<List<Experiment>> InForceAsync(long shopId, CancellationToken ct)
    {
        if (!_inForce.TryGetValue(shopId, out var experiments))
        {
            experiments = await db.Set<Experiment>().AsNoTracking()
                .Where(e => e.ShopId == shopId
                    && (e.Status == ExperimentStatus.Running
                        || e.Status == ExperimentStatus.WinnerDeclared && (e.Kind == ExperimentKind.Subject || e.Kind == ExperimentKind.Incentive)))
                .ToListAsync(ct);
            _inForce[shopId] = experiments;
        }
        return experiments;
    }

    /// <summary>Each running send-delay test puts its arm's delay (the control keeps the flow's) on its step.</summary>
    public static JourneyFlow FlowFor(IReadOnlyList<Experiment> runningDelayTests, Guid journeyId, FlowSettings flow)
    {
        var arms = new Dictionary<int, string>();
        foreach (var experiment in runningDelayTests.OrderBy(e => e.Id))
        {
            var arm = ArmPicker.Pick(experiment.Id, journeyId, experiment.Arms);
            arms[experiment.Step] = experiment.LedgerKey(arm);
            if (arm.Overrides.DelayMinutes is { } minutes && experiment.Step >= 1 && experiment.Step <= flow.Steps.Count)
                flow = ExperimentRules.WithStep(flow, experiment.Step, s => s with { DelayMinutes = minutes });
        }
        return new(flow, arms);
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
            return new(running.Id, arm.Name, running.LedgerKey(arm), baseline.With(arm.Overrides)) { Kind = running.Kind };
        }
        if (rolledOut.Count == 0)
            return null;
        var latest = rolledOut[^1];
        return new(latest.Id, latest.Winner!, null, baseline);
    }
}
