using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using ShopifyRecovery.Incentives;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Segments;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Recovery;

public sealed class ShopSettingsStoreTests
{
    TestDatabase _database = null!;
    long _shopId;

    [SetUp]
    public async Task SetUp()
    {
        _database = await TestDatabase.CreateAsync();
        await using var db = _database.CreateContext();
        var shop = new Shop { Domain = "settings.myshopify.com", Installed = true };
        db.Add(shop);
        await db.SaveChangesAsync();
        _shopId = shop.Id;
    }

    [TearDown]
    public async Task TearDown() => await _database.DisposeAsync();

    [Test]
    public async Task A_shop_that_never_saved_settings_gets_the_shipped_defaults()
    {
        await using var db = _database.CreateContext();

        var settings = await new ShopSettingsStore(db, TimeProvider.System).LoadAsync(_shopId, CancellationToken.None);

        Assert.That(settings, Is.SameAs(RecoverySettings.Default));
    }

    [Test]
    public async Task A_saved_flow_is_loaded_back_and_the_other_parts_keep_their_defaults()
    {
        var flow = FlowSettings.Default with { HoldoutPercent = 10, FrequencyCap = new FrequencyCap { Count = 2, Days = 3 } };
        await using (var db = _database.CreateContext())
            Assert.That(await new ShopSettingsStore(db, new FakeTimeProvider()).SaveFlowAsync(_shopId, flow, CancellationToken.None), Is.Empty);

        await using var read = _database.CreateContext();
        var loaded = await new ShopSettingsStore(read, TimeProvider.System).LoadAsync(_shopId, CancellationToken.None);

        Assert.That(loaded.Flow.HoldoutPercent, Is.EqualTo(10));
        Assert.That(loaded.Flow.FrequencyCap, Is.EqualTo(new FrequencyCap { Count = 2, Days = 3 }));
        Assert.That(loaded.Flow.Steps, Is.EqualTo(FlowSettings.DefaultSteps));
        Assert.That(loaded.Segments.Rules.Select(r => r.Name), Is.EqualTo(SegmentRuleSet.DefaultRules.Select(r => r.Name)));
        Assert.That(loaded.Incentives, Is.EqualTo(IncentiveSettings.Default).Using<IncentiveSettings>((a, b) => a.Guardrails == b.Guardrails));
    }

    [Test]
    public async Task Rules_that_name_a_policy_the_shop_does_not_have_are_not_saved()
    {
        var rules = new SegmentRuleSet { Rules = [new SegmentRule { Name = "all", Variant = "default", Incentive = "generous" }] };
        await using var db = _database.CreateContext();

        var errors = await new ShopSettingsStore(db, TimeProvider.System).SaveSegmentsAsync(_shopId, rules, CancellationToken.None);

        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[] { "segments.rules[0].incentive" }));
        Assert.That(await db.Set<ShopSettings>().CountAsync(), Is.Zero);
    }

    [Test]
    public async Task A_policy_step_beyond_the_flow_is_not_saved()
    {
        var incentives = IncentiveSettings.Default with { Policies = [.. IncentiveSettings.DefaultPolicies, new IncentivePolicy { Name = "late", Step = 7 }] };
        await using var db = _database.CreateContext();

        var errors = await new ShopSettingsStore(db, TimeProvider.System).SaveIncentivesAsync(_shopId, incentives, CancellationToken.None);

        Assert.That(errors.Select(e => e.ToString()), Is.EqualTo(new[] { "incentives.policies[2].step: the flow has 3 steps; there is no step 7." }));
    }
}
