using ShopifyRecovery.Experiments;
using ShopifyRecovery.Tests.Analytics;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Experiments;

public sealed class ExperimentAssignerTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    static Experiment SubjectTest(long id, ExperimentStatus status, string? winner = null, int step = 1) => new()
    {
        Id = id, ShopId = 1, Name = "subject", Step = step, Kind = ExperimentKind.Subject, Status = status, Winner = winner,
        CreatedAt = Start, StartedAt = Start, EndedAt = status == ExperimentStatus.WinnerDeclared ? Start.AddDays(14) : null,
        Arms =
        [
            new ExperimentArm { Name = "control", IsControl = true },
            new ExperimentArm { Name = "friendly", Overrides = new() { Subject = "You left something behind" } },
        ],
    };

    static Experiment DelayTest(long id) => new()
    {
        Id = id, ShopId = 1, Name = "delay", Step = 1, Kind = ExperimentKind.SendDelay, Status = ExperimentStatus.Running,
        CreatedAt = Start, StartedAt = Start.AddDays(20),
        Arms = [new ExperimentArm { Name = "now", IsControl = true }, new ExperimentArm { Name = "later", Weight = 1000, Overrides = new() { DelayMinutes = 120 } }],
    };

    [Test]
    public void A_journey_in_a_running_test_gets_its_arms_overrides_and_the_key_to_record()
    {
        var experiment = SubjectTest(7, ExperimentStatus.Running);
        var journey = Guid.NewGuid();

        var assignment = ExperimentAssigner.Assign([experiment], journey)!;

        var arm = ArmPicker.Pick(7, journey, experiment.Arms);
        Assert.Multiple(() =>
        {
            Assert.That(assignment.ExperimentId, Is.EqualTo(7));
            Assert.That(assignment.Arm, Is.EqualTo(arm.Name));
            Assert.That(assignment.LedgerKey, Is.EqualTo($"7:{arm.Name}"));
            Assert.That(assignment.Overrides, Is.EqualTo(arm.Overrides));
        });
    }

    [Test]
    public void A_journey_in_a_delay_tests_treatment_arm_has_its_step_rescheduled_and_the_arm_named_for_that_step()
    {
        var flow = ShopifyRecovery.Recovery.FlowSettings.Default;
        var test = DelayTest(9); // "later" weighs 1000 to 1: practically every journey falls in it
        var journey = Enumerable.Range(0, 50).Select(_ => Guid.NewGuid()).First(j => ArmPicker.Pick(9, j, test.Arms).Name == "later");
        var control = Enumerable.Range(0, 5000).Select(_ => Guid.NewGuid()).First(j => ArmPicker.Pick(9, j, test.Arms).Name == "now");

        var treated = ExperimentAssigner.FlowFor([test], journey, flow);
        var untreated = ExperimentAssigner.FlowFor([test], control, flow);

        Assert.Multiple(() =>
        {
            Assert.That(treated.Flow.Step(1).DelayMinutes, Is.EqualTo(120));
            Assert.That(treated.Flow.Step(2), Is.EqualTo(flow.Step(2)), "other steps keep theirs");
            Assert.That(treated.DelayArmFor(1), Is.EqualTo("9:later"));
            Assert.That(treated.DelayArmFor(2), Is.Null);
            Assert.That(untreated.Flow, Is.EqualTo(flow));
            Assert.That(untreated.DelayArmFor(1), Is.EqualTo("9:now"), "the control is part of the test too");
            Assert.That(ExperimentAssigner.FlowFor([], journey, flow).Flow, Is.EqualTo(flow));
        });
    }

    [Test]
    public void Without_experiments_there_is_no_assignment() =>
        Assert.That(ExperimentAssigner.Assign([], Guid.NewGuid()), Is.Null);

    [Test]
    public void A_rolled_out_subject_winner_keeps_applying_and_nothing_is_recorded_as_a_test()
    {
        var assignment = ExperimentAssigner.Assign([SubjectTest(7, ExperimentStatus.WinnerDeclared, winner: "friendly")], Guid.NewGuid())!;

        Assert.Multiple(() =>
        {
            Assert.That(assignment.Overrides.Subject, Is.EqualTo("You left something behind"));
            Assert.That(assignment.LedgerKey, Is.Null);
        });
    }

    [Test]
    public void A_running_test_on_a_step_with_a_rolled_out_subject_adds_its_own_change_on_top()
    {
        // The delay test's heavy arm gets nearly every journey
        var assignment = ExperimentAssigner.Assign(
            [SubjectTest(7, ExperimentStatus.WinnerDeclared, winner: "friendly"), DelayTest(8)], Guid.NewGuid())!;

        Assert.Multiple(() =>
        {
            Assert.That(assignment.ExperimentId, Is.EqualTo(8));
            Assert.That(assignment.Overrides.Subject, Is.EqualTo("You left something behind"));
            Assert.That(assignment.LedgerKey, Does.StartWith("8:"));
        });
    }

    [Test]
    public async Task The_assigner_only_looks_at_the_shops_experiments_on_that_step()
    {
        // Arrange
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        var shop = await ReportData.AddShopAsync(db, "assign.myshopify.com");
        var other = await ReportData.AddShopAsync(db, "other.myshopify.com");
        var onStep2 = SubjectTest(0, ExperimentStatus.Running, step: 2);
        onStep2.ShopId = shop.Id;
        var otherShops = SubjectTest(0, ExperimentStatus.Running);
        otherShops.ShopId = other.Id;
        db.AddRange(onStep2, otherShops);
        await db.SaveChangesAsync();
        var assigner = new ExperimentAssigner(db);
        var journey = Guid.NewGuid();

        // Act
        var step1 = await assigner.AssignAsync(shop.Id, journey, 1, CancellationToken.None);
        var step2 = await assigner.AssignAsync(shop.Id, journey, 2, CancellationToken.None);
        var again = await assigner.AssignAsync(shop.Id, journey, 2, CancellationToken.None);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(step1, Is.Null);
            Assert.That(step2!.ExperimentId, Is.EqualTo(onStep2.Id));
            Assert.That(again, Is.EqualTo(step2));
        });
    }
}
