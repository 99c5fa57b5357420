using ShopifyRecovery.Experiments;

namespace ShopifyRecovery.Tests.Experiments;

public sealed class ArmPickerTests
{
    static readonly ExperimentArm Control = new() { Name = "control", IsControl = true, Weight = 1 };
    static readonly ExperimentArm B = new() { Name = "b", Weight = 3, Overrides = new() { Subject = "Still thinking it over?" } };

    /// <summary>Journey ids from a fixed seed: the test sees the same ids every run, like production sees real ones.</summary>
    static IEnumerable<Guid> Journeys(int count, int seed = 42)
    {
        var random = new Random(seed);
        var bytes = new byte[16];
        for (var i = 0; i < count; i++)
        {
            random.NextBytes(bytes);
            yield return new Guid(bytes);
        }
    }

    [Test]
    public void The_same_journey_lands_in_the_same_arm_every_time()
    {
        var arms = new[] { Control, B };
        foreach (var journey in Journeys(500))
        {
            var first = ArmPicker.Pick(12, journey, arms);
            Assert.That(Enumerable.Range(0, 5).Select(_ => ArmPicker.Pick(12, journey, arms)), Has.All.EqualTo(first));
        }
    }

    [Test]
    public void Arms_get_journeys_in_proportion_to_their_weights()
    {
        // Arrange: weights 1 and 3; over 20,000 journeys three standard deviations are ±0.9 points
        var arms = new[] { Control, B };

        // Act
        var shareOfB = Journeys(20_000).Count(j => ArmPicker.Pick(5, j, arms) == B) / 20_000.0;

        // Assert
        Assert.That(shareOfB, Is.InRange(0.74, 0.76));
    }

    [Test]
    public void Three_arms_split_by_their_weights()
    {
        var arms = new[] { Control with { Weight = 2 }, B with { Weight = 1 }, new ExperimentArm { Name = "c", Weight = 1, Overrides = new() { Subject = "c" } } };

        var counts = Journeys(20_000).GroupBy(j => ArmPicker.Pick(9, j, arms).Name).ToDictionary(g => g.Key, g => g.Count() / 20_000.0);

        Assert.Multiple(() =>
        {
            Assert.That(counts["control"], Is.InRange(0.49, 0.51));
            Assert.That(counts["b"], Is.InRange(0.24, 0.26));
            Assert.That(counts["c"], Is.InRange(0.24, 0.26));
        });
    }

    [Test]
    public void Two_experiments_assign_independently_of_each_other()
    {
        // Arrange: two 50/50 experiments; with independent hashes a journey's arms agree about half the time
        var arms = new[] { Control, B with { Weight = 1 } };

        // Act
        var agreement = Journeys(20_000).Count(j => ArmPicker.Pick(1, j, arms) == ArmPicker.Pick(2, j, arms)) / 20_000.0;

        // Assert
        Assert.That(agreement, Is.InRange(0.485, 0.515));
    }
}
