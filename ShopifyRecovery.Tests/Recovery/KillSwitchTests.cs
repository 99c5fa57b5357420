using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Tests.Recovery;

public sealed class KillSwitchTests
{
    [Test]
    public async Task With_sends_disabled_nothing_leaves_and_every_due_step_records_why()
    {
        await using var h = await RecoveryHarness.CreateAsync(new Dictionary<string, string?> { ["Recovery:SendsEnabled"] = "false" });
        await h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("k1", RecoveryHarness.Start, total: 200m));

        await h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(h.ProviderCalls, Is.Empty);
        Assert.That(h.Admin.CreateCalls, Is.Empty, "no discount code is minted for an email that will not go out");
        var reasons = await h.QueryAsync(db => db.Set<EmailSend>().Select(s => s.SkipReason).ToListAsync());
        Assert.That(reasons, Is.Not.Empty.And.All.EqualTo(SkipReasons.SendsDisabled));
    }
}
