using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.Experiments;

/// <summary>A new experiment as the admin sends it.</summary>
public sealed record ExperimentDraft
{
    public string Name { get; init; } = "";
    public int Step { get; init; }
    public ExperimentKind Kind { get; init; }
    public IReadOnlyList<ExperimentArm> Arms { get; init; } = [];
    public bool AutoDeclare { get; init; }
}

/// <summary>What makes an experiment answerable, and how its winner changes the flow. Pure.</summary>
public static class ExperimentRules
{
    public const int MaxArms = 5;
    public const int MaxArmNameLength = 40;
    public const int MaxWeight = 100;

    public static IReadOnlyList<SettingError> Validate(ExperimentDraft draft, RecoverySettings settings)
    {
        var errors = new List<SettingError>();
        if (string.IsNullOrWhiteSpace(draft.Name) || draft.Name.Length > 200)
            errors.Add(new("name", "must be a name of 1 to 200 characters."));
        if (!Enum.IsDefined(draft.Kind))
            errors.Add(new("kind", $"'{draft.Kind}' is not one of {string.Join(", ", Enum.GetNames<ExperimentKind>())}."));
        var flow = settings.Flow;
        var stepExists = draft.Step >= 1 && draft.Step <= flow.Steps.Count;
        if (!stepExists)
            errors.Add(new("step", $"the flow has steps 1 to {flow.Steps.Count}; there is no step {draft.Step}."));
        else if (!flow.Step(draft.Step).Enabled)
            errors.Add(new("step", $"step {draft.Step} is switched off in the flow; nothing would be sent to test."));
        if (draft.Kind == ExperimentKind.Incentive && draft.Step == 1)
            errors.Add(new("step", "the first step never carries a discount, so it cannot test incentives."));

        if (draft.Arms is null || draft.Arms.Count < 2 || draft.Arms.Count > MaxArms)
        {
            errors.Add(new("arms", $"an experiment needs 2 to {MaxArms} arms; there are {draft.Arms?.Count ?? 0}."));
            return errors;
        }
        var controls = draft.Arms.Count(a => a is { IsControl: true });
        if (controls != 1)
            errors.Add(new("arms", $"exactly one arm must be the control (isControl: true); there are {controls}."));
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var treatments = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < draft.Arms.Count; i++)
        {
            var arm = draft.Arms[i];
            var path = $"arms[{i}]";
            if (arm is null)
            {
                errors.Add(new(path, "an arm is required."));
                continue;
            }
            if (string.IsNullOrWhiteSpace(arm.Name) || arm.Name.Length > MaxArmNameLength || arm.Name.Contains(':'))
                errors.Add(new($"{path}.name", $"must be a name of 1 to {MaxArmNameLength} characters without ':'."));
            else if (!names.Add(arm.Name))
                errors.Add(new($"{path}.name", $"'{arm.Name}' is used by an earlier arm; names must be unique."));
            if (arm.Weight is < 1 or > MaxWeight)
                errors.Add(new($"{path}.weight", $"must be between 1 and {MaxWeight}; it is {arm.Weight}."));
            var overrides = arm.Overrides ?? ArmOverrides.None;
            errors.AddRange(ValidateOverrides(draft, overrides, arm.IsControl, settings, $"{path}.overrides"));
            if (!treatments.Add(Describe(draft.Kind, overrides)))
                errors.Add(new($"{path}.overrides", "is the same treatment as an earlier arm; each arm must differ in what is tested."));
        }
        return errors;
    }

    /// <summary>An experiment tests one thing: an arm may only set the override its kind names.</summary>
    static IEnumerable<SettingError> ValidateOverrides(ExperimentDraft draft, ArmOverrides o, bool isControl, RecoverySettings settings, string path)
    {
        var kind = draft.Kind;
        if (kind != ExperimentKind.Subject && o.Subject is not null)
            yield return new($"{path}.subject", $"a {kind} experiment cannot change the subject; test one thing at a time.");
        if (kind != ExperimentKind.ContentVariant && o.TemplateVariant is not null)
            yield return new($"{path}.templateVariant", $"a {kind} experiment cannot change the template variant; test one thing at a time.");
        if (kind != ExperimentKind.Incentive && o.IncentivePolicy is not null)
            yield return new($"{path}.incentivePolicy", $"a {kind} experiment cannot change the incentive; test one thing at a time.");
        if (kind != ExperimentKind.SendDelay && o.DelayMinutes is not null)
            yield return new($"{path}.delayMinutes", $"a {kind} experiment cannot change the delay; test one thing at a time.");

        switch (kind)
        {
            case ExperimentKind.Subject when o.Subject is null && !isControl:
                yield return new($"{path}.subject", "is required for every arm but the control.");
                break;
            case ExperimentKind.Subject when o.Subject is { } subject && (string.IsNullOrWhiteSpace(subject) || subject.Length > 200):
                yield return new($"{path}.subject", "must be 1 to 200 characters.");
                break;
            case ExperimentKind.ContentVariant when o.TemplateVariant is null && !isControl:
                yield return new($"{path}.templateVariant", "is required for every arm but the control.");
                break;
            case ExperimentKind.ContentVariant when o.TemplateVariant is { } variant && (string.IsNullOrWhiteSpace(variant) || variant.Length > 100):
                yield return new($"{path}.templateVariant", "must be a template variant name of 1 to 100 characters.");
                break;
            case ExperimentKind.Incentive when o.IncentivePolicy is null && !isControl:
                yield return new($"{path}.incentivePolicy", "is required for every arm but the control.");
                break;
            case ExperimentKind.Incentive when o.IncentivePolicy is { } policy && settings.Incentives.Find(policy) is null:
                yield return new($"{path}.incentivePolicy",
                    $"'{policy}' is not one of the shop's incentive policies ({string.Join(", ", settings.Incentives.Policies.Select(p => p.Name))}).");
                break;
            case ExperimentKind.SendDelay when o.DelayMinutes is null && !isControl:
                yield return new($"{path}.delayMinutes", "is required for every arm but the control.");
                break;
            case ExperimentKind.SendDelay when o.DelayMinutes is { } delay && draft.Step >= 1 && draft.Step <= settings.Flow.Steps.Count:
                // The arm's delay must leave a valid flow: later than the step before, earlier than the step after.
                foreach (var error in WithStep(settings.Flow, draft.Step, s => s with { DelayMinutes = delay }).Validate()
                    .Where(e => e.Path.StartsWith("steps", StringComparison.Ordinal)))
                    yield return new($"{path}.delayMinutes", $"{delay} minutes does not fit the flow: {error.Message}");
                break;
        }
    }

    /// <summary>
    /// The flow after rolling out <paramref name="winner"/>, for the kinds the flow itself can carry (template variant,
    /// delay); null when the winner changes nothing in the flow (a control without overrides, a subject, an incentive).
    /// </summary>
    public static FlowSettings? RolloutFlow(Experiment experiment, ExperimentArm winner, FlowSettings flow) =>
        (experiment.Kind, winner.Overrides) switch
        {
            (ExperimentKind.ContentVariant, { TemplateVariant: { } variant }) => WithStep(flow, experiment.Step, s => s with { TemplateVariant = variant }),
            (ExperimentKind.SendDelay, { DelayMinutes: { } delay }) => WithStep(flow, experiment.Step, s => s with { DelayMinutes = delay }),
            _ => null,
        };

    /// <summary>Subject and incentive winners have no place in the flow: the assigner keeps applying them after the test.</summary>
    public static bool StaysInForceAfterRollout(ExperimentKind kind) => kind is ExperimentKind.Subject or ExperimentKind.Incentive;

    internal static FlowSettings WithStep(FlowSettings flow, int step, Func<FlowStep, FlowStep> change) =>
        flow with { Steps = flow.Steps.Select((s, i) => i == step - 1 ? change(s) : s).ToList() };

    static string Describe(ExperimentKind kind, ArmOverrides o) => kind switch
    {
        ExperimentKind.Subject => o.Subject ?? "",
        ExperimentKind.ContentVariant => o.TemplateVariant ?? "",
        ExperimentKind.Incentive => o.IncentivePolicy?.ToLowerInvariant() ?? "",
        _ => o.DelayMinutes?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };
}
