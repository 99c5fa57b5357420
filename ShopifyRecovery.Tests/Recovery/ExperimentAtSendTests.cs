using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Experiments;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Tests.Recovery;

/// <summary>A running subject test reaches the email: each journey gets its arm's subject, and the ledger records the arm.</summary>
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
}
