using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.Analytics;

/// <summary>
/// Indexes the reports need on tables the Recovery capability owns, kept here so the reason for each sits beside
/// the query it serves. Each one covers its query (every column it reads is in the index), so the database answers
/// from the index alone: SQLite has no INCLUDE, and a lookup into the table per row is what makes a dashboard slow.
/// </summary>
sealed class AnalyticsIndexConfiguration :
    IEntityTypeConfiguration<Journey>, IEntityTypeConfiguration<EmailSend>, IEntityTypeConfiguration<IssuedDiscount>
{
    public void Configure(EntityTypeBuilder<Journey> e)
    {
        // ReportQueries.Arms: abandoned in the period by arm and status, with revenue. The small columns lead so each
        // (arm, status) slice is one range of the index, already in GROUP BY order.
        e.HasIndex(j => new { j.ShopId, j.IsHoldout, j.Status, j.CreatedAt, j.RecoveredRevenue, j.DiscountCost }, "IX_journeys_report_arms");
        // ReportQueries.Segments and Unsegmented: one range per named segment; the held-out few are skipped in the index
        // (EF writes "not held out" as a negation, which an index cannot seek).
        e.HasIndex(j => new { j.ShopId, j.Segment, j.CreatedAt, j.IsHoldout }, "IX_journeys_report_segments");
        // ReportQueries.Recovered, the recovered series, and IncentiveTiers (which needs the Id to find the codes).
        e.HasIndex(j => new { j.ShopId, j.Status, j.RecoveredAt, j.Attribution, j.AttributedStep, j.Segment, j.RecoveredRevenue, j.DiscountCost, j.Id },
            "IX_journeys_report_recovered");
    }

    public void Configure(EntityTypeBuilder<EmailSend> e)
    {
        // ReportQueries.Sends: the funnel of emails sent in the period, one range per (step, status).
        e.HasIndex(s => new { s.ShopId, s.Step, s.Status, s.CreatedAt, s.DeliveredAt, s.OpenedAt, s.ClickedAt }, "IX_email_sends_report_funnel");
        // Experiment results: the sends of one arm. The key is "{experiment id}:{arm}" (Experiment.LedgerKey).
        e.Property(s => s.ExperimentArm).HasMaxLength(100);
        e.HasIndex(s => new { s.ShopId, s.ExperimentArm, s.CreatedAt }, "IX_email_sends_experiment_arm");
    }

    public void Configure(EntityTypeBuilder<IssuedDiscount> e)
    {
        // ReportQueries.IncentiveTiers: the codes offered to each recovered journey (it also serves the journey foreign key).
        e.HasIndex(d => new { d.JourneyId, d.Status, d.Kind, d.Percentage }, "IX_issued_discounts_report_offers");
    }
}
