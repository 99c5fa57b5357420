using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.App.Auth;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;

namespace ShopifyRecovery.App.Admin.Api;

public sealed record SuppressionView(string Email, string Reason, DateTimeOffset CreatedAt, string? Note);

public sealed record NewSuppression(string? Email, string? Note);

/// <summary>GET/POST/DELETE /api/suppressions: addresses this shop never emails (unsubscribes, bounces, complaints, manual).</summary>
public static class SuppressionsApi
{
    const int MaxNote = 500;

    public static RouteGroupBuilder MapSuppressionsApi(this RouteGroupBuilder api)
    {
        var suppressions = api.MapGroup("/suppressions");
        suppressions.MapGet("/", ListAsync);
        suppressions.MapPost("/", AddAsync);
        suppressions.MapDelete("/{email}", RemoveAsync);
        return api;
    }

    static async Task<Results<Ok<Page<SuppressionView>>, ValidationProblem>> ListAsync(
        string? search, int? page, int? pageSize, CurrentShop shop, RecoveryDbContext db, CancellationToken ct)
    {
        if (!Paging.TryRead(page, pageSize, out var paging, out var errors))
            return TypedResults.ValidationProblem(errors);
        var query = db.Set<Suppression>().AsNoTracking().Where(s => s.ShopId == shop.Id);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim().ToLowerInvariant();
            query = query.Where(s => s.Email.Contains(term));
        }
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Email).Skip(paging.Skip).Take(paging.Size).ToListAsync(ct);
        return TypedResults.Ok(new Page<SuppressionView>(items.Select(View).ToList(), paging.Number, paging.Size, total));
    }

    static async Task<Results<Created<SuppressionView>, Ok<SuppressionView>, ValidationProblem>> AddAsync(
        NewSuppression body, CurrentShop shop, RecoveryDbContext db, TimeProvider clock, ILogger<RecoveryDbContext> logger, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var email = Normalize(body.Email);
        if (email is null)
            errors["email"] = [$"'{body.Email}' is not an email address."];
        if (body.Note is { Length: > MaxNote })
            errors["note"] = [$"must be at most {MaxNote} characters."];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors, title: "The address was not added");

        var existing = await db.Set<Suppression>().AsNoTracking().SingleOrDefaultAsync(s => s.ShopId == shop.Id && s.Email == email, ct);
        if (existing is not null)
            return TypedResults.Ok(View(existing));
        var row = new Suppression { ShopId = shop.Id, Email = email!, Reason = SuppressionReason.Manual, CreatedAt = clock.GetUtcNow(), Note = body.Note?.Trim() };
        db.Set<Suppression>().Add(row);
        await db.SaveChangesAsync(ct);
        AdminLog.SuppressionChanged(logger, "added", shop.Domain);
        return TypedResults.Created($"/api/suppressions/{Uri.EscapeDataString(row.Email)}", View(row));
    }

    /// <summary>
    /// Removing a suppression means the merchant has the shopper's renewed consent; unsubscribes are the shopper's
    /// own choice and are removed only here, never by a later checkout.
    /// </summary>
    static async Task<Results<NoContent, NotFound<ProblemDetails>>> RemoveAsync(string email, CurrentShop shop, RecoveryDbContext db,
        ILogger<RecoveryDbContext> logger, CancellationToken ct)
    {
        var normalized = Normalize(email) ?? email;
        var removed = await db.Set<Suppression>().Where(s => s.ShopId == shop.Id && s.Email == normalized).ExecuteDeleteAsync(ct);
        if (removed == 0)
            return TypedResults.NotFound(new ProblemDetails { Status = 404, Title = "Not suppressed", Detail = "That address is not on this shop's suppression list." });
        AdminLog.SuppressionChanged(logger, "removed", shop.Domain);
        return TypedResults.NoContent();
    }

    /// <summary>Suppressions are stored lower-case, as the unsubscribe link and the guards look them up.</summary>
    static string? Normalize(string? email)
    {
        var trimmed = email?.Trim().ToLowerInvariant();
        return trimmed is { Length: > 0 and <= 320 } && MailAddress.TryCreate(trimmed, out var address) && address.Address == trimmed ? trimmed : null;
    }

    static SuppressionView View(Suppression s) => new(s.Email, s.Reason.ToString(), s.CreatedAt, s.Note);
}
