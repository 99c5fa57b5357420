using ShopifyRecovery.Analytics;

namespace ShopifyRecovery.Tests.Analytics;

public sealed class HoldoutLiftTests
{
    [Test]
    public void Lift_is_treated_minus_holdout_conversion_with_the_unpooled_interval()
    {
        // Arrange: 120 of 1000 emailed checkouts converted, 100 of 1000 held out
        var treated = new ArmOutcome(1000, 120, GrossRevenue: 12_000m, DiscountCost: 600m);
        var holdout = new ArmOutcome(1000, 100, GrossRevenue: 9_000m, DiscountCost: 0m);

        // Act
        var lift = HoldoutLift.Measure(treated, holdout);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(lift.EnoughData, Is.True);
            Assert.That(lift.TreatedConversion, Is.EqualTo(0.12).Within(1e-12));
            Assert.That(lift.HoldoutConversion, Is.EqualTo(0.10).Within(1e-12));
            Assert.That(lift.Difference, Is.EqualTo(0.02).Within(1e-12));
            Assert.That(lift.CiLow, Is.EqualTo(-0.007411481998019932).Within(1e-9));
            Assert.That(lift.CiHigh, Is.EqualTo(0.04741148199801991).Within(1e-9));
            Assert.That(lift.PValue, Is.EqualTo(0.1529177818639462).Within(1e-9));
        });
    }

    [Test]
    public void Incremental_revenue_per_checkout_compares_revenue_per_abandoned_checkout_and_net_takes_off_the_codes()
    {
        // Arrange: per checkout, the emailed arm brought 12.00 at full price (11.40 paid), the holdout 9.00
        var treated = new ArmOutcome(1000, 120, GrossRevenue: 12_000m, DiscountCost: 600m);
        var holdout = new ArmOutcome(1000, 100, GrossRevenue: 9_000m, DiscountCost: 0m);

        // Act
        var lift = HoldoutLift.Measure(treated, holdout);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(lift.IncrementalRevenuePerCheckout, Is.EqualTo(3.00m));
            Assert.That(lift.IncrementalNetRevenuePerCheckout, Is.EqualTo(2.40m));
            Assert.That(lift.IncrementalOrders, Is.EqualTo(20).Within(1e-9));
            Assert.That(lift.DiscountCostPerIncrementalOrder, Is.EqualTo(30m));
        });
    }

    [Test]
    public void Without_enough_holdout_conversions_no_comparative_figure_is_claimed()
    {
        var treated = new ArmOutcome(5000, 600, 60_000m, 1_000m);
        var holdout = new ArmOutcome(250, 4, 400m, 0m);

        var lift = HoldoutLift.Measure(treated, holdout);

        Assert.Multiple(() =>
        {
            Assert.That(lift.EnoughData, Is.False);
            Assert.That(lift.HoldoutConversion, Is.EqualTo(4 / 250.0).Within(1e-12));
            Assert.That(lift.Difference, Is.Null);
            Assert.That(lift.CiLow, Is.Null);
            Assert.That(lift.IncrementalRevenuePerCheckout, Is.Null);
            Assert.That(lift.IncrementalNetRevenuePerCheckout, Is.Null);
        });
    }

    [Test]
    public void A_shop_without_a_holdout_has_no_lift_and_says_so()
    {
        var lift = HoldoutLift.Measure(new ArmOutcome(10_000, 900, 90_000m, 0m), ArmOutcome.Empty);
        Assert.Multiple(() =>
        {
            Assert.That(lift.EnoughData, Is.False);
            Assert.That(lift.HoldoutJourneys, Is.Zero);
            Assert.That(lift.HoldoutConversion, Is.Zero);
        });
    }
}
