using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Email;

public enum EventPostOutcome { Accepted, Unauthorized, Malformed }

public sealed record EventPostResult(EventPostOutcome Outcome, string? Problem = null, int Applied = 0, int Duplicates = 0, int Unmatched = 0);

/// <summary>Verifies SendGrid's signature and the freshness of its timestamp.</summary>
public sealed class SendGridEventVerifier(IOptions<SendGridOptions> options, TimeProvider clock)
{
    readonly Lazy<SendGridEventSignature?> _signature = new(() => SendGridEventSignature.TryCreate(options.Value.WebhookVerificationKey));

    /// <summary>Null when the post is genuine and fresh; otherwise why it is refused.</summary>
    public string? Problem(string body, string? signature, string? timestamp)
    {
        if (_signature.Value is not { } key)
            return "SendGrid:WebhookVerificationKey is not configured, so no event post can be trusted.";
        if (string.IsNullOrWhiteSpace(signature) || string.IsNullOrWhiteSpace(timestamp))
            return "The signature or timestamp header is missing.";
        if (!long.TryParse(timestamp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            || seconds is < 0 or > 253402300799)
            return "The timestamp header is not unix seconds.";
        var age = clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age.Duration() > options.Value.WebhookMaxAge)
            return "The timestamp is outside the accepted window (a replay, or a clock far off).";
        return key.IsValid(body, signature, timestamp) ? null : "The signature does not match the body.";
    }
}

/// <summary>
/// Applies a batch of SendGrid events to the send ledger: delivery, open, click and bounce times on the email, a
/// journey event for each first occurrence, and a suppression for bounces, spam reports and unsubscribes.
/// Events are matched through the custom_args we sent (email_send_id, then journey_id + step), then the
/// X-Message-Id prefix of sg_message_id. Each event is applied once, whatever SendGrid redelivers.
/// </summary>
public sealed class SendGridEventIntake(SendGridEventVerifier verifier, RecoveryDbContext db, TimeProvider clock, ILogger<SendGridEventIntake> logger)
{
    sealed record ParsedEvent(string Key, string Kind, DateTimeOffset At, string? Email, Guid? EmailSendId, Guid? JourneyId, int? Step,
        long? ShopId, string? MessageId, string? BounceType, string? Reason);

    public async Task<EventPostResult> AcceptAsync(byte[] body, string? signature, string? timestamp, CancellationToken ct)
    {
        var text = Encoding.UTF8.GetString(body);
        if (verifier.Problem(text, signature, timestamp) is { } problem)
        {
            EmailLog.EventPostRejected(logger, problem);
            return new EventPostResult(EventPostOutcome.Unauthorized, problem);
        }

        List<ParsedEvent> events;
        try
        {
            events = Parse(body, out var skipped);
            if (skipped > 0)
                EmailLog.EventPostRejected(logger, $"{skipped} events without an event name or id were skipped");
        }
        catch (JsonException)
        {
            EmailLog.EventPostRejected(logger, "malformed JSON");
            return new EventPostResult(EventPostOutcome.Malformed, "The body must be a JSON array of event objects.");
        }

        var keys = events.Select(e => e.Key).Distinct().ToList();
        var seen = (await db.Set<EmailEvent>().Where(e => keys.Contains(e.Key)).Select(e => e.Key).ToListAsync(ct)).ToHashSet();
        var now = clock.GetUtcNow();
        int applied = 0, duplicates = 0, unmatched = 0;
        var suppressed = new HashSet<(long, string)>();
        foreach (var item in events)
        {
            if (!seen.Add(item.Key))
            {
                duplicates++;
                continue;
            }
            var send = await FindSendAsync(item, ct);
            var shopId = send?.ShopId ?? await ExistingShopAsync(item.ShopId, ct);
            db.Set<EmailEvent>().Add(new EmailEvent
            {
                Key = item.Key, Kind = item.Kind, EmailSendId = send?.Id, ShopId = shopId, OccurredAt = item.At, ReceivedAt = now,
            });
            if (send is null)
                unmatched++;
            else
                applied++;
            await ApplyAsync(item, send, shopId, suppressed, now, ct);
        }
        await db.SaveChangesAsync(ct);
        EmailLog.EventsApplied(logger, applied, duplicates, unmatched);
        return new EventPostResult(EventPostOutcome.Accepted, Applied: applied, Duplicates: duplicates, Unmatched: unmatched);
    }

