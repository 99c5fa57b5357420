using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ShopifyRecovery.Experiments;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Tests.Analytics;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Experiments;

/// <summary>Experiments over a real SQLite file: sends recorded with the arm's ledger key, orders on the journeys.</summary>
public sealed class ExperimentServiceTests
{
    static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    TestDatabase _database = null!;
    RecoveryDbContext _db = null!;
    FakeTimeProvider _clock = null!;
    Shop _shop = null!;

    [SetUp]
    public async Task CreateDatabase()
    {
        _database = await TestDatabase.CreateAsync();
        _db = _database.CreateContext();
        _clock = new FakeTimeProvider(Monday);
        _shop = await ReportData.AddShopAsync(_db, "experiments.myshopify.com");
    }

    [TearDown]
    public async Task DeleteDatabase()
    {
        await _db.DisposeAsync();
        await _database.DisposeAsync();
    }

    ExperimentService Service(ExperimentsOptions? options = null) =>
        new(_db, new ShopSettingsStore(_db, _clock), _clock, Options.Create(options ?? new ExperimentsOptions()), NullLogger<ExperimentService>.Instance);

    static ExperimentDraft ContentTest(bool autoDeclare = false) => new()
    {
        Name = "Story-led second email", Step = 2, Kind = ExperimentKind.ContentVariant, AutoDeclare = autoDeclare,
        Arms =
        [
            new ExperimentArm { Name = "control", IsControl = true },
            new ExperimentArm { Name = "story", Overrides = new() { TemplateVariant = "story" } },
        ],
    };

    async Task<ExperimentView> StartedAsync(ExperimentDraft draft)
    {
        var service = Service();
        var created = (ExperimentChange.Done)await service.CreateAsync(_shop.Id, draft, CancellationToken.None);
        return ((ExperimentChange.Done)await service.StartAsync(_shop.Id, created.Experiment.Id, CancellationToken.None)).Experiment;
    }

    /// <summary>Sends of one arm at step 2, the first <paramref name="recovered"/> of them followed by an order.</summary>
    async Task SendAsync(long experimentId, string arm, int sends, int recovered, decimal paid = 90m, decimal discountCost = 0m,
        DateTimeOffset? at = null, int opened = 0)
    {
        var data = new ReportData(_db);
        for (var i = 0; i < sends; i++)
        {
            var journey = data.Journey(_shop.Id, (at ?? Monday).AddHours(-24));
            data.Send(journey, 2, at ?? Monday.AddHours(1), delivered: true, opened: i < opened, arm: Experiment.LedgerKeyFor(experimentId, arm));
            if (i < recovered)
                ReportData.Recover(journey, (at ?? Monday).AddHours(3), Attribution.AfterSend, 2, paid, discountCost);
        }
        await data.SaveAsync();
    }

    [Test]
    public async Task Results_count_each_arms_sends_and_orders_and_test_the_challenger_against_the_control()
    {
        // Arrange: 40 of 400 recovered under the control, 70 of 400 under the story variant
        var experiment = await StartedAsync(ContentTest());
        await SendAsync(experiment.Id, "control", 400, 40, opened: 100);
        await SendAsync(experiment.Id, "story", 400, 70, paid: 80m, discountCost: 8m);

        // Act
        var results = (await Service().ResultsAsync(_shop.Id, experiment.Id, CancellationToken.None))!;

        // Assert: expected values computed independently (see StatisticsTests)
        var control = results.Arms.Single(a => a.Name == "control");
        var story = results.Arms.Single(a => a.Name == "story");
        Assert.Multiple(() =>
        {
            Assert.That(results.EnoughData, Is.True);
            Assert.That((control.Sends, control.Opens, control.RecoveredOrders), Is.EqualTo((400L, 100L, 40L)));
            Assert.That((story.Sends, story.RecoveredOrders), Is.EqualTo((400L, 70L)));
            Assert.That(story.Revenue, Is.EqualTo(70 * 88m), "before our codes");
            Assert.That(story.DiscountCost, Is.EqualTo(70 * 8m));
            Assert.That(story.NetRevenue, Is.EqualTo(70 * 80m));
            Assert.That(story.NetRevenuePerSend, Is.EqualTo(14m));
            Assert.That(control.NetRevenuePerSend, Is.EqualTo(9m));
            Assert.That(story.Conversion, Is.EqualTo(0.175).Within(1e-12));
            Assert.That(story.ConversionLow, Is.EqualTo(0.14090420159304531).Within(1e-9));
            Assert.That(story.ConversionHigh, Is.EqualTo(0.21527878972424738).Within(1e-9));
            Assert.That(control.VsControl, Is.Null);
            Assert.That(story.VsControl!.Z, Is.EqualTo(3.0799620140360715).Within(1e-9));
            Assert.That(story.VsControl.PValue, Is.EqualTo(0.0020702699733781307).Within(1e-9));
            Assert.That(story.VsControl.CiLow, Is.EqualTo(0.027556825804437753).Within(1e-9));
            Assert.That(story.VsControl.CiHigh, Is.EqualTo(0.12244317419556222).Within(1e-9));
            Assert.That(story.VsControl.Significant, Is.True);
        });
    }

