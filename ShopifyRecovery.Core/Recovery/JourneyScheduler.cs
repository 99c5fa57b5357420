using Microsoft.Extensions.Options;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Persistence;

namespace ShopifyRecovery.Recovery;

/// <summary>
/// Puts due steps on the journey-steps queue through the outbox, in the caller's transaction, so a step is scheduled
/// exactly when the change that caused it commits. Delays run <see cref="RecoveryOptions.TimeScale"/> times faster.
/// </summary>
public sealed class JourneyScheduler(RecoveryDbContext db, IOptions<RecoveryOptions> options, TimeProvider clock)
{
    public DateTimeOffset Schedule(string shopDomain, Journey journey, StepSchedule schedule, bool deferred = false, string? delayArm = null)
    {
        var now = clock.GetUtcNow();
        // Compressed time (Recovery:TimeScale) runs from the journey's last activity, so step 3 lands at
        // activity + 72 h / scale however long the earlier steps took. A deferral waits for the shopper's wall clock
        // (quiet hours end at 8:00 their time whatever the demo speed); compressing it would re-defer in a tight loop.
        var anchor = journey.LastActivityAt < now ? journey.LastActivityAt : now;
        var deliverAt = deferred ? schedule.DueAt : anchor + (schedule.DueAt - anchor) / options.Value.TimeScale;
        if (deliverAt < now)
            deliverAt = now;
        var due = new JourneyStepDue(shopDomain, journey.Id, schedule.Step, schedule.ActivityVersion, delayArm);
        var messageId = deferred
            ? JourneyStepDue.DeferredMessageIdFor(journey.Id, schedule.Step, schedule.ActivityVersion, deliverAt)
            : JourneyStepDue.MessageIdFor(journey.Id, schedule.Step, schedule.ActivityVersion);
        db.AddToOutbox(Queues.JourneySteps, MessageJson.Create(messageId, due) with { PartitionKey = shopDomain, DeliverAt = deliverAt }, now);
        journey.NextStepDueAt = deliverAt;
        JourneyEvents.Add(db, journey, deferred ? EventKinds.Deferred : EventKinds.Scheduled, now, schedule.Step, $"due {deliverAt:O}");
        return deliverAt;
    }
}

public static class EventKinds
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Scheduled = "scheduled";
    /// <summary>The guards passed: which segment, variant and incentive the step was planned with, and why.</summary>
    public const string Planned = "planned";
    public const string Deferred = "deferred";
    public const string Sent = "sent";
    public const string Skipped = "skipped";
    public const string Holdout = "holdout";
    public const string Failed = "failed";
    public const string Unknown = "unknown";
    public const string CodeCreated = "code_created";
    public const string CodeFailed = "code_failed";
    public const string Consent = "consent";
    public const string Recovered = "recovered";
    public const string Closed = "closed";
}

public static class JourneyEvents
{
    public static void Add(RecoveryDbContext db, Journey journey, string kind, DateTimeOffset at, int? step = null, string? detail = null) =>
        db.Set<JourneyEvent>().Add(new JourneyEvent
        {
            JourneyId = journey.Id,
            ShopId = journey.ShopId,
            At = at,
            Kind = kind,
            Step = step,
            Detail = detail is { Length: > 500 } ? detail[..500] : detail,
        });
}
