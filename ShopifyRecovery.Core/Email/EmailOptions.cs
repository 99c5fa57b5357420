using System.Net.Mail;
using Microsoft.Extensions.Options;

namespace ShopifyRecovery.Email;

public enum EmailProvider { Outbox, SendGrid }

public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>Used when no <see cref="FromAddress"/> is set: the .invalid domain can never be mistaken for a real sender.</summary>
    public const string PlaygroundFromAddress = "recovery@playground.invalid";

    public EmailProvider Provider { get; set; } = EmailProvider.Outbox;

    /// <summary>Where the outbox writes one .eml file per message; relative paths are under the working directory.</summary>
    public string OutboxPath { get; set; } = "outbox";

    /// <summary>
    /// The envelope sender, one address for every shop (a sender verified in SendGrid, on a domain with SPF/DKIM for it).
    /// Each email shows the shop's name as display name and replies go to the shop's address, so shoppers see the shop.
    /// Required with SendGrid; a shop's *.myshopify.com domain cannot be used, since we may not send for it.
    /// </summary>
    public string? FromAddress { get; set; }

    public string EffectiveFromAddress => string.IsNullOrWhiteSpace(FromAddress) ? PlaygroundFromAddress : FromAddress.Trim();
}

public sealed class SendGridOptions
{
    public const string Section = "SendGrid";

    public string? ApiKey { get; set; }

    /// <summary>The Signed Event Webhook public key (base64 DER, as SendGrid shows it). Without it every event post is refused.</summary>
    public string? WebhookVerificationKey { get; set; }

    /// <summary>Signed event posts older (or further in the future) than this are refused as replays.</summary>
    public TimeSpan WebhookMaxAge { get; set; } = TimeSpan.FromMinutes(10);

    public int WebhookMaxBodyBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>One attempt's limit for mail/send; a request that times out is reported Unknown, never resent.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>SendGrid validates but delivers nothing: for a staging smoke test.</summary>
    public bool SandboxMode { get; set; }
}

sealed class EmailOptionsValidator(IOptions<SendGridOptions> sendGrid) : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var errors = new List<string>();
        if (!Enum.IsDefined(options.Provider))
            errors.Add($"Email:Provider must be Outbox or SendGrid; it is '{options.Provider}'.");
        if (options.Provider == EmailProvider.Outbox && string.IsNullOrWhiteSpace(options.OutboxPath))
            errors.Add("Email:OutboxPath must name a folder when Email:Provider is Outbox.");
        if (!string.IsNullOrWhiteSpace(options.FromAddress) && !MailAddress.TryCreate(options.FromAddress.Trim(), out _))
            errors.Add($"Email:FromAddress must be an email address; it is '{options.FromAddress}'.");
        if (options.Provider == EmailProvider.SendGrid)
        {
            if (string.IsNullOrWhiteSpace(sendGrid.Value.ApiKey))
                errors.Add("SendGrid:ApiKey is required when Email:Provider is SendGrid.");
            if (string.IsNullOrWhiteSpace(options.FromAddress))
                errors.Add("Email:FromAddress is required when Email:Provider is SendGrid (a sender address verified in SendGrid).");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

sealed class SendGridOptionsValidator : IValidateOptions<SendGridOptions>
{
    public ValidateOptionsResult Validate(string? name, SendGridOptions options)
    {
        var errors = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.WebhookVerificationKey) && SendGridEventSignature.TryCreate(options.WebhookVerificationKey) is null)
            errors.Add("SendGrid:WebhookVerificationKey must be the base64 public key SendGrid shows for the Signed Event Webhook.");
        if (options.WebhookMaxAge < TimeSpan.FromMinutes(1) || options.WebhookMaxAge > TimeSpan.FromDays(1))
            errors.Add($"SendGrid:WebhookMaxAge must be between 00:01:00 and 1.00:00:00; it is {options.WebhookMaxAge}.");
        if (options.WebhookMaxBodyBytes is < 1024 or > 64 * 1024 * 1024)
            errors.Add($"SendGrid:WebhookMaxBodyBytes must be between 1024 and 67108864; it is {options.WebhookMaxBodyBytes}.");
        if (options.Timeout < TimeSpan.FromSeconds(1) || options.Timeout > TimeSpan.FromMinutes(5))
            errors.Add($"SendGrid:Timeout must be between 00:00:01 and 00:05:00; it is {options.Timeout}.");
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
