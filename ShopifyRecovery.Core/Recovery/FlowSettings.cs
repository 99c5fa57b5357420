using System.Text.Json.Serialization;

namespace ShopifyRecovery.Recovery;

/// <summary>
/// A shop's recovery flow: which emails go out when, and the rules every send must pass. Stored as
/// <see cref="ShopSettings.FlowJson"/>; <see cref="Default"/> is what a new shop gets.
/// </summary>
public sealed record FlowSettings
{
    public const int MaxSteps = 5;

    /// <summary>Ordered steps; step numbers are 1-based positions in this list. Each delay counts from the shopper's last checkout activity.</summary>
    public IReadOnlyList<FlowStep> Steps { get; init; } = DefaultSteps;

    public QuietHours QuietHours { get; init; } = new();

    public FrequencyCap FrequencyCap { get; init; } = new();

    /// <summary>
    /// Share of journeys that get no email, so the dashboard can show what the emails caused rather than every order
    /// that followed one. 10 % by default; the dashboard says "not enough data yet" until the estimate means something,
    /// and a merchant may lower it (0 switches the measurement off).
    /// </summary>
    public decimal HoldoutPercent { get; init; } = 10;

    public ConsentPolicy Consent { get; init; } = new();

    /// <summary>A journey with no activity for this long is closed as expired; orders after that are not attributed to it.</summary>
    public int ExpireAfterDays { get; init; } = 14;

    public static readonly IReadOnlyList<FlowStep> DefaultSteps =
    [
        new FlowStep { DelayMinutes = 60 },          // reminder, never a discount
        new FlowStep { DelayMinutes = 24 * 60 },     // value reinforcement
        new FlowStep { DelayMinutes = 72 * 60 },     // last chance: where the default incentive policy puts a code
    ];

    public static FlowSettings Default { get; } = new();

    [JsonIgnore] public TimeSpan Expiry => TimeSpan.FromDays(ExpireAfterDays);

    /// <summary>The last enabled step (1-based), or null when every step is switched off.</summary>
    [JsonIgnore]
    public int? LastEnabledStep
    {
        get
        {
            for (var i = Steps.Count - 1; i >= 0; i--)
                if (Steps[i].Enabled)
                    return i + 1;
            return null;
        }
    }

    /// <summary>The first enabled step after <paramref name="step"/> (0 = before the first), or null when none is left.</summary>
    public int? NextEnabledStep(int step)
    {
        for (var i = Math.Max(step, 0); i < Steps.Count; i++)
            if (Steps[i].Enabled)
                return i + 1;
        return null;
    }

    public FlowStep Step(int step) => Steps[step - 1];

    public IReadOnlyList<SettingError> Validate()
    {
        var errors = new List<SettingError>();
        if (Steps is null || Steps.Count == 0)
            errors.Add(new("steps", "at least one step is required."));
        else if (Steps.Count > MaxSteps)
            errors.Add(new("steps", $"at most {MaxSteps} steps are allowed; there are {Steps.Count}."));
        else
        {
            for (var i = 0; i < Steps.Count; i++)
            {
                var step = Steps[i];
                var path = $"steps[{i}]";
                if (step is null)
                {
                    errors.Add(new(path, "a step is required."));
                    continue;
                }
                if (step.DelayMinutes < 1)
                    errors.Add(new($"{path}.delayMinutes", $"must be at least 1 minute; it is {step.DelayMinutes}."));
                else if (step.DelayMinutes > ExpireAfterDays * 24 * 60)
                    errors.Add(new($"{path}.delayMinutes", $"{step.DelayMinutes} minutes is after the journey expires ({ExpireAfterDays} days)."));
                if (i > 0 && Steps[i - 1] is { } previous && step.DelayMinutes <= previous.DelayMinutes)
                    errors.Add(new($"{path}.delayMinutes", $"must be later than step {i} ({previous.DelayMinutes} minutes); it is {step.DelayMinutes}."));
                if (string.IsNullOrWhiteSpace(step.TemplateVariant) || step.TemplateVariant.Length > 100)
                    errors.Add(new($"{path}.templateVariant", "must be a name of 1 to 100 characters."));
            }
        }
        errors.AddRange(QuietHours?.Validate("quietHours") ?? [new("quietHours", "is required.")]);
        errors.AddRange(FrequencyCap?.Validate("frequencyCap") ?? [new("frequencyCap", "is required.")]);
        if (HoldoutPercent is < 0 or > 50)
            errors.Add(new("holdoutPercent", $"must be between 0 and 50; it is {HoldoutPercent}."));
        errors.AddRange(Consent?.Validate("consent") ?? [new("consent", "is required.")]);
        if (ExpireAfterDays is < 1 or > 60)
            errors.Add(new("expireAfterDays", $"must be between 1 and 60; it is {ExpireAfterDays}."));
        return errors;
    }
}

