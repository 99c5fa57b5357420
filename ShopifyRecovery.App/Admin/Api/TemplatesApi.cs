using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopifyRecovery.App.Auth;
using ShopifyRecovery.Email;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.App.Admin.Api;

public sealed record TemplateStep(int Step, int DelayMinutes, bool Enabled);

public sealed record TemplateSummary(int Step, string Variant, bool Customized, int Version, DateTimeOffset? UpdatedAt);

public sealed record TemplateList(IReadOnlyList<TemplateStep> Steps, IReadOnlyList<string> Variants, IReadOnlyList<TemplateSummary> Templates);

public sealed record TemplateView(int Step, string Variant, bool Customized, int Version, DateTimeOffset? UpdatedAt, TemplateSource Source);

public sealed record TemplatePreviewRequest(TemplateSource Source, Guid? JourneyId);

public sealed record TemplatePreview(string Subject, string Preheader, string Html, string Text, string BasedOn);

public sealed record TestSendRequest(TemplateSource? Source);

public sealed record TestSendResult(string To, string Provider, string Status, string? Error);

public sealed record TemplateVersionSummary(int Version, DateTimeOffset SavedAt, string Subject);

/// <summary>
/// /api/templates: the Liquid templates per step and variant, validated on save with errors that name the part and
/// line, previews rendered with a sample or a real journey, test sends to the shop's own address, and versions.
/// </summary>
public static partial class TemplatesApi
{
    public const string DefaultVariant = "default";
    const int MaxSourceChars = 200_000;

    public static RouteGroupBuilder MapTemplatesApi(this RouteGroupBuilder api)
    {
        var templates = api.MapGroup("/templates");
        templates.MapGet("/", ListAsync);
        var one = templates.MapGroup("/{step:int}/{variant}");
        one.MapGet("/", GetAsync);
        one.MapPut("/", PutAsync);
        one.MapPost("/preview", PreviewAsync);
        one.MapPost("/test-send", TestSendAsync);
        one.MapGet("/versions", VersionsAsync);
        one.MapPost("/versions/{version:int}/restore", RestoreAsync);
        one.MapPost("/reset", ResetAsync);
        return api;
    }

    static async Task<Ok<TemplateList>> ListAsync(CurrentShop shop, [FromServices] ShopSettingsStore settings, TemplateStore store, IEmailTemplates templates, CancellationToken ct)
    {
        var recovery = await settings.LoadAsync(shop.Id, ct);
        var stored = await store.ListAsync(shop.Id, ct);
        var variants = new[] { DefaultVariant }
            .Concat(recovery.Flow.Steps.Select(s => s.TemplateVariant))
            .Concat(recovery.Segments.Rules.Select(r => r.Variant))
            .Concat(stored.Select(t => t.Variant))
            .Where(IsVariantName)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var steps = recovery.Flow.Steps.Select((s, i) => new TemplateStep(i + 1, s.DelayMinutes, s.Enabled)).ToList();
        var summaries = steps.SelectMany(s => variants.Select(v =>
        {
            var saved = stored.FirstOrDefault(t => t.Step == s.Step && t.Variant == v);
            return new TemplateSummary(s.Step, v, saved is not null && TemplateStore.Source(saved) != templates.Default(s.Step, v),
                saved?.Version ?? 0, saved?.UpdatedAt);
        })).ToList();
        return TypedResults.Ok(new TemplateList(steps, variants, summaries));
    }

    static async Task<Results<Ok<TemplateView>, NotFound<ProblemDetails>>> GetAsync(
        int step, string variant, CurrentShop shop, [FromServices] ShopSettingsStore settings, TemplateStore store, IEmailTemplates templates, CancellationToken ct)
    {
        if (await CheckAddressAsync(step, variant, shop, settings, ct) is { } notFound)
            return notFound;
        return TypedResults.Ok(View(step, variant, await store.FindAsync(shop.Id, step, variant, ct), templates));
    }

    static async Task<Results<Ok<TemplateView>, NotFound<ProblemDetails>, ValidationProblem>> PutAsync(
        int step, string variant, TemplateSource source, CurrentShop shop, [FromServices] ShopSettingsStore settings, TemplateStore store,
        IEmailTemplates templates, ILogger<TemplateStore> logger, CancellationToken ct)
    {
        if (await CheckAddressAsync(step, variant, shop, settings, ct) is { } notFound)
            return notFound;
        if (Invalid(source, templates) is { } problem)
            return problem;
        var saved = await store.SaveAsync(shop.Id, step, variant, source, ct);
        AdminLog.TemplateSaved(logger, step, variant, saved.Version, shop.Domain);
        return TypedResults.Ok(View(step, variant, saved, templates));
    }

