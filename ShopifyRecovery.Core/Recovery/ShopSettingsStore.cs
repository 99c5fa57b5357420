using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Incentives;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Segments;

namespace ShopifyRecovery.Recovery;

/// <summary>Everything a shop configured for recovery, with the shipped defaults for any part it never saved.</summary>
public sealed record RecoverySettings(FlowSettings Flow, SegmentRuleSet Segments, IncentiveSettings Incentives)
{
    public static RecoverySettings Default { get; } = new(FlowSettings.Default, SegmentRuleSet.Default, IncentiveSettings.Default);

    /// <summary>Each part on its own, then how they refer to each other (rule → policy name, policy → step).</summary>
    public IReadOnlyList<SettingError> Validate()
    {
        var errors = new List<SettingError>();
        errors.AddRange(Prefix("flow", Flow.Validate()));
        errors.AddRange(Prefix("incentives", Incentives.Validate(Flow.Steps?.Count)));
        errors.AddRange(Prefix("segments", Segments.Validate(Incentives.Policies?.Where(p => p is not null).Select(p => p.Name).ToList())));
        return errors;
    }

    static IEnumerable<SettingError> Prefix(string prefix, IEnumerable<SettingError> errors) =>
        errors.Select(e => e with { Path = $"{prefix}.{e.Path}" });
}

/// <summary>
/// Loads and saves a shop's settings documents in <see cref="ShopSettings"/>. Nothing invalid is ever stored: a save
/// validates the part together with the parts it refers to and returns the errors instead of saving.
/// </summary>
public sealed class ShopSettingsStore(RecoveryDbContext db, TimeProvider clock)
{
    public async Task<RecoverySettings> LoadAsync(long shopId, CancellationToken ct)
    {
        var row = await db.Set<ShopSettings>().AsNoTracking().SingleOrDefaultAsync(s => s.ShopId == shopId, ct);
        return row is null ? RecoverySettings.Default : Read(row);
    }

    /// <summary>Parses stored documents; an empty column means the default for that part.</summary>
    public static RecoverySettings Read(ShopSettings row) => new(
        Parse(row.FlowJson, FlowSettings.Default, row.ShopId, nameof(ShopSettings.FlowJson)),
        Parse(row.SegmentRulesJson, SegmentRuleSet.Default, row.ShopId, nameof(ShopSettings.SegmentRulesJson)),
        Parse(row.GuardrailsJson, IncentiveSettings.Default, row.ShopId, nameof(ShopSettings.GuardrailsJson)));

    public Task<IReadOnlyList<SettingError>> SaveFlowAsync(long shopId, FlowSettings flow, CancellationToken ct) =>
        SaveAsync(shopId, current => current with { Flow = flow }, "flow", ct);

    public Task<IReadOnlyList<SettingError>> SaveSegmentsAsync(long shopId, SegmentRuleSet segments, CancellationToken ct) =>
        SaveAsync(shopId, current => current with { Segments = segments }, "segments", ct);

    public Task<IReadOnlyList<SettingError>> SaveIncentivesAsync(long shopId, IncentiveSettings incentives, CancellationToken ct) =>
        SaveAsync(shopId, current => current with { Incentives = incentives }, "incentives", ct);

    /// <returns>The errors (paths prefixed with the part, e.g. <c>segments.rules[2]...</c>); empty when saved.</returns>
    async Task<IReadOnlyList<SettingError>> SaveAsync(long shopId, Func<RecoverySettings, RecoverySettings> change, string part, CancellationToken ct)
    {
        var row = await db.Set<ShopSettings>().SingleOrDefaultAsync(s => s.ShopId == shopId, ct);
        var current = row is null ? RecoverySettings.Default : Read(row);
        var next = change(current);
        var errors = next.Validate();
        if (errors.Count > 0)
        {
            // Report only what the caller can fix in the part it sent, unless the other parts are what break.
            var own = errors.Where(e => e.Path.StartsWith(part + ".", StringComparison.Ordinal)).ToList();
            return own.Count > 0 ? own : errors;
        }
        if (row is null)
        {
            row = new ShopSettings { ShopId = shopId };
            db.Set<ShopSettings>().Add(row);
        }
        row.FlowJson = JsonSerializer.Serialize(next.Flow, SettingsJson.Options);
        row.SegmentRulesJson = JsonSerializer.Serialize(next.Segments, SettingsJson.Options);
        row.GuardrailsJson = JsonSerializer.Serialize(next.Incentives, SettingsJson.Options);
        row.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
        return [];
    }

    static T Parse<T>(string json, T fallback, long shopId, string column) where T : class
    {
        if (string.IsNullOrWhiteSpace(json))
            return fallback;
        try
        {
            return JsonSerializer.Deserialize<T>(json, SettingsJson.Options) ?? fallback;
        }
        catch (JsonException e)
        {
            // Saves are validated, so this is a hand edit gone wrong; better to stop sending than to guess.
            throw new InvalidOperationException($"Shop {shopId}: stored {column} is not valid JSON ({e.Message}).", e);
        }
    }

    /// <summary>Parses a settings document sent by the admin; a JSON syntax or type error comes back as one <see cref="SettingError"/>.</summary>
    public static bool TryParse<T>(string json, out T? value, out SettingError? error) where T : class
    {
        try
        {
            value = JsonSerializer.Deserialize<T>(json, SettingsJson.Options);
            error = value is null ? new SettingError("$", "a JSON object is required.") : null;
            return value is not null;
        }
        catch (JsonException e)
        {
            value = null;
            error = new SettingError(e.Path ?? "$", e.Message);
            return false;
        }
    }
}