    async Task ApplyAsync(ParsedEvent item, EmailSend? send, long? shopId, HashSet<(long, string)> suppressed, DateTimeOffset now, CancellationToken ct)
    {
        var email = send?.ToEmail ?? item.Email;
        switch (item.Kind)
        {
            case "processed" when send is { Status: SendStatusKind.Unknown or SendStatusKind.Pending }:
                // The answer to an ambiguous send: SendGrid did take it, so it must not be retried.
                send.Status = SendStatusKind.Sent;
                send.SentAt ??= item.At;
                send.ProviderMessageId ??= item.MessageId;
                Journey(send, "sent", item.At, "confirmed by SendGrid");
                break;
            case "delivered" when send is { DeliveredAt: null }:
                send.DeliveredAt = item.At;
                Journey(send, "delivered", item.At);
                break;
            case "open" when send is { OpenedAt: null }:
                send.OpenedAt = item.At;
                Journey(send, "opened", item.At);
                break;
            case "click" when send is { ClickedAt: null }:
                send.ClickedAt = item.At;
                Journey(send, "clicked", item.At);
                break;
            case "bounce" when item.BounceType == "blocked":
                // A block is about the sending reputation or a full mailbox, not a dead address: no suppression.
                if (send is not null)
                    Journey(send, "blocked", item.At);
                break;
            case "bounce":
                if (send is not null)
                {
                    send.BouncedAt ??= item.At;
                    Journey(send, "bounced", item.At);
                }
                await SuppressAsync(shopId, email, SuppressionReason.Bounced, "SendGrid bounce", suppressed, now, ct);
                break;
            case "dropped":
                if (send is not null)
                {
                    if (send.Status is SendStatusKind.Sent or SendStatusKind.Unknown or SendStatusKind.Pending)
                        send.Status = SendStatusKind.Failed;
                    send.Error = $"Dropped by SendGrid: {item.Reason}";
                    Journey(send, "dropped", item.At, item.Reason);
                }
                if (DroppedReason(item.Reason) is { } reason)
                    await SuppressAsync(shopId, email, reason, $"SendGrid dropped: {item.Reason}", suppressed, now, ct);
                break;
            case "spamreport":
                if (send is not null)
                    Journey(send, "complained", item.At);
                await SuppressAsync(shopId, email, SuppressionReason.Complained, "SendGrid spam report", suppressed, now, ct);
                break;
            case "unsubscribe" or "group_unsubscribe":
                if (send is not null)
                    Journey(send, "unsubscribed", item.At);
                await SuppressAsync(shopId, email, SuppressionReason.Unsubscribed, $"SendGrid {item.Kind}", suppressed, now, ct);
                break;
        }
    }

    static SuppressionReason? DroppedReason(string? reason) => reason?.ToLowerInvariant() switch
    {
        null => null,
        var r when r.Contains("bounce") || r.Contains("invalid") => SuppressionReason.Bounced,
        var r when r.Contains("spam") => SuppressionReason.Complained,
        var r when r.Contains("unsubscribe") => SuppressionReason.Unsubscribed,
        _ => null,
    };

    void Journey(EmailSend send, string kind, DateTimeOffset at, string? detail = null) =>
        db.Set<JourneyEvent>().Add(new JourneyEvent { JourneyId = send.JourneyId, ShopId = send.ShopId, At = at, Kind = kind, Step = send.Step, Detail = detail });

    async Task SuppressAsync(long? shopId, string? email, SuppressionReason reason, string note, HashSet<(long, string)> suppressed,
        DateTimeOffset now, CancellationToken ct)
    {
        if (shopId is not { } shop || string.IsNullOrWhiteSpace(email))
            return;
        var address = EmailAddresses.Normalize(email);
        if (!suppressed.Add((shop, address)) || await db.Set<Suppression>().AnyAsync(s => s.ShopId == shop && s.Email == address, ct))
            return;
        db.Set<Suppression>().Add(new Suppression { ShopId = shop, Email = address, Reason = reason, CreatedAt = now, Note = note });
    }

    async Task<EmailSend?> FindSendAsync(ParsedEvent item, CancellationToken ct)
    {
        var sends = db.Set<EmailSend>();
        if (item.EmailSendId is { } id && await sends.FindAsync([id], ct) is { } byId)
            return byId;
        if (item.JourneyId is { } journey && item.Step is { } step
            && await sends.FirstOrDefaultAsync(s => s.JourneyId == journey && s.Step == step, ct) is { } byJourney)
            return byJourney;
        if (item.MessageId is { Length: > 0 } messageId)
            return sends.Local.FirstOrDefault(s => s.ProviderMessageId == messageId)
                ?? await sends.FirstOrDefaultAsync(s => s.ProviderMessageId == messageId, ct);
        return null;
    }

    async Task<long?> ExistingShopAsync(long? shopId, CancellationToken ct) =>
        shopId is { } id && await db.Set<Shop>().AnyAsync(s => s.Id == id, ct) ? id : null;

    static List<ParsedEvent> Parse(byte[] body, out int skipped)
    {
        using var document = JsonDocument.Parse(body);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
            throw new JsonException("not an array");
        var events = new List<ParsedEvent>();
        skipped = 0;
        foreach (var element in document.RootElement.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object)
                throw new JsonException("not an object");
            var kind = Text(element, "event");
            var timestamp = Number(element, "timestamp");
            var messageId = Text(element, "sg_message_id");
            var key = Text(element, "sg_event_id")
                ?? (messageId is not null && kind is not null && timestamp is not null ? $"{messageId}:{kind}:{timestamp}" : null);
            if (kind is null || key is null)
            {
                skipped++;
                continue;
            }
            events.Add(new ParsedEvent(
                key.Length > 200 ? key[..200] : key,
                kind.Length > 40 ? kind[..40] : kind,
                timestamp is { } seconds and >= 0 and < 253402300799 ? DateTimeOffset.FromUnixTimeSeconds(seconds) : DateTimeOffset.UnixEpoch,
                Text(element, "email"),
                Guid.TryParse(Text(element, EmailCustomArgs.EmailSendId), out var sendId) ? sendId : null,
                Guid.TryParse(Text(element, EmailCustomArgs.JourneyId), out var journeyId) ? journeyId : null,
                (int?)Number(element, EmailCustomArgs.Step),
                Number(element, EmailCustomArgs.ShopId),
                messageId?.Split('.')[0],
                Text(element, "type"),
                Text(element, "reason")));
        }
        return events;
    }

    static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;

    // custom_args come back as strings; SendGrid's own numbers come as numbers.
    static long? Number(JsonElement element, string name) =>
        long.TryParse(Text(element, name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : null;
}
