using System.Text.Json;
using System.Text.Json.Serialization;

namespace ShopifyRecovery.Recovery;

/// <summary>One problem in a settings document: <see cref="Path"/> names the bad part as the JSON spells it (<c>rules[2].conditions[0].operator</c>).</summary>
public sealed record SettingError(string Path, string Message)
{
    public override string ToString() => $"{Path}: {Message}";
}

public static class SettingErrors
{
    /// <summary>The shape <c>TypedResults.ValidationProblem</c> takes: errors grouped by path.</summary>
    public static Dictionary<string, string[]> ToProblemErrors(this IEnumerable<SettingError> errors) =>
        errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray());
}

/// <summary>The one JSON dialect for settings documents: what the admin API accepts is what the database stores.</summary>
public static class SettingsJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = false,
    };
}
