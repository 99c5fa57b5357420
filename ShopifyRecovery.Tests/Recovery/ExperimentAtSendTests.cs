using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Experiments;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Tests.Recovery;

/// <summary>Running tests reach the journeys: each gets its arm's subject or delay, and the ledger records the arm.</summary>
public sealed class ExperimentAtSendTests
{
    [Test]
    public async Task A_running_subject_test_splits_journeys_between_arms_and_records_each_send_under_its_arm()
    {
        await using var h = await RecoveryHarness.CreateAsync();
        await using (var db = h.Database.CreateContext())
        {
            db.Set<Experiment>().Add(new Experiment
            {
                ShopId = h.ShopId, Name = "Subject line", Step = 1, Kind = ExperimentKind.Subject, Status = ExperimentStatus.Running,
                CreatedAt = RecoveryHarness.Start, StartedAt = RecoveryHarness.Start,
                Arms =
                [
                    new ExperimentArm { Name = "A", IsControl = true },
                    new ExperimentArm { Name = "B", Overrides = new ArmOverrides { Subject = "B: your cart misses you" } },
                ],
            });
            await db.SaveChangesAsync();
        }

        foreach (var i in Enumerable.Range(0, 12))
            await h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout($"x{i}", RecoveryHarness.Start, email: $"x{i}@example.com"));
        await h.RunAsync(TimeSpan.FromHours(2));

