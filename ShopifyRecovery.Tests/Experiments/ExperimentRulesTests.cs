using ShopifyRecovery.Experiments;
using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.Tests.Experiments;

public sealed class ExperimentRulesTests
{
    static readonly RecoverySettings Settings = RecoverySettings.Default; // steps at 60, 1440 and 4320 minutes

    static ExperimentDraft SubjectTest(params ExperimentArm[] arms) => new()
    {
        Name = "Friendlier subject", Step = 1, Kind = ExperimentKind.Subject,
        Arms = arms.Length > 0 ? arms :
        [
            new ExperimentArm { Name = "control", IsControl = true },
            new ExperimentArm { Name = "friendly", Overrides = new() { Subject = "You left something behind" } },
        ],
    };

    static IEnumerable<string> Paths(ExperimentDraft draft) => ExperimentRules.Validate(draft, Settings).Select(e => e.Path);

    [Test]
    public void A_subject_test_with_a_control_and_one_challenger_is_valid() =>
        Assert.That(ExperimentRules.Validate(SubjectTest(), Settings), Is.Empty);

    [Test]
    public void An_experiment_needs_exactly_one_control() =>
        Assert.That(Paths(SubjectTest(
            new ExperimentArm { Name = "a", Overrides = new() { Subject = "A" } },
            new ExperimentArm { Name = "b", Overrides = new() { Subject = "B" } })), Does.Contain("arms"));

    [Test]
    public void An_arm_may_only_change_what_the_experiment_tests()
    {
        var errors = ExperimentRules.Validate(SubjectTest(
            new ExperimentArm { Name = "control", IsControl = true },
            new ExperimentArm { Name = "b", Overrides = new() { Subject = "B", DelayMinutes = 30 } }), Settings);

        Assert.That(errors.Select(e => e.ToString()), Has.One.Contains("arms[1].overrides.delayMinutes").And.Contains("one thing at a time"));
    }

    [Test]
    public void Arm_names_are_unique_and_free_of_the_ledger_key_separator()
    {
        var paths = Paths(SubjectTest(
            new ExperimentArm { Name = "control", IsControl = true },
            new ExperimentArm { Name = "Control", Overrides = new() { Subject = "B" } },
            new ExperimentArm { Name = "c:1", Overrides = new() { Subject = "C" } }));

        Assert.That(paths, Does.Contain("arms[1].name").And.Contain("arms[2].name"));
    }

    [Test]
    public void Two_arms_with_the_same_treatment_are_refused() =>
        Assert.That(Paths(SubjectTest(
            new ExperimentArm { Name = "control", IsControl = true },
            new ExperimentArm { Name = "b", Overrides = new() { Subject = "Same" } },
            new ExperimentArm { Name = "c", Overrides = new() { Subject = "Same" } })), Does.Contain("arms[2].overrides"));

    [Test]
    public void The_first_step_cannot_test_incentives_because_it_never_carries_a_discount()
    {
        var draft = new ExperimentDraft
        {
            Name = "Discount", Step = 1, Kind = ExperimentKind.Incentive,
            Arms = [new ExperimentArm { Name = "none", IsControl = true }, new ExperimentArm { Name = "std", Overrides = new() { IncentivePolicy = "standard" } }],
        };
        Assert.That(Paths(draft), Does.Contain("step"));
    }

    [Test]
    public void An_incentive_arm_must_name_one_of_the_shops_policies()
    {
        var draft = new ExperimentDraft
        {
            Name = "Discount", Step = 3, Kind = ExperimentKind.Incentive,
            Arms = [new ExperimentArm { Name = "none", IsControl = true }, new ExperimentArm { Name = "big", Overrides = new() { IncentivePolicy = "huge" } }],
        };

        var errors = ExperimentRules.Validate(draft, Settings);

        Assert.That(errors.Single().ToString(), Does.Contain("'huge' is not one of the shop's incentive policies (none, standard)"));
    }

    [TestCase(2000, true, TestName = "A delay between the neighbouring steps fits the flow")]
    [TestCase(60, false, TestName = "A delay not after the previous step does not fit")]
    [TestCase(5000, false, TestName = "A delay not before the next step does not fit")]
    public void A_send_delay_arm_must_leave_a_valid_flow(int delayMinutes, bool valid)
    {
        var draft = new ExperimentDraft
        {
            Name = "Later reminder", Step = 2, Kind = ExperimentKind.SendDelay,
            Arms = [new ExperimentArm { Name = "now", IsControl = true }, new ExperimentArm { Name = "later", Overrides = new() { DelayMinutes = delayMinutes } }],
        };
        Assert.That(ExperimentRules.Validate(draft, Settings), valid ? Is.Empty : Is.Not.Empty);
    }

    [Test]
    public void A_content_variant_winner_becomes_the_steps_template_variant()
    {
        var experiment = new Experiment { Name = "x", Step = 2, Kind = ExperimentKind.ContentVariant, Arms = [] };
        var winner = new ExperimentArm { Name = "story", Overrides = new() { TemplateVariant = "story" } };

        var flow = ExperimentRules.RolloutFlow(experiment, winner, FlowSettings.Default)!;

        Assert.Multiple(() =>
        {
            Assert.That(flow.Step(2).TemplateVariant, Is.EqualTo("story"));
            Assert.That(flow.Step(1), Is.EqualTo(FlowSettings.Default.Step(1)));
            Assert.That(flow.Step(3), Is.EqualTo(FlowSettings.Default.Step(3)));
        });
    }

    [Test]
    public void A_winning_control_without_overrides_changes_nothing_in_the_flow() =>
        Assert.That(ExperimentRules.RolloutFlow(
            new Experiment { Name = "x", Step = 2, Kind = ExperimentKind.SendDelay, Arms = [] },
            new ExperimentArm { Name = "control", IsControl = true }, FlowSettings.Default), Is.Null);
}