public sealed record FlowStep
{
    public int DelayMinutes { get; init; } = 60;
    public bool Enabled { get; init; } = true;

    /// <summary>The template variant when no segment rule picks one.</summary>
    public string TemplateVariant { get; init; } = "default";

    [JsonIgnore] public TimeSpan Delay => TimeSpan.FromMinutes(DelayMinutes);
}

/// <summary>No email lands in the shopper's night: a send due inside the window waits for its end, it is never dropped.</summary>
public sealed record QuietHours
{
    public bool Enabled { get; init; } = true;
    public TimeOnly Start { get; init; } = new(21, 0);
    public TimeOnly End { get; init; } = new(8, 0);

    public IEnumerable<SettingError> Validate(string path)
    {
        if (Enabled && Start == End)
            yield return new($"{path}.end", $"must differ from start ({Start:HH\\:mm}); switch quiet hours off instead.");
    }
}

/// <summary>At most <see cref="Count"/> recovery emails per customer in any <see cref="Days"/> days, across all their journeys.</summary>
public sealed record FrequencyCap
{
    public int Count { get; init; } = 3;
    public int Days { get; init; } = 7;

    public IEnumerable<SettingError> Validate(string path)
    {
        if (Count is < 1 or > 20)
            yield return new($"{path}.count", $"must be between 1 and 20; it is {Count}.");
        if (Days is < 1 or > 90)
            yield return new($"{path}.days", $"must be between 1 and 90; it is {Days}.");
    }
}

public enum ConsentMode
{
    /// <summary>Only shoppers who subscribed to email marketing (at checkout or on their customer record).</summary>
    SubscribedOnly,

    /// <summary>
    /// Subscribers get every step; shoppers who neither subscribed nor unsubscribed get the first step only, as a
    /// service reminder (never with a discount), and only where
    /// <see cref="ConsentPolicy.Regions"/> allow it. Never in the EU/EEA, the UK or Canada, which require prior consent.
    /// </summary>
    AllowTransactionalWhereAllowed,
}

public sealed record ConsentPolicy
{
    public ConsentMode Mode { get; init; } = ConsentMode.SubscribedOnly;

    /// <summary>ISO country codes where the service reminder may go to non-subscribers; "*" = everywhere that is not restricted.</summary>
    public IReadOnlyList<string> Regions { get; init; } = ["*"];

    /// <summary>Prior consent is the law here (ePrivacy in the EU/EEA, PECR in the UK, CASL in Canada): never switched on.</summary>
    public static readonly IReadOnlySet<string> RestrictedCountries = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT",
        "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", // EU
        "IS", "LI", "NO", // EEA
        "GB", "CA",
    };

    /// <summary>Whether a non-subscriber at an address in <paramref name="countryCode"/> may get a service reminder; unknown countries may not.</summary>
    public bool AllowsTransactional(string? countryCode)
    {
        if (Mode != ConsentMode.AllowTransactionalWhereAllowed || string.IsNullOrWhiteSpace(countryCode))
            return false;
        if (RestrictedCountries.Contains(countryCode))
            return false;
        return Regions.Any(r => r == "*" || string.Equals(r, countryCode, StringComparison.OrdinalIgnoreCase));
    }

    public IEnumerable<SettingError> Validate(string path)
    {
        if (!Enum.IsDefined(Mode))
            yield return new($"{path}.mode", $"'{Mode}' is not one of {string.Join(", ", Enum.GetNames<ConsentMode>())}.");
        if (Regions is null)
        {
            yield return new($"{path}.regions", "is required (use [\"*\"] for every region where it is allowed).");
            yield break;
        }
        for (var i = 0; i < Regions.Count; i++)
        {
            var region = Regions[i];
            if (region == "*")
                continue;
            if (region is null || region.Length != 2 || !region.All(char.IsAsciiLetter))
                yield return new($"{path}.regions[{i}]", $"'{region}' is not a two-letter ISO country code or \"*\".");
            else if (RestrictedCountries.Contains(region))
                yield return new($"{path}.regions[{i}]", $"'{region}' requires prior consent for marketing email (EU/EEA, UK, Canada); non-subscribers there can never be emailed.");
        }
    }
}