        var firstSteps = await h.QueryAsync(db => db.Set<EmailSend>().Where(s => s.Step == 1).ToListAsync());
        Assert.That(firstSteps, Has.Count.EqualTo(12));
        Assert.That(firstSteps.Select(s => s.ExperimentArm), Is.All.Not.Null);
        var armB = firstSteps.Where(s => s.ExperimentArm!.EndsWith(":B")).Select(s => s.Id).ToList();
        Assert.That(armB, Is.Not.Empty.And.Count.LessThan(12), "both arms got journeys");
        Assert.That(firstSteps.Where(s => armB.Contains(s.Id)).Select(s => s.Subject), Is.All.StartsWith("B: your cart misses you"));
        Assert.That(firstSteps.Where(s => !armB.Contains(s.Id)).Select(s => s.Subject), Is.All.Not.StartsWith("B: your cart misses you"));
    }

    static async Task<long> StartDelayTestAsync(RecoveryHarness h, DateTimeOffset startedAt)
    {
        await using var db = h.Database.CreateContext();
        var experiment = new Experiment
        {
            ShopId = h.ShopId, Name = "Later first reminder", Step = 1, Kind = ExperimentKind.SendDelay, Status = ExperimentStatus.Running,
            CreatedAt = startedAt, StartedAt = startedAt,
            Arms =
            [
                new ExperimentArm { Name = "hour", IsControl = true },
                new ExperimentArm { Name = "later", Overrides = new ArmOverrides { DelayMinutes = 180 } },
            ],
        };
        db.Set<Experiment>().Add(experiment);
        await db.SaveChangesAsync();
        return experiment.Id;
    }

    /// <summary>When each first reminder went out, by the arm its ledger row counts it for.</summary>
    static async Task<List<(string? Arm, TimeSpan After)>> FirstRemindersAsync(RecoveryHarness h)
    {
        var rows = await h.QueryAsync(db => db.Set<EmailSend>().Where(s => s.Step == 1 && s.Status == SendStatusKind.Sent).ToListAsync());
        return rows.Select(r => (r.ExperimentArm, h.ProviderCalls.Single(c => c.Message.To == r.ToEmail).At - RecoveryHarness.Start)).ToList();
    }

    [Test]
    public async Task A_running_send_delay_test_sends_each_arm_at_its_delay_and_records_the_arm()
    {
        await using var h = await RecoveryHarness.CreateAsync();
        var id = await StartDelayTestAsync(h, RecoveryHarness.Start);

        foreach (var i in Enumerable.Range(0, 12))
            await h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout($"d{i}", RecoveryHarness.Start, email: $"d{i}@example.com"));
        await h.RunAsync(TimeSpan.FromHours(4));

        var sent = await FirstRemindersAsync(h);
        Assert.That(sent, Has.Count.EqualTo(12));
        var later = sent.Where(s => s.Arm == Experiment.LedgerKeyFor(id, "later")).ToList();
        var hour = sent.Where(s => s.Arm == Experiment.LedgerKeyFor(id, "hour")).ToList();
        Assert.That((later.Count, hour.Count), Is.Not.EqualTo((0, 12)).And.Not.EqualTo((12, 0)), "both arms got journeys");
        Assert.That(later.Count + hour.Count, Is.EqualTo(12));
        Assert.That(later.Select(s => s.After), Is.All.InRange(TimeSpan.FromHours(3), TimeSpan.FromHours(3.1)));
        Assert.That(hour.Select(s => s.After), Is.All.InRange(TimeSpan.FromHours(1), TimeSpan.FromHours(1.1)));
    }

    [Test]
    public async Task A_step_already_scheduled_when_a_delay_test_starts_keeps_its_time_and_counts_for_no_arm()
    {
        await using var h = await RecoveryHarness.CreateAsync();
        foreach (var i in Enumerable.Range(0, 6))
            await h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout($"e{i}", RecoveryHarness.Start, email: $"e{i}@example.com"));
        await StartDelayTestAsync(h, RecoveryHarness.Start.AddMinutes(10));

        await h.RunAsync(TimeSpan.FromHours(4));

        var sent = await FirstRemindersAsync(h);
        Assert.That(sent, Has.Count.EqualTo(6));
        Assert.That(sent.Select(s => s.Arm), Is.All.Null, "sent at the flow's delay, so not evidence for either arm");
        Assert.That(sent.Select(s => s.After), Is.All.InRange(TimeSpan.FromHours(1), TimeSpan.FromHours(1.1)));
    }

    [Test]
    public async Task A_rolled_out_subject_winner_applies_until_the_merchant_stops_it()
    {
        await using var h = await RecoveryHarness.CreateAsync();
        long id;
        await using (var db = h.Database.CreateContext())
        {
            var experiment = new Experiment
            {
                ShopId = h.ShopId, Name = "Subject line", Step = 1, Kind = ExperimentKind.Subject, Status = ExperimentStatus.WinnerDeclared,
                Winner = "B", CreatedAt = RecoveryHarness.Start.AddDays(-20), StartedAt = RecoveryHarness.Start.AddDays(-20),
                EndedAt = RecoveryHarness.Start.AddDays(-1),
                Arms =
                [
                    new ExperimentArm { Name = "A", IsControl = true },
                    new ExperimentArm { Name = "B", Overrides = new ArmOverrides { Subject = "B: your cart misses you" } },
                ],
            };
            db.Set<Experiment>().Add(experiment);
            await db.SaveChangesAsync();
            id = experiment.Id;
        }

        await h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("before-stop", h.Clock.GetUtcNow(), email: "before@example.com"));
        await h.RunAsync(TimeSpan.FromHours(2));
        var stop = await h.InScopeAsync<ExperimentService, ExperimentChange>(s => s.StopAsync(h.ShopId, id, CancellationToken.None));
        await h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("after-stop", h.Clock.GetUtcNow(), email: "after@example.com"));
        await h.RunAsync(TimeSpan.FromHours(2));

        Assert.That(stop, Is.InstanceOf<ExperimentChange.Done>());
        Assert.That((await h.LedgerAsync("before-stop"))[0].Subject, Does.StartWith("B: your cart misses you"));
        Assert.That((await h.LedgerAsync("after-stop"))[0].Subject, Does.Not.StartWith("B: your cart misses you"));
        Assert.That((await h.LedgerAsync("after-stop"))[0].ExperimentArm, Is.Null);
    }
}