    static async Task<Results<Ok<TemplatePreview>, NotFound<ProblemDetails>, ValidationProblem>> PreviewAsync(
        int step, string variant, TemplatePreviewRequest request, CurrentShop shop, [FromServices] ShopSettingsStore settings,
        IEmailTemplates templates, EmailPreviewModels models, RecoveryDbContext db, CancellationToken ct)
    {
        if (await CheckAddressAsync(step, variant, shop, settings, ct) is { } notFound)
            return notFound;
        if (request.Source is null)
            return MissingSource();
        if (Invalid(request.Source, templates) is { } problem)
            return problem;
        var shopRow = await db.Set<Shop>().AsNoTracking().SingleAsync(s => s.Id == shop.Id, ct);
        var withDiscount = (await settings.LoadAsync(shop.Id, ct)).Flow.LastEnabledStep == step;
        var model = request.JourneyId is { } journeyId
            ? await models.FromJourneyAsync(shopRow, journeyId, step, withDiscount, ct)
            : models.Sample(shopRow, step, withDiscount);
        if (model is null)
            return TypedResults.NotFound(Problem(404, "Journey not found", $"There is no journey {request.JourneyId} in this shop."));
        var (rendered, renderErrors) = Render(request.Source, model, templates);
        if (rendered is null)
            return TemplateProblem(renderErrors!, "The template could not be rendered");
        return TypedResults.Ok(new TemplatePreview(rendered.Subject, rendered.Preheader, rendered.Html, rendered.Text,
            request.JourneyId is null ? "sample" : "journey"));
    }

