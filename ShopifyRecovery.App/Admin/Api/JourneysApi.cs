using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.App.Auth;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.App.Admin.Api;

public sealed record JourneySummary(
    Guid Id, DateTimeOffset CreatedAt, string? CustomerName, string? Email, decimal CartValue, string Currency, int ItemCount,
    string Status, string? Segment, string? Variant, int StepsSent, int? NextStep, DateTimeOffset? NextStepDueAt,
    bool IsHoldout, decimal? RecoveredRevenue, string Attribution);

public sealed record TimelineEvent(long Id, DateTimeOffset At, string Kind, int? Step, string? Detail);

public sealed record TimelineEmail(
    Guid Id, int Step, string Status, string? SkipReason, string? Segment, string? Variant, string ToEmail, string? Subject,
    string? Html, string? Text, string? DiscountCode, string? Provider, string? Error, DateTimeOffset CreatedAt, DateTimeOffset? SentAt,
    DateTimeOffset? DeliveredAt, DateTimeOffset? OpenedAt, DateTimeOffset? ClickedAt, DateTimeOffset? BouncedAt);

/// <summary>Why a step did not send as planned (skipped, deferred, held out), in the words of the guard that decided.</summary>
public sealed record GuardDecision(DateTimeOffset At, int? Step, string Decision, string? Reason);

public sealed record TimelineCode(string Code, string Kind, decimal? Percentage, int Step, string Status, DateTimeOffset StartsAt,
    DateTimeOffset EndsAt, DateTimeOffset? UsedAt, decimal? Cost);

public sealed record RecoveredOrder(long OrderId, DateTimeOffset? RecoveredAt, decimal? Revenue, decimal? DiscountCost, string Attribution, int? Step);

public sealed record JourneyTimeline(
    JourneySummary Journey, string? RecoveryUrl, string? CloseReason, DateTimeOffset LastActivityAt, DateTimeOffset? ClosedAt,
    IReadOnlyList<CartLine> Cart, IReadOnlyList<TimelineEvent> Events, IReadOnlyList<TimelineEmail> Emails,
    IReadOnlyList<GuardDecision> GuardDecisions, IReadOnlyList<TimelineCode> Codes, RecoveredOrder? Order);

/// <summary>GET /api/journeys (filtered, paged) and GET /api/journeys/{id} (everything that happened to one checkout).</summary>
public static class JourneysApi
{
    static readonly string[] GuardKinds = [EventKinds.Skipped, EventKinds.Deferred, EventKinds.Holdout];

    public static RouteGroupBuilder MapJourneysApi(this RouteGroupBuilder api)
    {
        var journeys = api.MapGroup("/journeys");
        journeys.MapGet("/", ListAsync);
        journeys.MapGet("/{id:guid}", TimelineAsync);
        return api;
    }

    /// <param name="step">Journeys that have sent at least this many steps.</param>
    static async Task<Results<Ok<Page<JourneySummary>>, ValidationProblem>> ListAsync(
        string? status, string? segment, int? step, int? page, int? pageSize, CurrentShop shop, RecoveryDbContext db, CancellationToken ct)
    {
        if (!Paging.TryRead(page, pageSize, out var paging, out var errors))
            return TypedResults.ValidationProblem(errors);
        var query = db.Set<Journey>().AsNoTracking().Where(j => j.ShopId == shop.Id);
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!Enum.TryParse<JourneyStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]>
                {
                    ["status"] = [$"'{status}' is not one of {string.Join(", ", Enum.GetNames<JourneyStatus>())}."],
                });
            query = query.Where(j => j.Status == parsed);
        }
        if (!string.IsNullOrWhiteSpace(segment))
            query = segment == "none" ? query.Where(j => j.Segment == null) : query.Where(j => j.Segment == segment);
        if (step is { } minimum)
        {
            if (minimum < 1)
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["step"] = [$"must be 1 or more; it is {minimum}."] });
            query = query.Where(j => j.StepsSent >= minimum);
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(j => j.CreatedAt).Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return TypedResults.Ok(new Page<JourneySummary>(items.Select(Summary).ToList(), paging.Number, paging.Size, total));
    }

    static async Task<Results<Ok<JourneyTimeline>, NotFound<ProblemDetails>>> TimelineAsync(Guid id, CurrentShop shop, RecoveryDbContext db, CancellationToken ct)
    {
        var journey = await db.Set<Journey>().AsNoTracking().SingleOrDefaultAsync(j => j.Id == id && j.ShopId == shop.Id, ct);
        if (journey is null)
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Journey not found", Detail = $"There is no journey {id} in this shop." });
        var events = await db.Set<JourneyEvent>().AsNoTracking()
            .Where(e => e.JourneyId == id && e.ShopId == shop.Id).OrderBy(e => e.Id).ToListAsync(ct);
        var emails = await db.Set<EmailSend>().AsNoTracking()
            .Where(s => s.JourneyId == id && s.ShopId == shop.Id).OrderBy(s => s.Step).ToListAsync(ct);
        var codes = await db.Set<IssuedDiscount>().AsNoTracking()
            .Where(d => d.JourneyId == id && d.ShopId == shop.Id).OrderBy(d => d.Id).ToListAsync(ct);

        var guardDecisions = events.Where(e => GuardKinds.Contains(e.Kind)).Select(e => new GuardDecision(e.At, e.Step, e.Kind, e.Detail))
            .Concat(emails.Where(s => s.Status == SendStatusKind.Skipped).Select(s => new GuardDecision(s.CreatedAt, s.Step, "skipped", s.SkipReason)))
            .OrderBy(g => g.At).ToList();
        RecoveredOrder? order = journey.RecoveredOrderId is { } orderId
            ? new RecoveredOrder(orderId, journey.RecoveredAt, journey.RecoveredRevenue, journey.DiscountCost, journey.Attribution.ToString(), journey.AttributedStep)
            : null;
        return TypedResults.Ok(new JourneyTimeline(
            Summary(journey), journey.RecoveryUrl, journey.CloseReason, journey.LastActivityAt, journey.ClosedAt,
            CartJson.Read(journey.CartJson),
            events.Select(e => new TimelineEvent(e.Id, e.At, e.Kind, e.Step, e.Detail)).ToList(),
            emails.Select(s => new TimelineEmail(s.Id, s.Step, s.Status.ToString(), s.SkipReason, s.Segment, s.Variant, s.ToEmail, s.Subject,
                s.Html, s.Text, s.DiscountCode, s.Provider, s.Error, s.CreatedAt, s.SentAt, s.DeliveredAt, s.OpenedAt, s.ClickedAt, s.BouncedAt)).ToList(),
            guardDecisions,
            codes.Select(d => new TimelineCode(d.Code, d.Kind, d.Percentage, d.Step, d.Status.ToString(), d.StartsAt, d.EndsAt, d.UsedAt, d.Cost)).ToList(),
            order));
    }

    static JourneySummary Summary(Journey j)
    {
        var name = string.Join(' ', new[] { j.FirstName, j.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)));
        return new JourneySummary(j.Id, j.CreatedAt, name.Length == 0 ? null : name, j.Email, j.ShopTotal, j.ShopCurrency, j.ItemCount,
            j.Status.ToString(), j.Segment, j.Variant, j.StepsSent, j.NextStep, j.NextStepDueAt, j.IsHoldout, j.RecoveredRevenue, j.Attribution.ToString());
    }
}
