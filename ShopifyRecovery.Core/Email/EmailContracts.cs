namespace ShopifyRecovery.Email;

/// <summary>A fully rendered email ready for a provider. <see cref="IdempotencyKey"/> is the ledger entry id.</summary>
public sealed record EmailMessage(
    string FromEmail,
    string FromName,
    string To,
    string? ReplyTo,
    string Subject,
    string Html,
    string Text,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, string> CustomArgs,
    string IdempotencyKey);

public enum SendStatus
{
    Sent,
    /// <summary>Nothing was delivered (429, connect failure): safe to try again after <see cref="SendResult.RetryAfter"/>.</summary>
    TransientFailure,
    /// <summary>The provider refused it for good (400/401/403/413).</summary>
    PermanentFailure,
    /// <summary>The request may have been accepted (timeout, 5xx after the body went out): never resent blindly.</summary>
    Unknown,
}

public sealed record SendResult(SendStatus Status, string? ProviderMessageId = null, string? Error = null, TimeSpan? RetryAfter = null);

public interface IEmailSender
{
    string Name { get; }
    Task<SendResult> SendAsync(EmailMessage message, CancellationToken ct);
}

/// <summary>A merchant-editable template for one step and variant: Liquid in every part.</summary>
public sealed record TemplateSource(string Subject, string Preheader, string Html, string Text);

/// <summary>A problem in a template, pointing at the part and line the merchant must fix.</summary>
public sealed record TemplateError(string Part, int Line, int Column, string Message);

public sealed record RenderedEmail(string Subject, string Preheader, string Html, string Text);

/// <summary>What templates can use. Names are snake_case in Liquid (<c>{{ cart.lines }}</c>, <c>{{ discount.code }}</c>).</summary>
public sealed record EmailModel(
    EmailShop Shop,
    EmailCustomer Customer,
    EmailCart Cart,
    string RecoveryUrl,
    EmailDiscount? Discount,
    string UnsubscribeUrl,
    int StepNumber);

public sealed record EmailShop(string Name, string Email, string Address, string Domain);

public sealed record EmailCustomer(string? FirstName, string? LastName, string Email);

/// <summary>Money is in the presentment currency the shopper saw, already formatted for display too.</summary>
public sealed record EmailCart(IReadOnlyList<EmailCartLine> Lines, decimal Subtotal, decimal Total, string Currency, int ItemCount);

public sealed record EmailCartLine(string Title, string? VariantTitle, int Quantity, decimal Price, decimal LinePrice, string? ImageUrl, string? ProductType);

public sealed record EmailDiscount(string Code, decimal? Percentage, bool FreeShipping, DateTimeOffset ExpiresAt, IReadOnlyList<string> Codes);

public interface IEmailTemplates
{
    /// <summary>Parses every part strictly: syntax errors and unknown variables come back with line numbers.</summary>
    IReadOnlyList<TemplateError> Validate(TemplateSource source);

    RenderedEmail Render(TemplateSource source, EmailModel model);

    /// <summary>The shipped default for a step (1-based) and variant, good enough to send as it is.</summary>
    TemplateSource Default(int stepNumber, string variant);
}
