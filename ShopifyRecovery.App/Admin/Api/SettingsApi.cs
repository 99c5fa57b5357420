using Microsoft.AspNetCore.Http.HttpResults;
using System.Net.Http.Headers;
using System.Net.Mail;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ShopifyRecovery.App.Auth;
using ShopifyRecovery.Email;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.App.Admin.Api;

/// <param name="FooterAddress">The postal address every email's footer shows (anti-spam law in most markets requires it).</param>
public sealed record ShopSettingsView(string? SenderName, string? ReplyTo, string? FooterAddress, int RetentionDays, string? ShopName, string? ShopEmail);

public sealed record ShopSettingsUpdate(string? SenderName, string? ReplyTo, string? FooterAddress, int RetentionDays);

public sealed record SendGridCheck(string Provider, bool Configured, bool? Reachable, string Message);

/// <summary>GET/PUT /api/settings (sender, reply-to, footer address, retention) and POST /api/settings/sendgrid-check.</summary>
public static class SettingsApi
{
    public const int MinRetentionDays = 30, MaxRetentionDays = 3650;
    const string SendGridScopesUrl = "https://api.sendgrid.com/v3/scopes";

    public static RouteGroupBuilder MapSettingsApi(this RouteGroupBuilder api)
    {
        var settings = api.MapGroup("/settings");
        settings.MapGet("/", GetAsync);
        settings.MapPut("/", PutAsync);
        settings.MapPost("/sendgrid-check", CheckSendGridAsync);
        return api;
    }

    static async Task<Ok<ShopSettingsView>> GetAsync(CurrentShop shop, RecoveryDbContext db, CancellationToken ct)
    {
        var shopRow = await db.Set<Shop>().AsNoTracking().SingleAsync(s => s.Id == shop.Id, ct);
        var row = await db.Set<ShopSettings>().AsNoTracking().SingleOrDefaultAsync(s => s.ShopId == shop.Id, ct);
        return TypedResults.Ok(View(shopRow, row));
    }

    static async Task<Results<Ok<ShopSettingsView>, ValidationProblem>> PutAsync(
        ShopSettingsUpdate update, CurrentShop shop, RecoveryDbContext db, TimeProvider clock, ILogger<RecoveryDbContext> logger, CancellationToken ct)
    {
        if (Validate(update) is { Count: > 0 } errors)
            return TypedResults.ValidationProblem(errors, title: "The settings were not saved");
        var shopRow = await db.Set<Shop>().SingleAsync(s => s.Id == shop.Id, ct);
        var row = await db.Set<ShopSettings>().SingleOrDefaultAsync(s => s.ShopId == shop.Id, ct);
        if (row is null)
        {
            row = new ShopSettings { ShopId = shop.Id };
            db.Set<ShopSettings>().Add(row);
        }
        row.SenderName = Blank(update.SenderName);
        row.ReplyTo = Blank(update.ReplyTo);
        row.RetentionDays = update.RetentionDays;
        row.UpdatedAt = clock.GetUtcNow();
        shopRow.Address = update.FooterAddress!.Trim();
        await db.SaveChangesAsync(ct);
        AdminLog.SettingsSaved(logger, "sender", shop.Domain);
        return TypedResults.Ok(View(shopRow, row));
    }

    public static Dictionary<string, string[]> Validate(ShopSettingsUpdate update)
    {
        var errors = new Dictionary<string, string[]>();
        if (update.SenderName is { } name && (name.Trim().Length > 100 || name.IndexOfAny(['\r', '\n', '<', '>', '"']) >= 0))
            errors["senderName"] = ["must be at most 100 characters, on one line, without < > or \"."];
        if (Blank(update.ReplyTo) is { } replyTo && (!MailAddress.TryCreate(replyTo, out var address) || address.Address != replyTo))
            errors["replyTo"] = [$"'{replyTo}' is not an email address."];
        if (string.IsNullOrWhiteSpace(update.FooterAddress))
            errors["footerAddress"] = ["is required: the law in most markets requires a postal address in marketing email."];
        else if (update.FooterAddress.Trim().Length > 1000)
            errors["footerAddress"] = ["must be at most 1000 characters."];
        if (update.RetentionDays is < MinRetentionDays or > MaxRetentionDays)
            errors["retentionDays"] = [$"must be between {MinRetentionDays} and {MaxRetentionDays}; it is {update.RetentionDays}."];
        return errors;
    }

    /// <summary>Says which provider sends; for SendGrid, whether the key is accepted and may send mail.</summary>
    static async Task<Ok<SendGridCheck>> CheckSendGridAsync(IOptions<EmailOptions> email, IOptions<SendGridOptions> sendGrid,
        IHttpClientFactory httpClients, CancellationToken ct)
    {
        if (email.Value.Provider != EmailProvider.SendGrid)
            return TypedResults.Ok(new SendGridCheck(email.Value.Provider.ToString(), Configured: false, Reachable: null,
                $"Outbox mode: emails are written as .eml files to '{email.Value.OutboxPath}' and SendGrid is not used. " +
                "Set Email:Provider=SendGrid and SendGrid:ApiKey to send for real."));
        if (string.IsNullOrWhiteSpace(sendGrid.Value.ApiKey))
            return TypedResults.Ok(new SendGridCheck("SendGrid", false, null, "SendGrid:ApiKey is not set."));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        using var request = new HttpRequestMessage(HttpMethod.Get, SendGridScopesUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", sendGrid.Value.ApiKey);
        try
        {
            using var response = await httpClients.CreateClient(SendGridEmailSender.HttpClientName).SendAsync(request, timeout.Token);
            if ((int)response.StatusCode is 401 or 403)
                return TypedResults.Ok(new SendGridCheck("SendGrid", true, true, "SendGrid answered, but refused the API key."));
            if (!response.IsSuccessStatusCode)
                return TypedResults.Ok(new SendGridCheck("SendGrid", true, true, $"SendGrid answered {(int)response.StatusCode}."));
            using var scopes = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(timeout.Token), cancellationToken: timeout.Token);
            var canSend = scopes.RootElement.TryGetProperty("scopes", out var list) && list.ValueKind == JsonValueKind.Array
                && list.EnumerateArray().Any(s => s.ValueKind == JsonValueKind.String && s.GetString() == "mail.send");
            return TypedResults.Ok(new SendGridCheck("SendGrid", true, true,
                canSend ? "SendGrid accepts the API key and it may send mail." : "SendGrid accepts the API key, but it lacks the mail.send permission."));
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException && !ct.IsCancellationRequested)
        {
            return TypedResults.Ok(new SendGridCheck("SendGrid", true, false, $"SendGrid could not be reached ({e.GetType().Name})."));
        }
    }

    static ShopSettingsView View(Shop shop, ShopSettings? row) =>
        new(row?.SenderName, row?.ReplyTo, shop.Address, row?.RetentionDays ?? new ShopSettings().RetentionDays, shop.Name, shop.Email);

    static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
