using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.Tests.Recovery;

/// <summary>
/// Random interleavings of checkout updates (newer, older, repeated), step messages (due, duplicated, stale,
/// out of order) and orders, driven through the machine exactly as the handler drives it, but with no ledger
/// check: the machine alone must keep the promises.
/// </summary>
public sealed class JourneyMachinePropertyTests
{
    static readonly DateTimeOffset T0 = new(2026, 11, 23, 15, 0, 0, TimeSpan.Zero);

    sealed record Sent(int Step, DateTimeOffset At);

    sealed class Run
    {
        public required Journey Journey { get; init; }
        public List<JourneyStepDue> Scheduled { get; } = [];
        public List<Sent> Sends { get; } = [];
        public DateTimeOffset? RecoveredAt { get; set; }
    }

    static Run Simulate(int seed, FlowSettings flow)
    {
        var random = new Random(seed);
        var now = T0;
        var (journey, start) = JourneyMachine.Start(Guid.NewGuid(), 1, "USD", JourneyMachineTests.Checkout(T0), flow, now);
        var run = new Run { Journey = journey };
        if (start.Schedule is { } first)
            run.Scheduled.Add(JourneyMachineTests.Due(journey, first));
        var latestUpdate = T0;
        for (var i = 0; i < 60; i++)
        {
            now = now.AddMinutes(random.Next(0, 600));
            switch (random.Next(10))
            {
                case < 3:
                    // A checkout webhook: newer or (out of order) older than the last one.
                    var at = random.Next(3) == 0 ? latestUpdate.AddMinutes(-random.Next(1, 120)) : now;
                    if (at > latestUpdate)
                        latestUpdate = at;
                    if (JourneyMachine.ApplyCheckout(journey, JourneyMachineTests.Checkout(at), flow, now).Schedule is { } s)
                        run.Scheduled.Add(JourneyMachineTests.Due(journey, s));
                    break;
                case < 9 when run.Scheduled.Count > 0:
                    // Any step message ever scheduled may arrive (again), in any order.
                    var due = run.Scheduled[random.Next(run.Scheduled.Count)];
                    var decision = JourneyMachine.Decide(journey, due, flow, now);
                    if (decision.Verdict == StepVerdict.Proceed)
                    {
                        run.Sends.Add(new Sent(due.Step, now));
                        if (JourneyMachine.Advance(journey, due.Step, emailed: true, flow, now) is { } next)
                            run.Scheduled.Add(JourneyMachineTests.Due(journey, next));
                    }
                    else if (decision.Verdict == StepVerdict.Skip && JourneyMachine.Advance(journey, due.Step, false, flow, now) is { } after)
                    {
                        run.Scheduled.Add(JourneyMachineTests.Due(journey, after));
                    }
                    else if (decision.Verdict == StepVerdict.Expire)
                    {
                        JourneyMachine.Close(journey, JourneyStatus.Expired, CloseReasons.Expired, now);
                    }
                    break;
                case 9 when run.RecoveredAt is null && random.Next(3) == 0:
                    var order = new OrderSnapshot { OrderId = 42, Total = 10m, Currency = "USD", CreatedAt = now };
                    OrderRules.Apply(journey, order, new AttributionResult(Attribution.AfterSend, 1), 0m, now);
                    if (journey.Status == JourneyStatus.Recovered || journey.RecoveredOrderId == 42)
                        run.RecoveredAt = now;
                    break;
            }
        }
        return run;
    }

    static FlowSettings FlowFor(int variant) => (variant & 3) switch
    {
        0 => FlowSettings.Default,
        1 => FlowSettings.Default with { Steps = [new FlowStep { DelayMinutes = 30 }, new FlowStep { DelayMinutes = 90, Enabled = false }, new FlowStep { DelayMinutes = 600 }] },
        2 => FlowSettings.Default with { Steps = [new FlowStep { DelayMinutes = 5 }] },
        _ => FlowSettings.Default with { ExpireAfterDays = 1 },
    };

    [FsCheck.NUnit.Property(MaxTest = 500)]
    public bool Nothing_is_ever_sent_after_the_journey_is_recovered(int seed, int flowVariant)
    {
        var run = Simulate(seed, FlowFor(flowVariant));
        return run.RecoveredAt is not { } recovered || run.Sends.All(s => s.At <= recovered);
    }

    [FsCheck.NUnit.Property(MaxTest = 500)]
    public bool No_step_is_ever_sent_twice(int seed, int flowVariant)
    {
        var run = Simulate(seed, FlowFor(flowVariant));
        return run.Sends.Select(s => s.Step).Distinct().Count() == run.Sends.Count;
    }

    [FsCheck.NUnit.Property(MaxTest = 500)]
    public bool Steps_go_out_in_order_and_only_enabled_ones(int seed, int flowVariant)
    {
        var flow = FlowFor(flowVariant);
        var run = Simulate(seed, flow);
        var steps = run.Sends.Select(s => s.Step).ToList();
        return steps.SequenceEqual(steps.Order()) && steps.All(s => flow.Step(s).Enabled);
    }

    [Test]
    public void The_simulation_does_send_and_recover_in_most_runs_so_the_properties_are_not_vacuous()
    {
        var runs = Enumerable.Range(0, 300).Select(seed => Simulate(seed, FlowSettings.Default)).ToList();

        Assert.That(runs.Count(r => r.Sends.Count >= 2), Is.GreaterThan(100));
        Assert.That(runs.Count(r => r.RecoveredAt is not null && r.Sends.Count > 0), Is.GreaterThan(30));
    }
}
