using Microsoft.Extensions.Options;

namespace ShopifyRecovery.Email;

/// <summary>Keys our ledger ids travel under in SendGrid's custom_args; they come back on every event.</summary>
public static class EmailCustomArgs
{
    public const string EmailSendId = "email_send_id";
    public const string JourneyId = "journey_id";
    public const string Step = "step";
    public const string ShopId = "shop_id";
}

public static class EmailHeaders
{
    public const string ListUnsubscribe = "List-Unsubscribe";
    public const string ListUnsubscribePost = "List-Unsubscribe-Post";
    public const string OneClick = "List-Unsubscribe=One-Click";
}

/// <summary>Who one ledger entry goes to and from: the shop's name as sender, replies to the shop.</summary>
public sealed record EmailEnvelope(Guid EmailSendId, Guid JourneyId, long ShopId, int Step, string To, string FromName, string? ReplyTo);

/// <summary>
/// Turns a rendered email and its ledger entry into a provider-ready message: one-click unsubscribe headers
/// (RFC 8058), ledger ids as custom args for event matching, and the ledger id as idempotency key.
/// </summary>
public sealed class EmailComposer(IOptions<EmailOptions> options, ILinkBuilder links)
{
    public EmailMessage Compose(RenderedEmail rendered, EmailEnvelope envelope)
    {
        var headers = new Dictionary<string, string>
        {
            [EmailHeaders.ListUnsubscribe] = $"<{links.UnsubscribeUrl(envelope.ShopId, envelope.To)}>",
            [EmailHeaders.ListUnsubscribePost] = EmailHeaders.OneClick,
        };
        var customArgs = new Dictionary<string, string>
        {
            [EmailCustomArgs.EmailSendId] = envelope.EmailSendId.ToString(),
            [EmailCustomArgs.JourneyId] = envelope.JourneyId.ToString(),
            [EmailCustomArgs.Step] = envelope.Step.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [EmailCustomArgs.ShopId] = envelope.ShopId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        return new EmailMessage(options.Value.EffectiveFromAddress, envelope.FromName, envelope.To, envelope.ReplyTo,
            rendered.Subject, rendered.Html, rendered.Text, headers, customArgs, envelope.EmailSendId.ToString("N"));
    }
}
