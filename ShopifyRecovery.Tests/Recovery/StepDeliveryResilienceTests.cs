using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Email;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Tests.Recovery;

/// <summary>Crashes, provider failures and duplicate deliveries: never a second email, never a second code, nothing lost.</summary>
public sealed class StepDeliveryResilienceTests
{
    RecoveryHarness _h = null!;
    static readonly DateTimeOffset T0 = RecoveryHarness.Start;

    [SetUp]
    public async Task SetUp() => _h = await RecoveryHarness.CreateAsync();

    [TearDown]
    public async Task TearDown() => await _h.DisposeAsync();

    [Test]
    public async Task A_crash_between_the_ledger_commit_and_the_send_is_resumed_with_exactly_one_email()
    {
        _h.Templates.FailNextRenders = 1;
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("crash", T0));

        await _h.RunAsync(TimeSpan.FromHours(2));

        Assert.That(_h.HandlerErrors, Has.Count.EqualTo(1), "the first delivery died after committing the pending row");
        Assert.That(_h.Delivered, Has.Count.EqualTo(1));
        var row = (await _h.LedgerAsync("crash")).Single();
        Assert.That((row.Status, row.Attempts), Is.EqualTo((SendStatusKind.Sent, 1)));
    }

    [Test]
    public async Task A_provider_call_cut_off_by_a_crash_is_settled_as_unknown_and_never_repeated()
    {
        _h.SendScript.Enqueue(_ => throw new TaskCanceledException("process killed mid-request"));
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("cutoff", T0));

        await _h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(_h.ProviderCalls.Count(c => c.Message.CustomArgs["step"] == "1"), Is.Zero, "the cut-off call never returned");
        Assert.That(SendCallsForStep(1), Is.EqualTo(1));
        var ledger = await _h.LedgerAsync("cutoff");
        Assert.That(ledger.Select(s => (s.Step, s.Status)), Is.EqualTo(new[] { (1, SendStatusKind.Unknown), (2, SendStatusKind.Sent), (3, SendStatusKind.Sent) }));
        Assert.That(_h.DeadLetters, Is.Empty);
    }

    [Test]
    public async Task A_rate_limited_send_is_retried_until_it_goes_out_once()
    {
        _h.SendScript.Enqueue(_ => new SendResult(SendStatus.TransientFailure, Error: "429 Too Many Requests", RetryAfter: TimeSpan.FromSeconds(10)));
        _h.SendScript.Enqueue(_ => new SendResult(SendStatus.TransientFailure, Error: "connection refused"));
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("r429", T0));

        await _h.RunAsync(TimeSpan.FromHours(2));

        Assert.That(_h.ProviderCalls.Select(c => c.Result), Is.EqualTo(new[] { SendStatus.TransientFailure, SendStatus.TransientFailure, SendStatus.Sent }));
        Assert.That(_h.Delivered, Has.Count.EqualTo(1));
        var row = (await _h.LedgerAsync("r429")).Single();
        Assert.That((row.Status, row.Attempts, row.AttemptedAt), Is.EqualTo((SendStatusKind.Sent, 3, (DateTimeOffset?)_h.ProviderCalls[2].At)));
    }

    [Test]
    public async Task An_ambiguous_provider_outcome_is_never_resent_and_the_journey_moves_on()
    {
        _h.SendScript.Enqueue(_ => new SendResult(SendStatus.Unknown, Error: "timeout after the body was sent"));
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("unknown", T0));

        await _h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(_h.ProviderCalls.Count(c => c.Message.CustomArgs["step"] == "1"), Is.EqualTo(1));
        var ledger = await _h.LedgerAsync("unknown");
        Assert.That(ledger.Select(s => s.Status), Is.EqualTo(new[] { SendStatusKind.Unknown, SendStatusKind.Sent, SendStatusKind.Sent }));
        Assert.That(ledger[0].Error, Does.Contain("timeout"));
        Assert.That((await _h.JourneyAsync("unknown")).StepsSent, Is.EqualTo(3), "an unknown outcome counts as possibly sent");
    }

    [Test]
    public async Task A_permanent_refusal_is_recorded_as_failed_and_not_retried()
    {
        _h.SendScript.Enqueue(_ => new SendResult(SendStatus.PermanentFailure, Error: "400 invalid address"));
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("perm", T0));

        await _h.RunAsync(TimeSpan.FromHours(2));

        Assert.That(_h.ProviderCalls, Has.Count.EqualTo(1));
        var row = (await _h.LedgerAsync("perm")).Single();
        Assert.That((row.Status, row.Error), Is.EqualTo((SendStatusKind.Failed, (string?)"400 invalid address")));
    }

    [Test]
    public async Task Shopify_user_errors_on_the_code_send_the_email_without_it()
    {
        _h.Admin.RejectCreates = true;
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("reject", T0, total: 200m));

        await _h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(_h.Delivered, Has.Count.EqualTo(3));
        Assert.That(_h.Templates.Models.Select(m => m.Discount), Is.All.Null);
        var codes = await _h.QueryAsync(db => db.Set<IssuedDiscount>().Select(d => d.Status).ToListAsync());
        Assert.That(codes, Is.EqualTo(new[] { DiscountStatus.Failed, DiscountStatus.Failed }));
        Assert.That(_h.Admin.CreateCalls, Has.Count.EqualTo(2), "each code is tried once; a rejection is not retried");
        Assert.That((await _h.LedgerAsync("reject"))[2].DiscountCode, Is.Null);
    }

    [Test]
    public async Task A_step_message_delivered_twice_even_while_the_first_is_pending_sends_once()
    {
        _h.Templates.FailNextRenders = 1;
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("twice", T0));
        await _h.RunAsync(TimeSpan.FromHours(1));
        var stepMessage = _h.DeliveredMessageIds.Single(id => id.StartsWith("journey-step:", StringComparison.Ordinal));

        // The broker hands the same message to a second consumer while the first is still in its retry backoff.
        await _h.RedeliverAsync(stepMessage);
        await _h.RunAsync(TimeSpan.FromHours(1));
        await _h.RedeliverAsync(stepMessage);

        Assert.That(SendCallsForStep(1), Is.EqualTo(1));
        Assert.That((await _h.LedgerAsync("twice")).Single().Status, Is.EqualTo(SendStatusKind.Sent));
    }

    [Test]
    public async Task An_order_landing_between_the_plan_and_the_send_stops_the_email()
    {
        _h.Templates.FailNextRenders = 1;
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("between", T0));
        await _h.RunAsync(TimeSpan.FromHours(1));
        Assert.That((await _h.LedgerAsync("between")).Single().Status, Is.EqualTo(SendStatusKind.Pending));

        await _h.WebhookAsync(ShopifyTopics.OrdersCreate, Payloads.Order(1, "between", createdAt: _h.Clock.GetUtcNow()));
        await _h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(_h.ProviderCalls, Is.Empty);
        var row = (await _h.LedgerAsync("between")).Single();
        Assert.That((row.Status, row.SkipReason), Is.EqualTo((SendStatusKind.Skipped, (string?)SkipReasons.JourneyClosedBeforeSend)));
    }

    [Test]
    public async Task A_checkout_update_racing_the_settle_still_leaves_exactly_one_next_step()
    {
        await _h.WebhookAsync(ShopifyTopics.CheckoutsCreate, Payloads.Checkout("race", T0));
        await _h.RunAsync(TimeSpan.FromHours(1));
        // Activity right after step 1: step 2 is rescheduled from it.
        await _h.WebhookAsync(ShopifyTopics.CheckoutsUpdate, Payloads.Checkout("race", T0.AddHours(1).AddMinutes(5)));

        await _h.RunAsync(TimeSpan.FromDays(5));

        Assert.That(_h.ProviderCalls.Select(c => c.At), Is.EqualTo(new[] { T0.AddHours(1), T0.AddHours(25).AddMinutes(5), T0.AddHours(73).AddMinutes(5) }));
    }

    /// <summary>Calls to the provider, including ones that never returned.</summary>
    int SendCallsForStep(int step) => _h.Sender.Invocations
        .Where(i => i.Method.Name == nameof(IEmailSender.SendAsync))
        .Count(i => ((EmailMessage)i.Arguments[0]).CustomArgs["step"] == step.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
