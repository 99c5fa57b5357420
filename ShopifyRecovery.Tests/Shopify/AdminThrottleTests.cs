using ShopifyRecovery.Shopify.Admin;

namespace ShopifyRecovery.Tests.Shopify;

public sealed class AdminThrottleTests
{
    const string Shop = "bucket.myshopify.com";
    static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    static readonly AdminOperation Query = new("Query", "query Query { shop { name } }", EstimatedCost: 100);

    [Test]
    public void A_shop_never_heard_from_is_called_without_waiting()
    {
        var throttle = new AdminThrottle();
        Assert.That(throttle.Reserve(Shop, Query, Now), Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void The_wait_is_the_time_the_restore_rate_needs_to_cover_the_missing_points()
    {
        // Arrange: 40 points left, 100 per second restored, the query is estimated at 100
        var throttle = new AdminThrottle();
        throttle.Observe(Shop, Query, new QueryCost(0, null, new ThrottleStatus(2000, 40, 100)), Now);
        // Act
        var wait = throttle.Reserve(Shop, Query, Now);
        // Assert
        Assert.That(wait, Is.EqualTo(TimeSpan.FromSeconds(0.6)));
    }

    [Test]
    public void Points_restored_while_time_passed_count_towards_the_next_call()
    {
        // Arrange
        var throttle = new AdminThrottle();
        throttle.Observe(Shop, Query, new QueryCost(0, null, new ThrottleStatus(2000, 40, 100)), Now);
        // Act: one second later 140 points are back
        var wait = throttle.Reserve(Shop, Query, Now.AddSeconds(1));
        // Assert
        Assert.That(wait, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Concurrent_callers_for_one_shop_queue_up_behind_each_other()
    {
        // Arrange: a full bucket of 150 points
        var throttle = new AdminThrottle();
        throttle.Observe(Shop, Query, new QueryCost(0, null, new ThrottleStatus(150, 150, 50)), Now);
        // Act
        var waits = Enumerable.Range(0, 3).Select(_ => throttle.Reserve(Shop, Query, Now)).ToList();
        // Assert: 150 → 50 → −50 → −150: the second waits 1 s for 50 points, the third 3 s
        Assert.That(waits, Is.EqualTo(new[] { TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3) }));
    }

    [Test]
    public void The_cost_shopify_reports_for_an_operation_replaces_the_estimate()
    {
        // Arrange
        var throttle = new AdminThrottle();
        // Act
        throttle.Observe(Shop, Query, new QueryCost(352, 120, new ThrottleStatus(2000, 1800, 100)), Now);
        // Assert
        Assert.That(throttle.ExpectedCost(Query), Is.EqualTo(352));
    }

    [Test]
    public void Buckets_are_kept_per_shop()
    {
        var throttle = new AdminThrottle();
        throttle.Observe(Shop, Query, new QueryCost(100, null, new ThrottleStatus(1000, 0, 100)), Now);
        Assert.That(throttle.Reserve("other.myshopify.com", Query, Now), Is.EqualTo(TimeSpan.Zero));
        Assert.That(throttle.Reserve(Shop, Query, Now), Is.EqualTo(TimeSpan.FromSeconds(1)));
    }

    [TestCase(502, 2, 100, 5000)]
    [TestCase(1000, 0, 1000, 1000)]
    [TestCase(10, 50, 100, 100)]
    public void A_throttled_answer_waits_for_requested_minus_available_over_the_restore_rate(double requested, double available, double rate, int expectedMs) =>
        Assert.That(AdminThrottle.ThrottledWait(new QueryCost(requested, null, new ThrottleStatus(2000, available, rate))),
            Is.EqualTo(TimeSpan.FromMilliseconds(expectedMs)));

    [Test]
    public void A_throttled_answer_without_cost_details_waits_one_second() =>
        Assert.That(AdminThrottle.ThrottledWait(null), Is.EqualTo(TimeSpan.FromSeconds(1)));
}