    [Test]
    public async Task Until_every_arm_has_enough_data_the_results_say_so_and_compare_nothing()
    {
        var experiment = await StartedAsync(ContentTest());
        await SendAsync(experiment.Id, "control", 60, 6);
        await SendAsync(experiment.Id, "story", 60, 12);

        var results = (await Service().ResultsAsync(_shop.Id, experiment.Id, CancellationToken.None))!;

        Assert.Multiple(() =>
        {
            Assert.That(results.EnoughData, Is.False);
            Assert.That(results.Arms.Select(a => a.VsControl), Has.All.Null);
            Assert.That(results.Arms.Single(a => a.Name == "story").RecoveredOrders, Is.EqualTo(12), "the counts are still shown");
            Assert.That(results.SuggestedWinner, Is.Null);
        });
    }

    [Test]
    public async Task Another_experiments_arm_of_the_same_name_does_not_leak_into_the_results()
    {
        var experiment = await StartedAsync(ContentTest());
        await SendAsync(experiment.Id, "story", 10, 1);
        await SendAsync(experiment.Id + 100, "story", 50, 50);

        var results = (await Service().ResultsAsync(_shop.Id, experiment.Id, CancellationToken.None))!;

        Assert.That(results.Arms.Single(a => a.Name == "story").Sends, Is.EqualTo(10));
    }

    [Test]
    public async Task Declaring_a_content_winner_ends_the_test_and_makes_the_variant_the_flows_own()
    {
        // Arrange
        var experiment = await StartedAsync(ContentTest());
        await SendAsync(experiment.Id, "story", 10, 2);
        _clock.Advance(TimeSpan.FromDays(10));

        // Act
        var change = await Service().DeclareWinnerAsync(_shop.Id, experiment.Id, "story", CancellationToken.None);
        await SendAsync(experiment.Id, "story", 25, 0, at: _clock.GetUtcNow().AddHours(1)); // sends after the winner

        // Assert
        var declared = ((ExperimentChange.Done)change).Experiment;
        var flow = (await new ShopSettingsStore(_db, _clock).LoadAsync(_shop.Id, CancellationToken.None)).Flow;
        var results = (await Service().ResultsAsync(_shop.Id, experiment.Id, CancellationToken.None))!;
        Assert.Multiple(() =>
        {
            Assert.That(declared.Status, Is.EqualTo(ExperimentStatus.WinnerDeclared));
            Assert.That(declared.Winner, Is.EqualTo("story"));
            Assert.That(declared.WinnerReason, Is.EqualTo("declared by the merchant"));
            Assert.That(declared.EndedAt, Is.EqualTo(_clock.GetUtcNow()));
            Assert.That(flow.Step(2).TemplateVariant, Is.EqualTo("story"));
            Assert.That(flow.Step(1).TemplateVariant, Is.EqualTo("default"));
            Assert.That(results.Arms.Single(a => a.Name == "story").Sends, Is.EqualTo(10), "rollout sends are not the test's");
        });
    }

    [Test]
    public async Task A_rolled_out_content_winner_is_carried_by_the_flow_not_by_the_assigner()
    {
        var experiment = await StartedAsync(ContentTest());
        await Service().DeclareWinnerAsync(_shop.Id, experiment.Id, "story", CancellationToken.None);

        var assignment = await new ExperimentAssigner(_db).AssignAsync(_shop.Id, Guid.NewGuid(), 2, CancellationToken.None);

        Assert.That(assignment, Is.Null);
    }

    [Test]
    public async Task A_delay_winner_that_no_longer_fits_the_flow_is_refused_and_the_test_keeps_running()
    {
        // Arrange: the test moves step 2 to 30 hours; meanwhile the merchant moved step 3 to 26 hours
        var draft = new ExperimentDraft
        {
            Name = "Later second email", Step = 2, Kind = ExperimentKind.SendDelay,
            Arms = [new ExperimentArm { Name = "control", IsControl = true }, new ExperimentArm { Name = "later", Overrides = new() { DelayMinutes = 30 * 60 } }],
        };
        var experiment = await StartedAsync(draft);
        var store = new ShopSettingsStore(_db, _clock);
        var steps = FlowSettings.Default.Steps.ToList();
        steps[2] = steps[2] with { DelayMinutes = 26 * 60 };
        Assert.That(await store.SaveFlowAsync(_shop.Id, FlowSettings.Default with { Steps = steps }, CancellationToken.None), Is.Empty);

        // Act
        var change = await Service().DeclareWinnerAsync(_shop.Id, experiment.Id, "later", CancellationToken.None);

        // Assert
        var stored = await _db.Set<Experiment>().AsNoTracking().SingleAsync(e => e.Id == experiment.Id);
        Assert.Multiple(() =>
        {
            Assert.That(change, Is.TypeOf<ExperimentChange.Invalid>());
            Assert.That(stored.Status, Is.EqualTo(ExperimentStatus.Running));
        });
    }

