using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Experiments;

/// <summary>What an experiment varies in one step of the flow; each kind has its own override on the arms.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExperimentKind>))]
public enum ExperimentKind { Subject, ContentVariant, Incentive, SendDelay }

[JsonConverter(typeof(JsonStringEnumConverter<ExperimentStatus>))]
public enum ExperimentStatus
{
    Draft,
    Running,
    WinnerDeclared,
    /// <summary>Ended by the merchant: a running test without a winner, or a rolled-out winner retired. Nothing of it applies.</summary>
    Stopped,
}

/// <summary>What an arm changes in the step; null leaves the flow's own choice.</summary>
public sealed record ArmOverrides
{
    public string? Subject { get; init; }
    public string? TemplateVariant { get; init; }
    /// <summary>An incentive policy name from the shop's incentive settings (e.g. <c>none</c> against <c>standard</c>).</summary>
    public string? IncentivePolicy { get; init; }
    /// <summary>The step's delay from the last checkout activity, in minutes: the arm must be known when the step is scheduled.</summary>
    public int? DelayMinutes { get; init; }

    public static ArmOverrides None { get; } = new();

    /// <summary>These overrides with <paramref name="over"/>'s set fields on top.</summary>
    public ArmOverrides With(ArmOverrides over) => new()
    {
        Subject = over.Subject ?? Subject,
        TemplateVariant = over.TemplateVariant ?? TemplateVariant,
        IncentivePolicy = over.IncentivePolicy ?? IncentivePolicy,
        DelayMinutes = over.DelayMinutes ?? DelayMinutes,
    };
}

public sealed record ExperimentArm
{
    public required string Name { get; init; }
    /// <summary>Relative share of journeys: weights 1 and 1 split evenly, 9 and 1 send 10 % to the second arm.</summary>
    public int Weight { get; init; } = 1;
    /// <summary>The arm every other arm is compared with; usually the flow as it is, without overrides.</summary>
    public bool IsControl { get; init; }
    public ArmOverrides Overrides { get; init; } = ArmOverrides.None;
}

/// <summary>An A/B(/n) test on one step of a shop's flow.</summary>
public sealed class Experiment
{
    public long Id { get; set; }
    public long ShopId { get; set; }
    public required string Name { get; set; }
    /// <summary>1-based step of the flow.</summary>
    public int Step { get; set; }
    public ExperimentKind Kind { get; set; }
    public ExperimentStatus Status { get; set; }
    public IReadOnlyList<ExperimentArm> Arms { get; set; } = [];
    /// <summary>Declare the winner without the merchant once the result is significant (see <see cref="WinnerRule"/>).</summary>
    public bool AutoDeclare { get; set; }
    public string? Winner { get; set; }
    public string? WinnerReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    /// <summary>When the winner was declared: sends after it belong to the rollout, not to the test.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    public ExperimentArm Control => Arms.First(a => a.IsControl);

    public ExperimentArm? Arm(string name) => Arms.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// What the step handler records in <see cref="EmailSend.ExperimentArm"/>: the experiment id travels with the arm
    /// name, so two tests on the same step with arms called "B" never mix their results.
    /// </summary>
    public string LedgerKey(ExperimentArm arm) => LedgerKeyFor(Id, arm.Name);

    public static string LedgerKeyFor(long experimentId, string armName) => $"{experimentId}:{armName}";
}

sealed class ExperimentConfiguration : IEntityTypeConfiguration<Experiment>
{
    static readonly JsonSerializerOptions Json = SettingsJson.Options;

    public void Configure(EntityTypeBuilder<Experiment> e)
    {
        e.ToTable("experiments");
        e.HasKey(x => x.Id);
        e.HasOne<Shop>().WithMany().HasForeignKey(x => x.ShopId).OnDelete(DeleteBehavior.Cascade);
        // The assigner asks "what runs on this step of this shop" on every send.
        e.HasIndex(x => new { x.ShopId, x.Step, x.Status });
        // Two tests on one step would each think they own every send: at most one runs, guarded by the database.
        // The filter is plain SQL both providers read (unquoted column name).
        e.HasIndex(x => new { x.ShopId, x.Step }, "IX_experiments_one_running_per_step").IsUnique().HasFilter("Status = 'Running'");
        e.Property(x => x.Name).HasMaxLength(200);
        e.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        e.Property(x => x.Winner).HasMaxLength(ExperimentRules.MaxArmNameLength);
        e.Property(x => x.WinnerReason).HasMaxLength(500);
        e.Property(x => x.Arms)
            .HasConversion(
                arms => JsonSerializer.Serialize(arms, Json),
                json => JsonSerializer.Deserialize<List<ExperimentArm>>(json, Json) ?? new List<ExperimentArm>(),
                new ValueComparer<IReadOnlyList<ExperimentArm>>(
                    (a, b) => a != null && b != null && a.SequenceEqual(b),
                    arms => arms.Aggregate(0, (hash, arm) => HashCode.Combine(hash, arm)),
                    arms => arms.ToList()))
            .HasColumnName("ArmsJson");
    }
}
