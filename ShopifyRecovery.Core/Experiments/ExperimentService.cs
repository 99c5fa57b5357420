using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Analytics;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Experiments;

/// <summary>How a change to an experiment went; the endpoints turn each case into its HTTP answer.</summary>
public abstract record ExperimentChange
{
    public sealed record Done(ExperimentView Experiment) : ExperimentChange;
    public sealed record NotFound : ExperimentChange;
    public sealed record Invalid(IReadOnlyList<SettingError> Errors) : ExperimentChange;
    public sealed record Conflict(string Reason) : ExperimentChange;
}

/// <summary>
/// The life of an experiment: draft → running → winner declared, and stopped from any of them. Declaring rolls the
/// winner out: the test stops counting, a content-variant or delay winner becomes the flow's own setting, and a
/// subject or incentive winner stays in force through <see cref="IExperimentAssigner"/> until the experiment is stopped.
/// </summary>
public sealed class ExperimentService(RecoveryDbContext db, ShopSettingsStore settings, TimeProvider clock,
    IOptions<ExperimentsOptions> options, ILogger<ExperimentService> logger)
{
    public async Task<IReadOnlyList<ExperimentView>> ListAsync(long shopId, CancellationToken ct) =>
        (await db.Set<Experiment>().AsNoTracking().Where(e => e.ShopId == shopId).OrderByDescending(e => e.Id).ToListAsync(ct))
            .Select(ExperimentView.Of).ToList();

    public async Task<ExperimentChange> CreateAsync(long shopId, ExperimentDraft draft, CancellationToken ct)
    {
        var errors = ExperimentRules.Validate(draft, await settings.LoadAsync(shopId, ct));
        if (errors.Count > 0)
            return new ExperimentChange.Invalid(errors);
        var experiment = new Experiment
        {
            ShopId = shopId,
            Name = draft.Name.Trim(),
            Step = draft.Step,
            Kind = draft.Kind,
            Status = ExperimentStatus.Draft,
            Arms = draft.Arms.Select(a => a with { Overrides = a.Overrides ?? ArmOverrides.None }).ToList(),
            AutoDeclare = draft.AutoDeclare,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Set<Experiment>().Add(experiment);
        await db.SaveChangesAsync(ct);
        return new ExperimentChange.Done(ExperimentView.Of(experiment));
    }

    public async Task<ExperimentResults?> ResultsAsync(long shopId, long experimentId, CancellationToken ct)
    {
        var experiment = await db.Set<Experiment>().AsNoTracking().SingleOrDefaultAsync(e => e.ShopId == shopId && e.Id == experimentId, ct);
        return experiment is null ? null : await ResultsAsync(experiment, ct);
    }

    async Task<ExperimentResults> ResultsAsync(Experiment experiment, CancellationToken ct) =>
        ExperimentResultsBuilder.Build(experiment, await ExperimentQueries.CountsAsync(db, experiment, ct), options.Value.WinnerRule, clock.GetUtcNow());

    public async Task<ExperimentChange> StartAsync(long shopId, long experimentId, CancellationToken ct)
    {
        var experiment = await db.Set<Experiment>().SingleOrDefaultAsync(e => e.ShopId == shopId && e.Id == experimentId, ct);
        if (experiment is null)
            return new ExperimentChange.NotFound();
        if (experiment.Status != ExperimentStatus.Draft)
            return new ExperimentChange.Conflict($"The experiment is {experiment.Status}; only a draft can start.");
        // The flow may have changed since the draft was saved (a step switched off, a policy renamed).
        var errors = ExperimentRules.Validate(Draft(experiment), await settings.LoadAsync(shopId, ct));
        if (errors.Count > 0)
            return new ExperimentChange.Invalid(errors);
        if (await db.Set<Experiment>().AnyAsync(e => e.ShopId == shopId && e.Step == experiment.Step && e.Status == ExperimentStatus.Running, ct))
            return RunningConflict(experiment.Step);
        experiment.Status = ExperimentStatus.Running;
        experiment.StartedAt = clock.GetUtcNow();
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another start on the same step won the race; the unique index said no.
            await db.Entry(experiment).ReloadAsync(ct);
            return RunningConflict(experiment.Step);
        }
        AnalyticsLog.ExperimentStarted(logger, await DomainAsync(shopId, ct), experiment.Id, experiment.Step);
        return new ExperimentChange.Done(ExperimentView.Of(experiment));
    }

    public async Task<ExperimentChange> DeclareWinnerAsync(long shopId, long experimentId, string? armName, CancellationToken ct)
    {
        var experiment = await db.Set<Experiment>().SingleOrDefaultAsync(e => e.ShopId == shopId && e.Id == experimentId, ct);
        if (experiment is null)
            return new ExperimentChange.NotFound();
        if (string.IsNullOrWhiteSpace(armName) || experiment.Arm(armName) is null)
            return new ExperimentChange.Invalid([new("arm", $"'{armName}' is not one of the arms ({string.Join(", ", experiment.Arms.Select(a => a.Name))}).")]);
        return await DeclareAsync(experiment, experiment.Arm(armName)!, "declared by the merchant", ct);
    }

    /// <summary>Ends every running experiment that asked for it and whose result passes <see cref="WinnerRule"/>; returns how many.</summary>
    public async Task<int> AutoDeclareAsync(CancellationToken ct)
    {
        var running = await db.Set<Experiment>().Where(e => e.Status == ExperimentStatus.Running && e.AutoDeclare).ToListAsync(ct);
        var declared = 0;
        foreach (var experiment in running)
        {
            var decision = (await ResultsAsync(experiment, ct)).SuggestedWinner;
            if (decision is not null && await DeclareAsync(experiment, experiment.Arm(decision.Arm)!, decision.Reason, ct) is ExperimentChange.Done)
                declared++;
        }
        return declared;
    }

    async Task<ExperimentChange> DeclareAsync(Experiment experiment, ExperimentArm winner, string reason, CancellationToken ct)
    {
        if (experiment.Status != ExperimentStatus.Running)
            return new ExperimentChange.Conflict($"The experiment is {experiment.Status}; only a running experiment can declare a winner.");
        var domain = await DomainAsync(experiment.ShopId, ct);
        var current = await settings.LoadAsync(experiment.ShopId, ct);
        var flow = ExperimentRules.RolloutFlow(experiment, winner, current.Flow);
        if (flow is not null && (current with { Flow = flow }).Validate() is { Count: > 0 } errors)
        {
            // The flow moved on while the test ran (e.g. a neighbouring delay changed): the merchant has to choose.
            AnalyticsLog.RolloutRejected(logger, domain, experiment.Id, string.Join("; ", errors));
            return new ExperimentChange.Invalid(errors);
        }
        experiment.Status = ExperimentStatus.WinnerDeclared;
        experiment.Winner = winner.Name;
        experiment.WinnerReason = reason.Length > 500 ? reason[..500] : reason;
        experiment.EndedAt = clock.GetUtcNow();
        if (flow is not null)
        {
            // One SaveChanges: the experiment's end and the flow change commit together.
            var saveErrors = await settings.SaveFlowAsync(experiment.ShopId, flow, ct);
            if (saveErrors.Count > 0)
            {
                // Nothing was saved; forget the change so a later save in this scope cannot commit half of it.
                await db.Entry(experiment).ReloadAsync(ct);
                return new ExperimentChange.Invalid(saveErrors);
            }
        }
        else
            await db.SaveChangesAsync(ct);
        AnalyticsLog.WinnerDeclared(logger, domain, experiment.Id, winner.Name, experiment.WinnerReason);
        return new ExperimentChange.Done(ExperimentView.Of(experiment));
    }

    /// <summary>
    /// Ends the experiment without (another) winner: a running test stops splitting journeys and its results freeze;
    /// a rolled-out subject or incentive winner stops overriding the merchant's own subject and incentive rules (a
    /// variant or delay winner was written into the flow, where the merchant changes it like any other setting).
    /// </summary>
    public async Task<ExperimentChange> StopAsync(long shopId, long experimentId, CancellationToken ct)
    {
        var experiment = await db.Set<Experiment>().SingleOrDefaultAsync(e => e.ShopId == shopId && e.Id == experimentId, ct);
        if (experiment is null)
            return new ExperimentChange.NotFound();
        if (experiment.Status == ExperimentStatus.Stopped)
            return new ExperimentChange.Conflict("The experiment is already stopped.");
        var was = experiment.Status;
        experiment.Status = ExperimentStatus.Stopped;
        experiment.EndedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        AnalyticsLog.ExperimentStopped(logger, await DomainAsync(shopId, ct), experiment.Id, was.ToString());
        return new ExperimentChange.Done(ExperimentView.Of(experiment));
    }

    static ExperimentChange RunningConflict(int step) =>
        new ExperimentChange.Conflict($"Another experiment is running on step {step}; declare its winner or stop it first.");

    static ExperimentDraft Draft(Experiment e) => new() { Name = e.Name, Step = e.Step, Kind = e.Kind, Arms = e.Arms, AutoDeclare = e.AutoDeclare };

    async Task<string> DomainAsync(long shopId, CancellationToken ct) =>
        await db.Set<Shop>().Where(s => s.Id == shopId).Select(s => s.Domain).SingleOrDefaultAsync(ct) ?? shopId.ToString();
}