    [Test]
    public async Task Only_one_experiment_runs_on_a_step_at_a_time()
    {
        await StartedAsync(ContentTest());
        var second = (ExperimentChange.Done)await Service().CreateAsync(_shop.Id, ContentTest() with { Name = "Another" }, CancellationToken.None);

        var change = await Service().StartAsync(_shop.Id, second.Experiment.Id, CancellationToken.None);

        Assert.That(change, Is.TypeOf<ExperimentChange.Conflict>());
    }

    [Test]
    public async Task The_unique_index_refuses_a_second_running_experiment_even_if_the_check_is_raced()
    {
        await StartedAsync(ContentTest());
        var sneaky = new Experiment
        {
            ShopId = _shop.Id, Name = "raced", Step = 2, Kind = ExperimentKind.Subject, Status = ExperimentStatus.Running,
            CreatedAt = Monday, StartedAt = Monday, Arms = ContentTest().Arms,
        };
        _db.Add(sneaky);

        Assert.ThrowsAsync<DbUpdateException>(() => _db.SaveChangesAsync());
    }

    [Test]
    public async Task A_significant_winner_with_better_net_revenue_is_declared_automatically_after_a_week()
    {
        // Arrange
        var experiment = await StartedAsync(ContentTest(autoDeclare: true));
        await SendAsync(experiment.Id, "control", 400, 40);
        await SendAsync(experiment.Id, "story", 400, 70);
        var service = Service();

        // Act: not before the minimum duration, then after it
        var early = await service.AutoDeclareAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromDays(8));
        var later = await service.AutoDeclareAsync(CancellationToken.None);

        // Assert
        var stored = await _db.Set<Experiment>().AsNoTracking().SingleAsync(e => e.Id == experiment.Id);
        var flow = (await new ShopSettingsStore(_db, _clock).LoadAsync(_shop.Id, CancellationToken.None)).Flow;
        Assert.Multiple(() =>
        {
            Assert.That(early, Is.Zero);
            Assert.That(later, Is.EqualTo(1));
            Assert.That(stored.Winner, Is.EqualTo("story"));
            Assert.That(stored.WinnerReason, Does.StartWith("automatic:"));
            Assert.That(flow.Step(2).TemplateVariant, Is.EqualTo("story"));
        });
    }

    [Test]
    public async Task A_challenger_that_buys_its_orders_at_a_loss_is_not_declared_automatically()
    {
        // Arrange: the challenger converts more, but its codes leave less net revenue per send (70 × 40 < 40 × 90)
        var experiment = await StartedAsync(ContentTest(autoDeclare: true));
        await SendAsync(experiment.Id, "control", 400, 40, paid: 90m);
        await SendAsync(experiment.Id, "story", 400, 70, paid: 40m, discountCost: 50m);
        _clock.Advance(TimeSpan.FromDays(8));

        // Act
        var declared = await Service().AutoDeclareAsync(CancellationToken.None);

        // Assert
        Assert.That(declared, Is.Zero);
    }

    [Test]
    public async Task An_experiment_without_auto_declare_waits_for_the_merchant()
    {
        var experiment = await StartedAsync(ContentTest(autoDeclare: false));
        await SendAsync(experiment.Id, "control", 400, 40);
        await SendAsync(experiment.Id, "story", 400, 70);
        _clock.Advance(TimeSpan.FromDays(8));

        var declared = await Service().AutoDeclareAsync(CancellationToken.None);
        var results = (await Service().ResultsAsync(_shop.Id, experiment.Id, CancellationToken.None))!;

        Assert.Multiple(() =>
        {
            Assert.That(declared, Is.Zero);
            Assert.That(results.SuggestedWinner?.Arm, Is.EqualTo("story"), "the page still suggests it");
        });
    }

    [Test]
    public async Task A_draft_that_no_longer_fits_the_flow_cannot_start()
    {
        var created = (ExperimentChange.Done)await Service().CreateAsync(_shop.Id, ContentTest(), CancellationToken.None);
        var steps = FlowSettings.Default.Steps.ToList();
        steps[1] = steps[1] with { Enabled = false };
        Assert.That(await new ShopSettingsStore(_db, _clock).SaveFlowAsync(_shop.Id, FlowSettings.Default with { Steps = steps }, CancellationToken.None), Is.Empty);

        var change = await Service().StartAsync(_shop.Id, created.Experiment.Id, CancellationToken.None);

        Assert.That(change, Is.TypeOf<ExperimentChange.Invalid>());
    }
}
