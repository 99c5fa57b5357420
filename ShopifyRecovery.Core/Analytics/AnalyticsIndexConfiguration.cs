using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.Analytics;

/// <summary>
/// Indexes the reports need on tables the Recovery capability owns, kept here so the reason for each sits beside
/// the query it serves. Each one covers its query (every column it reads is in the index), so the database answers
/// from the index alone: SQLite has no INCLUDE, and a lookup into the table per row is what makes a dashboard slow.
/// </summary>
sealed class AnalyticsIndexConfiguration : IEntityTypeConfiguration<Journey>, IEntityTypeConfiguration<EmailSend>
{
    public void Configure(EntityTypeBuilder<Journey> e)
    {
        // ReportQueries.Cohort: abandoned in the period, by arm, outcome and segment, with revenue.
        e.HasIndex(j => new { j.ShopId, j.CreatedAt, j.IsHoldout, j.Status, j.Segment, j.RecoveredRevenue, j.DiscountCost },
            "IX_journeys_report_cohort");
        // ReportQueries.Recovered and the recovered-per-hour series: orders placed in the period.
        e.HasIndex(j => new { j.ShopId, j.Status, j.RecoveredAt, j.Attribution, j.AttributedStep, j.Segment, j.RecoveredRevenue, j.DiscountCost },
            "IX_journeys_report_recovered");
    }

    public void Configure(EntityTypeBuilder<EmailSend> e)
    {
        // ReportQueries.Sends: the funnel of emails sent in the period, by step.
        e.HasIndex(s => new { s.ShopId, s.CreatedAt, s.Status, s.Step, s.DeliveredAt, s.OpenedAt, s.ClickedAt },
            "IX_email_sends_report_funnel");
        // Experiment results: the sends of one arm. The key is "{experiment id}:{arm}" (Experiment.LedgerKey).
        e.Property(s => s.ExperimentArm).HasMaxLength(100);
        e.HasIndex(s => new { s.ShopId, s.ExperimentArm, s.CreatedAt }, "IX_email_sends_experiment_arm");
    }
}
