namespace ShopifyRecovery.Analytics;

/// <summary>The standard normal distribution, to double precision, without a statistics package.</summary>
public static class Normal
{
    /// <summary>
    /// Φ(x) by Hart's rational approximation (Hart 1968, as given by West, "Better approximations to cumulative normal
    /// functions", 2005): absolute error below 1e-14, and eight significant digits even at 1e-16, so tail p-values stay meaningful.
    /// </summary>
    public static double Cdf(double x)
    {
        if (double.IsNaN(x))
            return double.NaN;
        var a = Math.Abs(x);
        double tail;
        if (a > 37)
            tail = 0;
        else
        {
            var e = Math.Exp(-a * a / 2);
            if (a < 7.07106781186547)
            {
                var n = 3.52624965998911E-02 * a + 0.700383064443688;
                n = n * a + 6.37396220353165;
                n = n * a + 33.912866078383;
                n = n * a + 112.079291497871;
                n = n * a + 221.213596169931;
                n = n * a + 220.206867912376;
                var d = 8.83883476483184E-02 * a + 1.75566716318264;
                d = d * a + 16.064177579207;
                d = d * a + 86.7807322029461;
                d = d * a + 296.564248779674;
                d = d * a + 637.333633378831;
                d = d * a + 793.826512519948;
                d = d * a + 440.413735824752;
                tail = e * n / d;
            }
            else
            {
                var c = a + 0.65;
                c = a + 4 / c;
                c = a + 3 / c;
                c = a + 2 / c;
                c = a + 1 / c;
                tail = e / c / 2.506628274631;
            }
        }
        return x > 0 ? 1 - tail : tail;
    }

    /// <summary>
    /// Φ⁻¹(p): Acklam's rational approximation (relative error 1.15e-9) polished by one Halley step on <see cref="Cdf"/>,
    /// which brings it to full double precision.
    /// </summary>
    public static double Quantile(double p)
    {
        if (p is <= 0 or >= 1 || double.IsNaN(p))
            throw new ArgumentOutOfRangeException(nameof(p), p, "The probability must be strictly between 0 and 1.");
        ReadOnlySpan<double> a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        ReadOnlySpan<double> b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        ReadOnlySpan<double> c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        ReadOnlySpan<double> d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double low = 0.02425;
        double x;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        else if (p <= 1 - low)
        {
            var q = p - 0.5;
            var r = q * q;
            x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
        }
        else
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        var error = Cdf(x) - p;
        var u = error * Math.Sqrt(2 * Math.PI) * Math.Exp(x * x / 2);
        return x - u / (1 + x * u / 2);
    }

    /// <summary>The two-sided critical value for a confidence level, e.g. 1.95996… for 0.95.</summary>
    public static double Critical(double confidence) => Quantile(1 - (1 - confidence) / 2);
}

/// <summary>Successes out of trials: conversions out of journeys, recovered orders out of sends.</summary>
public readonly record struct Proportion(long Successes, long Trials)
{
    public double Rate => Trials == 0 ? 0 : (double)Successes / Trials;
}

public sealed record Interval(double Low, double High);

/// <summary>
/// Treated (or challenger) minus control. <see cref="PValue"/> is two-sided from the pooled standard error (the
/// null hypothesis says both rates are one); the interval uses the unpooled error (it describes the difference
/// actually observed), so on a borderline case the two can disagree by a hair.
/// </summary>
public sealed record ProportionComparison(double Difference, double Z, double PValue, Interval Confidence, double ConfidenceLevel)
{
    public bool IsSignificant => PValue < 1 - ConfidenceLevel;
}

public static class Statistics
{
    public const double DefaultConfidence = 0.95;

    /// <summary>Two-proportion z-test of <paramref name="treated"/> against <paramref name="control"/>.</summary>
    public static ProportionComparison Compare(Proportion treated, Proportion control, double confidence = DefaultConfidence)
    {
        if (treated.Trials <= 0 || control.Trials <= 0)
            throw new ArgumentException("Both groups need at least one trial.");
        var p1 = treated.Rate;
        var p2 = control.Rate;
        var difference = p1 - p2;
        var pooled = (double)(treated.Successes + control.Successes) / (treated.Trials + control.Trials);
        var pooledError = Math.Sqrt(pooled * (1 - pooled) * (1.0 / treated.Trials + 1.0 / control.Trials));
        // Both groups all-or-nothing alike: no evidence of any difference, and z would be 0/0.
        var z = pooledError == 0 ? 0 : difference / pooledError;
        var pValue = pooledError == 0 ? 1 : Math.Min(1, 2 * Normal.Cdf(-Math.Abs(z)));
        var unpooledError = Math.Sqrt(p1 * (1 - p1) / treated.Trials + p2 * (1 - p2) / control.Trials);
        var margin = Normal.Critical(confidence) * unpooledError;
        return new(difference, z, pValue, new(difference - margin, difference + margin), confidence);
    }

    /// <summary>
    /// The Wilson score interval: unlike p ± z·SE it stays inside [0, 1] and is honest for small counts and rates
    /// near 0 (where recovery rates live).
    /// </summary>
    public static Interval Wilson(Proportion proportion, double confidence = DefaultConfidence)
    {
        if (proportion.Trials <= 0)
            return new(0, 1);
        var n = (double)proportion.Trials;
        var p = proportion.Rate;
        var z = Normal.Critical(confidence);
        var z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = z / denominator * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        return new(Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}

/// <summary>
/// When a comparison may be shown as a result rather than "not enough data yet". The z-test rests on the normal
/// approximation to each group's binomial count, which textbooks accept from about five successes and five failures
/// per group; below 100 trials a group's interval is wider than any effect worth acting on (±6 points at 10 %).
/// So each group needs at least <see cref="MinimumTrials"/> trials, <see cref="MinimumSuccesses"/> successes and as
/// many failures.
/// </summary>
public static class SampleRule
{
    public const long MinimumTrials = 100;
    public const long MinimumSuccesses = 5;

    public static bool IsEnough(Proportion group) =>
        group.Trials >= MinimumTrials && group.Successes >= MinimumSuccesses && group.Trials - group.Successes >= MinimumSuccesses;

    public static bool IsEnough(Proportion treated, Proportion control) => IsEnough(treated) && IsEnough(control);
}
