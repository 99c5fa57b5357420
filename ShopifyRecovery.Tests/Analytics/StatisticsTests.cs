using ShopifyRecovery.Analytics;

namespace ShopifyRecovery.Tests.Analytics;

/// <summary>
/// Expected values were computed independently (Python's math.erfc for Φ, bisection on it for the quantile, and the
/// textbook formulas by hand in floating point), not by this code.
/// </summary>
public sealed class StatisticsTests
{
    const double Tight = 1e-9;

    [TestCase(0.0, 0.5)]
    [TestCase(1.0, 0.8413447460685429)]
    [TestCase(1.96, 0.9750021048517795)]
    [TestCase(-1.96, 0.024997895148220435)]
    [TestCase(-3.0, 0.0013498980316300957)]
    [TestCase(3.5, 0.9997673709209645)]
    [TestCase(0.5, 0.6914624612740131)]
    public void The_normal_cdf_matches_reference_values_to_twelve_places(double x, double expected) =>
        Assert.That(Normal.Cdf(x), Is.EqualTo(expected).Within(1e-12));

    [TestCase(-6.0, 9.865876450377012e-10)]
    [TestCase(-8.2, 1.2019351542735898e-16)]
    public void The_normal_cdf_keeps_eight_significant_digits_far_in_the_tail(double x, double expected) =>
        Assert.That(Normal.Cdf(x), Is.EqualTo(expected).Within(1e-6).Percent);

    [Test]
    public void The_critical_value_for_95_percent_is_1_95996() =>
        Assert.That(Normal.Critical(0.95), Is.EqualTo(1.9599639845400532).Within(1e-12));

    [TestCase(0.001)]
    [TestCase(0.2)]
    [TestCase(0.5)]
    [TestCase(0.975)]
    [TestCase(0.99999)]
    public void The_quantile_inverts_the_cdf(double p) =>
        Assert.That(Normal.Cdf(Normal.Quantile(p)), Is.EqualTo(p).Within(1e-13));

    // treated x/n, control x/n, z, two-sided p, difference, CI low, CI high (unpooled, 95 %)
    [TestCase(120, 1000, 100, 1000, 1.4293008498232314, 0.1529177818639462, 0.02, -0.007411481998019932, 0.04741148199801991, false,
        TestName = "120 of 1000 against 100 of 1000 is z 1.43, p 0.153: not significant")]
    [TestCase(150, 1000, 100, 1000, 3.3806170189140654, 0.0007232327164301955, 0.05, 0.021094683992369634, 0.07890531600763034, true,
        TestName = "150 of 1000 against 100 of 1000 is z 3.38, p 0.0007: significant")]
    [TestCase(45, 500, 30, 600, 2.6207427731326147, 0.008773843471506084, 0.04, 0.00944928078094862, 0.07055071921905137, true,
        TestName = "45 of 500 against 30 of 600 (unequal groups) is z 2.62, p 0.0088: significant")]
    [TestCase(30, 2000, 28, 2000, 0.2645377677853573, 0.7913655665018245, 0.001, -0.006408949036017771, 0.00840894903601777, false,
        TestName = "30 of 2000 against 28 of 2000 is z 0.26, p 0.79: nothing there")]
    [TestCase(320, 4000, 250, 4000, 3.042364177405872, 0.0023472772120580313, 0.0175, 0.006232604038885765, 0.028767395961114238, true,
        TestName = "320 of 4000 against 250 of 4000 is z 3.04, p 0.0023: significant")]
    public void The_two_proportion_z_test_matches_the_worked_example(long x1, long n1, long x2, long n2,
        double z, double p, double difference, double low, double high, bool significant)
    {
        // Act
        var result = Statistics.Compare(new Proportion(x1, n1), new Proportion(x2, n2));

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(result.Z, Is.EqualTo(z).Within(Tight));
            Assert.That(result.PValue, Is.EqualTo(p).Within(Tight));
            Assert.That(result.Difference, Is.EqualTo(difference).Within(Tight));
            Assert.That(result.Confidence.Low, Is.EqualTo(low).Within(Tight));
            Assert.That(result.Confidence.High, Is.EqualTo(high).Within(Tight));
            Assert.That(result.IsSignificant, Is.EqualTo(significant));
        });
    }

    [Test]
    public void Swapping_the_groups_flips_the_sign_but_not_the_p_value()
    {
        var forward = Statistics.Compare(new(120, 1000), new(100, 1000));
        var backward = Statistics.Compare(new(100, 1000), new(120, 1000));
        Assert.Multiple(() =>
        {
            Assert.That(backward.Z, Is.EqualTo(-forward.Z).Within(Tight));
            Assert.That(backward.PValue, Is.EqualTo(forward.PValue).Within(Tight));
        });
    }

    [Test]
    public void Two_groups_that_never_convert_show_no_difference_instead_of_dividing_by_zero()
    {
        var result = Statistics.Compare(new(0, 500), new(0, 500));
        Assert.Multiple(() =>
        {
            Assert.That(result.Z, Is.EqualTo(0));
            Assert.That(result.PValue, Is.EqualTo(1));
            Assert.That(result.IsSignificant, Is.False);
        });
    }

    [TestCase(120, 1000, 0.10129926060130914, 0.14160907584771273)]
    [TestCase(5, 100, 0.021543679154367973, 0.11175046923191909)]
    [TestCase(0, 50, 0.0, 0.07134759913335867)]
    [TestCase(10, 10, 0.7224672001371111, 1.0)]
    public void The_wilson_interval_matches_the_worked_example(long successes, long trials, double low, double high)
    {
        var interval = Statistics.Wilson(new Proportion(successes, trials));
        Assert.Multiple(() =>
        {
            Assert.That(interval.Low, Is.EqualTo(low).Within(Tight));
            Assert.That(interval.High, Is.EqualTo(high).Within(Tight));
        });
    }

    [TestCase(100, 5, true, TestName = "100 journeys with 5 conversions is enough")]
    [TestCase(99, 20, false, TestName = "99 journeys are not enough however many convert")]
    [TestCase(5000, 4, false, TestName = "4 conversions are not enough however many journeys")]
    [TestCase(100, 96, false, TestName = "fewer than 5 non-conversions are not enough either")]
    public void The_minimum_sample_rule_needs_100_trials_and_5_of_each_outcome(long trials, long successes, bool enough) =>
        Assert.That(SampleRule.IsEnough(new Proportion(successes, trials)), Is.EqualTo(enough));
}
