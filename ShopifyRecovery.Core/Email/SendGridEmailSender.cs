using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace ShopifyRecovery.Email;

/// <summary>
/// Sends through SendGrid's v3 mail/send with the SDK over a factory-made HttpClient. SendGrid takes no
/// idempotency key, so nothing is resent blindly: the HTTP pipeline retries only when the request never left
/// (connect failure), and every outcome is classified for the ledger —
/// 200/202 Sent (with X-Message-Id); 400/401/403/413 and other 4xx Permanent; 429 Transient with the wait from
/// X-RateLimit-Reset; 5xx, timeouts and broken connections after sending Unknown.
/// </summary>
public sealed class SendGridEmailSender(IHttpClientFactory httpClients, IOptions<SendGridOptions> options, TimeProvider clock,
    ILogger<SendGridEmailSender> logger) : IEmailSender
{
    public const string HttpClientName = "SendGrid";
    static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(60);
    static readonly TimeSpan ConnectRetryAfter = TimeSpan.FromSeconds(30);

    public string Name => "SendGrid";

    public async Task<SendResult> SendAsync(EmailMessage message, CancellationToken ct)
    {
        var client = new SendGridClient(httpClients.CreateClient(HttpClientName), new SendGridClientOptions
        {
            ApiKey = options.Value.ApiKey,
            HttpErrorAsException = false,
        });
        SendResult result;
        HttpStatusCode statusCode;
        try
        {
            var response = await client.SendEmailAsync(Build(message, options.Value.SandboxMode), ct);
            statusCode = response.StatusCode;
            result = await ClassifyAsync(statusCode, response.Headers, response.Body, clock.GetUtcNow(), ct);
        }
        catch (HttpRequestException e) when (NothingWasSent(e))
        {
            result = new SendResult(SendStatus.TransientFailure, Error: "SendGrid could not be reached: " + e.HttpRequestError, RetryAfter: ConnectRetryAfter);
            EmailLog.SendGridFailed(logger, message.IdempotencyKey, result.Status, e);
            return result;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or TimeoutRejectedException or IOException)
        {
            // The body may have reached SendGrid: resending could mail the shopper twice.
            result = new SendResult(SendStatus.Unknown, Error: $"No answer from SendGrid after sending ({e.GetType().Name}).");
            EmailLog.SendGridFailed(logger, message.IdempotencyKey, result.Status, e);
            return result;
        }

        if (result.Status == SendStatus.Sent)
            EmailLog.SendGridAccepted(logger, message.IdempotencyKey, result.ProviderMessageId);
        else
            EmailLog.SendGridRefused(logger, message.IdempotencyKey, (int)statusCode, result.Status);
        return result;
    }

    /// <summary>True when the failure happened before any byte of the request was sent, so a retry cannot duplicate.</summary>
    public static bool NothingWasSent(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError;

    internal static async Task<SendResult> ClassifyAsync(HttpStatusCode statusCode, HttpResponseHeaders headers, HttpContent? body,
        DateTimeOffset now, CancellationToken ct)
    {
        var code = (int)statusCode;
        if (code is 200 or 202)
        {
            var id = headers.TryGetValues("X-Message-Id", out var values) ? values.FirstOrDefault() : null;
            return new SendResult(SendStatus.Sent, ProviderMessageId: id);
        }
        var error = $"SendGrid answered {code}: {await ReadErrorAsync(body, ct)}";
        return code switch
        {
            429 => new SendResult(SendStatus.TransientFailure, Error: error, RetryAfter: RetryAfter(headers, now)),
            >= 500 or 408 => new SendResult(SendStatus.Unknown, Error: error),
            _ => new SendResult(SendStatus.PermanentFailure, Error: error),
        };
    }

    /// <summary>SendGrid's 429 says when the limit resets (X-RateLimit-Reset, unix seconds); Retry-After is the fallback.</summary>
    static TimeSpan RetryAfter(HttpResponseHeaders headers, DateTimeOffset now)
    {
        if (headers.TryGetValues("X-RateLimit-Reset", out var reset)
            && long.TryParse(reset.FirstOrDefault(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
        {
            var wait = DateTimeOffset.FromUnixTimeSeconds(seconds) - now;
            return wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
        }
        if (headers.RetryAfter is { } retryAfter)
        {
            var wait = retryAfter.Delta ?? (retryAfter.Date is { } date ? date - now : DefaultRetryAfter);
            return wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait;
        }
        return DefaultRetryAfter;
    }

    static async Task<string> ReadErrorAsync(HttpContent? body, CancellationToken ct)
    {
        if (body is null)
            return "(no body)";
        var text = await body.ReadAsStringAsync(ct);
        // 413 may come back as an HTML page from a proxy; keep the ledger's error short either way.
        return text.Length > 500 ? text[..500] + "…" : text;
    }

    static SendGridMessage Build(EmailMessage message, bool sandbox)
    {
        var mail = new SendGridMessage();
        mail.SetFrom(new EmailAddress(message.FromEmail, message.FromName));
        mail.AddTo(new EmailAddress(message.To));
        if (!string.IsNullOrWhiteSpace(message.ReplyTo))
            mail.SetReplyTo(new EmailAddress(message.ReplyTo));
        mail.SetSubject(message.Subject);
        mail.AddContent(MimeType.Text, message.Text);
        mail.AddContent(MimeType.Html, message.Html);
        if (message.Headers.Count > 0)
            mail.AddHeaders(message.Headers.ToDictionary());
        if (message.CustomArgs.Count > 0)
            mail.AddCustomArgs(message.CustomArgs.ToDictionary());
        // Our own signed /r links record clicks and apply the code; SendGrid's rewriting would hide them behind its domain,
        // and our own unsubscribe handling replaces its subscription footer.
        mail.SetClickTracking(false, false);
        mail.SetSubscriptionTracking(false);
        mail.SetOpenTracking(true);
        if (sandbox)
            mail.SetSandBoxMode(true);
        return mail;
    }
}
