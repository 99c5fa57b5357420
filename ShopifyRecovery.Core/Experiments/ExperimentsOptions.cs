using Microsoft.Extensions.Options;

namespace ShopifyRecovery.Experiments;

public sealed class ExperimentsOptions
{
    public const string Section = "Experiments";

    /// <summary>Family-wise false-positive rate for declaring a winner automatically (see <see cref="WinnerRule"/>).</summary>
    public double AutoDeclareAlpha { get; set; } = 0.01;

    /// <summary>Days an experiment runs before it may end itself.</summary>
    public int MinimumDays { get; set; } = 7;

    /// <summary>How often the worker looks for experiments that can end themselves.</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromHours(1);

    public WinnerRuleOptions WinnerRule => new(AutoDeclareAlpha, TimeSpan.FromDays(MinimumDays));
}

sealed class ExperimentsOptionsValidator : IValidateOptions<ExperimentsOptions>
{
    public ValidateOptionsResult Validate(string? name, ExperimentsOptions options)
    {
        var errors = new List<string>();
        if (options.AutoDeclareAlpha is <= 0 or > 0.1 || double.IsNaN(options.AutoDeclareAlpha))
            errors.Add($"Experiments:AutoDeclareAlpha must be above 0 and at most 0.1; it is {options.AutoDeclareAlpha}.");
        if (options.MinimumDays is < 0 or > 90)
            errors.Add($"Experiments:MinimumDays must be between 0 and 90; it is {options.MinimumDays}.");
        if (options.EvaluationInterval < TimeSpan.FromSeconds(1) || options.EvaluationInterval > TimeSpan.FromDays(1))
            errors.Add($"Experiments:EvaluationInterval must be between 00:00:01 and 1.00:00:00; it is {options.EvaluationInterval}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
