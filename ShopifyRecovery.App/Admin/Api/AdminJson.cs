using Microsoft.AspNetCore.Http.HttpResults;
using System.Text;
using ShopifyRecovery.App.Auth;
using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.App.Admin.Api;

/// <summary>
/// Settings documents are read with <see cref="SettingsJson.Options"/> (the dialect the database stores), so a JSON
/// syntax or type error comes back as a problem keyed by the path that broke, like any other validation error.
/// </summary>
static class AdminJson
{
    public const int MaxDocumentBytes = 256 * 1024;

    public static async Task<(T? Value, SettingError? Error)> ReadAsync<T>(HttpRequest request, CancellationToken ct) where T : class
    {
        if (request.ContentLength > MaxDocumentBytes)
            return (null, new SettingError("$", $"the document is larger than {MaxDocumentBytes} bytes."));
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[MaxDocumentBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(length), ct)) > 0)
            length += read;
        if (length > MaxDocumentBytes)
            return (null, new SettingError("$", $"the document is larger than {MaxDocumentBytes} bytes."));
        if (ShopSettingsStore.TryParse<T>(new string(buffer, 0, length), out var value, out var error))
            return (value, null);
        // System.Text.Json says "$.consent.mode"; validation errors say "consent.mode". The editor needs one form.
        return (null, error! with { Path = error.Path.StartsWith("$.", StringComparison.Ordinal) ? error.Path[2..] : error.Path });
    }

    /// <summary>Answers a settings document in the stored dialect (enums as names).</summary>
    public static JsonHttpResult<T> Document<T>(T value) => TypedResults.Json(value, SettingsJson.Options);

    /// <summary>Errors from the store carry the part's prefix ("flow.steps[0]..."); the editor knows its own part.</summary>
    public static Dictionary<string, string[]> ProblemErrors(IEnumerable<SettingError> errors, string part) =>
        errors.Select(e => e.Path.StartsWith(part + ".", StringComparison.Ordinal) ? e with { Path = e.Path[(part.Length + 1)..] } : e)
            .ToProblemErrors();

    /// <summary>
    /// The PUT of one settings part (flow, segments, incentives): read it, let the store validate and save it, and
    /// answer with what is now stored. <paramref name="noun"/> names it in the titles ("The flow", "The rules").
    /// </summary>
    public static async Task<Results<JsonHttpResult<T>, ValidationProblem>> PutPartAsync<T>(
        HttpRequest request, CurrentShop shop, ShopSettingsStore store, ILogger logger, string part, string noun, bool plural,
        Func<T, Task<IReadOnlyList<SettingError>>> save, Func<RecoverySettings, T> stored, CancellationToken ct) where T : class
    {
        var (value, parseError) = await ReadAsync<T>(request, ct);
        if (value is null)
            return TypedResults.ValidationProblem(new[] { parseError! }.ToProblemErrors(), title: $"{noun} {(plural ? "are" : "is")} not valid JSON");
        if (await save(value) is { Count: > 0 } errors)
            return TypedResults.ValidationProblem(ProblemErrors(errors, part), title: $"{noun} {(plural ? "were" : "was")} not saved");
        AdminLog.SettingsSaved(logger, part, shop.Domain);
        return Document(stored(await store.LoadAsync(shop.Id, ct)));
    }
}