    static async Task<Results<Ok<TestSendResult>, NotFound<ProblemDetails>, ValidationProblem>> TestSendAsync(
        int step, string variant, TestSendRequest? request, CurrentShop shop, [FromServices] ShopSettingsStore settings, TemplateStore store,
        IEmailTemplates templates, EmailPreviewModels models, IEmailSender sender, IOptions<EmailOptions> email,
        RecoveryDbContext db, ILogger<TemplateStore> logger, CancellationToken ct)
    {
        if (await CheckAddressAsync(step, variant, shop, settings, ct) is { } notFound)
            return notFound;
        var source = request?.Source ?? await store.EffectiveAsync(shop.Id, step, variant, ct);
        if (Invalid(source, templates) is { } problem)
            return problem;
        var shopRow = await db.Set<Shop>().AsNoTracking().SingleAsync(s => s.Id == shop.Id, ct);
        if (string.IsNullOrWhiteSpace(shopRow.Email))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["to"] = ["The shop has no email address to send the test to."] },
                title: "No address for the test");
        var recovery = await settings.LoadAsync(shop.Id, ct);
        var senderSettings = await db.Set<ShopSettings>().AsNoTracking().Where(s => s.ShopId == shop.Id)
            .Select(s => new { s.SenderName, s.ReplyTo }).SingleOrDefaultAsync(ct);
        var model = models.Sample(shopRow, step, recovery.Flow.LastEnabledStep == step, shopRow.Email);
        var (rendered, renderErrors) = Render(source, model, templates);
        if (rendered is null)
            return TemplateProblem(renderErrors!, "The template could not be rendered");

        // A test is not a recovery email: no ledger row, no unsubscribe header that would suppress the merchant.
        var message = new EmailMessage(
            FromEmail: email.Value.EffectiveFromAddress,
            FromName: senderSettings?.SenderName ?? shopRow.Name ?? shopRow.Domain,
            To: shopRow.Email,
            ReplyTo: senderSettings?.ReplyTo ?? shopRow.Email,
            Subject: "[Test] " + rendered.Subject,
            Html: rendered.Html,
            Text: rendered.Text,
            Headers: new Dictionary<string, string>(),
            CustomArgs: new Dictionary<string, string> { ["test"] = "true", ["shop"] = shopRow.Domain },
            IdempotencyKey: "test-" + Guid.NewGuid().ToString("N"));
        var result = await sender.SendAsync(message, ct);
        AdminLog.TestSent(logger, step, variant, shop.Domain, result.Status.ToString());
        return TypedResults.Ok(new TestSendResult(shopRow.Email, sender.Name, result.Status.ToString(), result.Error));
    }

    static async Task<Results<Ok<Page<TemplateVersionSummary>>, NotFound<ProblemDetails>, ValidationProblem>> VersionsAsync(
        int step, string variant, int? page, int? pageSize, CurrentShop shop, [FromServices] ShopSettingsStore settings, TemplateStore store, CancellationToken ct)
    {
        if (await CheckAddressAsync(step, variant, shop, settings, ct) is { } notFound)
            return notFound;
        if (!Paging.TryRead(page, pageSize, out var paging, out var errors))
            return TypedResults.ValidationProblem(errors);
        var (items, total) = await store.VersionsAsync(shop.Id, step, variant, paging, ct);
        return TypedResults.Ok(new Page<TemplateVersionSummary>(
            items.Select(v => new TemplateVersionSummary(v.Version, v.SavedAt, v.Subject)).ToList(), paging.Number, paging.Size, total));
    }

    static async Task<Results<Ok<TemplateView>, NotFound<ProblemDetails>, ValidationProblem>> RestoreAsync(
        int step, string variant, int version, CurrentShop shop, [FromServices] ShopSettingsStore settings, TemplateStore store,
        IEmailTemplates templates, ILogger<TemplateStore> logger, CancellationToken ct)
    {
        if (await CheckAddressAsync(step, variant, shop, settings, ct) is { } notFound)
            return notFound;
        if (await store.VersionAsync(shop.Id, step, variant, version, ct) is not { } old)
            return TypedResults.NotFound(Problem(404, "Version not found", $"Step {step} '{variant}' has no version {version}."));
        var source = TemplateStore.Source(old);
        // Validation rules can tighten between releases; an old version that no longer passes is not put back.
        if (Invalid(source, templates) is { } problem)
            return problem;
        var saved = await store.SaveAsync(shop.Id, step, variant, source, ct);
        AdminLog.TemplateSaved(logger, step, variant, saved.Version, shop.Domain);
        return TypedResults.Ok(View(step, variant, saved, templates));
    }

    static async Task<Results<Ok<TemplateView>, NotFound<ProblemDetails>>> ResetAsync(
        int step, string variant, CurrentShop shop, [FromServices] ShopSettingsStore settings, TemplateStore store,
        IEmailTemplates templates, ILogger<TemplateStore> logger, CancellationToken ct)
    {
        if (await CheckAddressAsync(step, variant, shop, settings, ct) is { } notFound)
            return notFound;
        var stored = await store.FindAsync(shop.Id, step, variant, ct);
        var shipped = templates.Default(step, variant);
        if (stored is null || TemplateStore.Source(stored) == shipped)
            return TypedResults.Ok(View(step, variant, stored, templates));
        // Kept as a new version rather than deleted, so the merchant's own version stays restorable.
        var saved = await store.SaveAsync(shop.Id, step, variant, shipped, ct);
        AdminLog.TemplateSaved(logger, step, variant, saved.Version, shop.Domain);
        return TypedResults.Ok(View(step, variant, saved, templates));
    }

    static async Task<NotFound<ProblemDetails>?> CheckAddressAsync(int step, string variant, CurrentShop shop, [FromServices] ShopSettingsStore settings, CancellationToken ct)
    {
        if (!IsVariantName(variant))
            return TypedResults.NotFound(Problem(404, "Template not found", "Variant names are 1 to 100 letters, digits, '-' or '_'."));
        var steps = (await settings.LoadAsync(shop.Id, ct)).Flow.Steps.Count;
        return step < 1 || step > steps
            ? TypedResults.NotFound(Problem(404, "Template not found", $"The flow has {steps} steps; there is no step {step}."))
            : null;
    }

    static TemplateView View(int step, string variant, EmailTemplate? stored, IEmailTemplates templates)
    {
        var shipped = templates.Default(step, variant);
        var source = stored is null ? shipped : TemplateStore.Source(stored);
        return new TemplateView(step, variant, source != shipped, stored?.Version ?? 0, stored?.UpdatedAt, source);
    }

    static ValidationProblem? Invalid(TemplateSource source, IEmailTemplates templates)
    {
        if (source.Subject is null || source.Preheader is null || source.Html is null || source.Text is null)
            return MissingSource();
        if (source.Subject.Length + source.Preheader.Length + source.Html.Length + source.Text.Length > MaxSourceChars)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["html"] = [$"A template is limited to {MaxSourceChars} characters."] },
                title: "The template is too large");
        return templates.Validate(source) is { Count: > 0 } errors ? TemplateProblem(errors, "The template has errors") : null;
    }

    static ValidationProblem MissingSource() =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["source"] = ["subject, preheader, html and text are required (they may be empty strings where allowed)."] },
            title: "The template is incomplete");

    static (RenderedEmail? Rendered, IReadOnlyList<TemplateError>? Errors) Render(TemplateSource source, EmailModel model, IEmailTemplates templates)
    {
        try
        {
            return (templates.Render(source, model), null);
        }
        catch (EmailTemplateException e)
        {
            return (null, e.Errors);
        }
    }

    /// <summary>Errors grouped by part for form fields, and the full list (part, line, column) for the editor's gutter.</summary>
    static ValidationProblem TemplateProblem(IReadOnlyList<TemplateError> errors, string title) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Part).ToDictionary(g => g.Key, g => g.Select(e => $"Line {e.Line}, column {e.Column}: {e.Message}").ToArray()),
            title: title,
            extensions: new Dictionary<string, object?> { ["templateErrors"] = errors });

    static ProblemDetails Problem(int status, string title, string detail) => new() { Status = status, Title = title, Detail = detail };

    public static bool IsVariantName(string? variant) => variant is not null && VariantPattern().IsMatch(variant);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$")]
    private static partial Regex VariantPattern();
}
