using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Email;
using ShopifyRecovery.Experiments;
using ShopifyRecovery.Hosting;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Security;
using ShopifyRecovery.Shopify.Admin;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Recovery;

/// <summary>The provider said nothing was sent; the bus retries the message, which resumes the pending ledger row.</summary>
public sealed class TransientSendException(string message, TimeSpan? retryAfter = null) : Exception(message)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>Another delivery of the same step is calling the provider right now: try again after it settles.</summary>
public sealed class SendInProgressException(Guid emailSendId) : Exception($"Send {emailSendId} has a provider call in progress.");

/// <summary>How a pending send ended; null while it must be retried.</summary>
public sealed record DeliveryOutcome(SendStatusKind Status, string? ProviderMessageId, string? Error, string? SkipReason = null);

/// <summary>
/// Phase two of a due step, for a committed pending ledger row: the discount codes, the rendering and the one
/// provider call. The attempt is fenced by a conditional update of <see cref="EmailSend.AttemptedAt"/>, committed
/// before the call, so two deliveries of the same step can never both call the provider, and a call cut off by a
/// crash is settled as Unknown instead of being repeated.
/// </summary>
public sealed class StepDelivery(
    RecoveryDbContext db,
    IShopifyAdmin admin,
    IEmailTemplates templates,
    IEmailSender sender,
    ILinkBuilder links,
    EmailComposer composer,
    IExperimentAssigner experiments,
    AppSecrets secrets,
    TimeProvider clock,
    ILogger<StepDelivery> logger)
{
    /// <summary>Longer than any provider call may take; after it, an unsettled attempt is presumed cut off.</summary>
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromMinutes(5);

    public async Task<DeliveryOutcome> DeliverAsync(Shop shop, Guid ledgerId, CancellationToken ct)
    {
        var ledger = await db.Set<EmailSend>().AsNoTracking().SingleAsync(s => s.Id == ledgerId, ct);
        var now = clock.GetUtcNow();
        if (ledger.AttemptedAt is { } attempted)
        {
            if (now - attempted < AttemptTimeout)
                throw new SendInProgressException(ledger.Id);
            RecoveryLog.PendingSendAbandoned(logger, shop.Domain, ledger.Id);
            return new(SendStatusKind.Unknown, null, "The provider call was cut off; it may have been delivered, so it is not repeated.");
        }

        // Decide-at-send, again: an order or an unsubscribe may have landed since the plan (retries take minutes).
        var journey = await db.Set<Journey>().AsNoTracking().SingleAsync(j => j.Id == ledger.JourneyId, ct);
        if (journey.Status != JourneyStatus.Active)
            return new(SendStatusKind.Skipped, null, null, SkipReasons.JourneyClosedBeforeSend);
        if (await db.SuppressionOfAsync(shop.Id, ledger.ToEmail, secrets, ct) is { } reason)
            return new(SendStatusKind.Skipped, null, null, SkipReasons.Suppressed(reason));

        var discount = await EnsureDiscountsAsync(shop, journey, ledger, ct);
        var message = await ComposeAsync(shop, journey, ledger, discount, ct);

        var fenced = await db.Set<EmailSend>()
            .Where(s => s.Id == ledger.Id && s.Status == SendStatusKind.Pending && s.AttemptedAt == null)
            .ExecuteUpdateAsync(u => u
                .SetProperty(s => s.AttemptedAt, now)
                .SetProperty(s => s.Attempts, s => s.Attempts + 1)
                .SetProperty(s => s.Subject, message.Subject)
                .SetProperty(s => s.Html, message.Html)
                .SetProperty(s => s.Text, message.Text)
                // Every code of the email, comma-separated: the click link applies them all to the checkout.
                .SetProperty(s => s.DiscountCode, discount == null ? null : string.Join(',', discount.Codes))
                .SetProperty(s => s.Provider, sender.Name), ct);
        if (fenced == 0)
            throw new SendInProgressException(ledger.Id);

        // No catch: an exception here leaves AttemptedAt set, and the redelivery settles it as Unknown.
        var result = await sender.SendAsync(message, ct);
        switch (result.Status)
        {
            case SendStatus.Sent:
                return new(SendStatusKind.Sent, result.ProviderMessageId, null);
            case SendStatus.TransientFailure:
                await db.Set<EmailSend>().Where(s => s.Id == ledger.Id)
                    .ExecuteUpdateAsync(u => u.SetProperty(s => s.AttemptedAt, (DateTimeOffset?)null).SetProperty(s => s.Error, result.Error), ct);
                RecoveryLog.SendTransientFailure(logger, shop.Domain, journey.Id, ledger.Step, result.Error);
                throw new TransientSendException($"The email provider failed transiently: {result.Error}", result.RetryAfter);
            case SendStatus.PermanentFailure:
                RecoveryLog.SendFailed(logger, shop.Domain, journey.Id, ledger.Step, result.Error);
                return new(SendStatusKind.Failed, result.ProviderMessageId, result.Error);
            default:
                RecoveryLog.SendUnknown(logger, shop.Domain, journey.Id, ledger.Step, result.Error);
                return new(SendStatusKind.Unknown, result.ProviderMessageId, result.Error);
        }
    }

    /// <summary>
    /// Creates the step's codes in Shopify (each row was committed first, so a retry reuses its code, and
    /// "already exists" is success). Throttling throws and the bus retries; a rejected code is dropped from the email.
    /// </summary>
    async Task<EmailDiscount?> EnsureDiscountsAsync(Shop shop, Journey journey, EmailSend ledger, CancellationToken ct)
    {
        var rows = await db.Set<IssuedDiscount>().Where(d => d.JourneyId == journey.Id && d.Step == ledger.Step).OrderBy(d => d.Id).ToListAsync(ct);
        foreach (var row in rows.Where(r => r.Status == DiscountStatus.Pending))
        {
            var kind = Enum.Parse<DiscountKind>(row.Kind);
            var request = new DiscountCodeRequest(
                Code: row.Code,
                Title: $"Cart recovery {row.Code}",
                Kind: kind,
                Percentage: row.Percentage,
                CustomerId: row.CustomerId,
                StartsAt: row.StartsAt,
                EndsAt: row.EndsAt,
                MinimumSubtotal: null);
            var result = await admin.CreateDiscountCodeAsync(shop.Domain, request, ct);
            var now = clock.GetUtcNow();
            if (result.Outcome is DiscountOutcome.Created or DiscountOutcome.AlreadyExists)
            {
                if (result.Outcome == DiscountOutcome.Created)
                    RecoveryMetrics.DiscountCodeCreated(row.Kind);
                row.Status = DiscountStatus.Created;
                row.ShopifyNodeId = result.DiscountNodeId ?? row.ShopifyNodeId;
                JourneyEvents.Add(db, journey, EventKinds.CodeCreated, now, ledger.Step, row.Code);
            }
            else
            {
                row.Status = DiscountStatus.Failed;
                var errors = string.Join("; ", result.Errors.Select(e => $"{e.Field}: {e.Message} ({e.Code})"));
                JourneyEvents.Add(db, journey, EventKinds.CodeFailed, now, ledger.Step, errors);
                RecoveryLog.DiscountRejected(logger, shop.Domain, journey.Id, ledger.Step, errors);
            }
            await db.SaveChangesAsync(ct);
        }
        var created = rows.Where(r => r.Status == DiscountStatus.Created).ToList();
        if (created.Count == 0)
            return null;
        var lead = created.FirstOrDefault(r => r.Percentage > 0) ?? created[0];
        return new EmailDiscount(
            Code: lead.Code,
            Percentage: created.Select(r => r.Percentage).FirstOrDefault(p => p > 0),
            FreeShipping: created.Any(r => r.Kind == nameof(DiscountKind.FreeShipping)),
            ExpiresAt: created.Min(r => r.EndsAt),
            Codes: created.Select(r => r.Code).ToList());
    }

    async Task<EmailMessage> ComposeAsync(Shop shop, Journey journey, EmailSend ledger, EmailDiscount? discount, CancellationToken ct)
    {
        var variant = ledger.Variant ?? "default";
        var stored = await db.Set<EmailTemplate>().AsNoTracking()
            .SingleOrDefaultAsync(t => t.ShopId == shop.Id && t.Step == ledger.Step && t.Variant == variant, ct);
        var sender = await db.Set<ShopSettings>().AsNoTracking().Where(s => s.ShopId == shop.Id)
            .Select(s => new { s.SenderName, s.ReplyTo }).SingleOrDefaultAsync(ct);
        var unsubscribe = links.UnsubscribeUrl(shop.Id, ledger.ToEmail);
        var lines = CartJson.Read(journey.CartJson)
            .Select(l => new EmailCartLine(l.Title, l.VariantTitle, l.Quantity, l.Price, l.LinePrice, l.ImageUrl, l.ProductType))
            .ToList();
        var model = new EmailModel(
            Shop: new EmailShop(shop.Name ?? shop.Domain, shop.Email ?? "", shop.Address ?? "", shop.Domain),
            Customer: new EmailCustomer(journey.FirstName, journey.LastName, ledger.ToEmail),
            // Amounts as the shopper saw them, in their currency, never converted.
            Cart: new EmailCart(lines, journey.Subtotal, journey.Total, journey.PresentmentCurrency, journey.ItemCount),
            RecoveryUrl: links.ClickUrl(ledger.Id),
            Discount: discount,
            UnsubscribeUrl: unsubscribe,
            StepNumber: ledger.Step);

        RenderedEmail rendered;
        var fallback = templates.Default(ledger.Step, variant);
        // A subject test swaps only the subject line; the assignment is deterministic, so asking again gives the planned arm.
        if ((await experiments.AssignAsync(shop.Id, journey.Id, ledger.Step, ct))?.Overrides.Subject is { Length: > 0 } subject)
        {
            fallback = fallback with { Subject = subject };
            stored = stored is null ? null : new EmailTemplate
            {
                ShopId = stored.ShopId, Step = stored.Step, Variant = stored.Variant, Subject = subject,
                Preheader = stored.Preheader, Html = stored.Html, Text = stored.Text,
            };
        }
        try
        {
            rendered = templates.Render(stored is null ? fallback : new TemplateSource(stored.Subject, stored.Preheader, stored.Html, stored.Text), model);
        }
        catch (Exception) when (stored is not null)
        {
            // Saved templates are validated; if one still fails at render time the shipped one goes out rather than nothing.
            rendered = templates.Render(fallback, model);
        }
        return composer.Compose(rendered, new EmailEnvelope(ledger.Id, journey.Id, shop.Id, ledger.Step, ledger.ToEmail,
            FromName: sender?.SenderName ?? shop.Name ?? shop.Domain, ReplyTo: sender?.ReplyTo ?? shop.Email));
    }
}
