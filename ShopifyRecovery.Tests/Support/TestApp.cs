using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ShopifyRecovery.Intake;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Tests.Support;

/// <summary>
/// The real App host over a private SQLite file, with the worker in-process. Settings can be overridden per test
/// (for example <c>Shopify:ApiBaseUrlOverride</c> to point at a fake Shopify).
/// </summary>
public sealed class TestApp : WebApplicationFactory<Program>
{
    public const string ApiKey = "test-api-key";
    public const string ApiSecret = "test-api-secret";

    readonly Dictionary<string, string?> _settings;
    readonly Action<IServiceCollection>? _services;

    public TestApp(TestDatabase database, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        Database = database;
        _services = services;
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Database"] = database.ConnectionString,
            ["Shopify:ApiKey"] = ApiKey,
            ["Shopify:ApiSecret"] = ApiSecret,
            ["Shopify:AppUrl"] = "https://app.test",
            ["Email:OutboxPath"] = System.IO.Path.Combine(database.Directory, "outbox"),
            ["Messaging:Embedded:PollInterval"] = "00:00:00.050",
            ["Messaging:RetryBaseDelay"] = "00:00:00.100",
            ["Messaging:RetryMaxDelay"] = "00:00:01",
        };
        if (settings is not null)
            foreach (var (key, value) in settings)
                _settings[key] = value;
    }

    public TestDatabase Database { get; }

    public string Secret => _settings["Shopify:ApiKey"] is null ? ShopifyOptions.PlaygroundApiSecret : _settings["Shopify:ApiSecret"]!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // UseSetting (not ConfigureAppConfiguration) so Program sees the values while it composes the host.
        foreach (var (key, value) in _settings)
            builder.UseSetting(key, value);
        if (_services is not null)
            builder.ConfigureServices(_services);
    }

    public RecoveryDbContext CreateDbContext() => Database.CreateContext();

    /// <summary>Posts a webhook signed the way Shopify signs it.</summary>
    public Task<HttpResponseMessage> PostWebhookAsync(string topic, string shopDomain, string body, string? webhookId = null,
        string? secret = null, Action<HttpRequestMessage>? tweak = null)
    {
        var client = CreateClient();
        var request = SignedWebhook(topic, shopDomain, body, webhookId ?? Guid.NewGuid().ToString(), secret ?? Secret);
        tweak?.Invoke(request);
        return client.SendAsync(request);
    }

    public static HttpRequestMessage SignedWebhook(string topic, string shopDomain, string body, string webhookId, string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/shopify") { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookHeaders.Hmac, WebhookSignature.Compute(bytes, secret));
        request.Headers.Add(WebhookHeaders.Topic, topic);
        request.Headers.Add(WebhookHeaders.ShopDomain, shopDomain);
        request.Headers.Add(WebhookHeaders.WebhookId, webhookId);
        request.Headers.Add(WebhookHeaders.ApiVersion, "2026-04");
        request.Headers.Add(WebhookHeaders.TriggeredAt, DateTimeOffset.UtcNow.ToString("O"));
        return request;
    }

    /// <summary>A session token as App Bridge would issue it for this app.</summary>
    public string SessionToken(string shopDomain, TimeSpan? lifetime = null) =>
        SessionTokenValidator.Issue(shopDomain, ApiKey, ApiSecret, DateTimeOffset.UtcNow, lifetime ?? TimeSpan.FromMinutes(1));

    public HttpClient CreateAdminClient(string shopDomain)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", SessionToken(shopDomain));
        return client;
    }

    /// <summary>
    /// Starts the app expecting it to refuse, and returns why. WebApplicationFactory has a race of its own here: the
    /// app's thread may dispose the failed host before the factory looks up its lifetime, and the factory then reports
    /// an ObjectDisposedException instead of the app's error. The app fails the same way every time, so it is started
    /// again until the factory reports the app's own error.
    /// </summary>
    public Exception StartupFailure()
    {
        for (var attempt = 1; ; attempt++)
        {
            var failure = Assert.Catch(() => CreateClient())!;
            if (failure is not ObjectDisposedException { ObjectName: nameof(IServiceProvider) } || attempt == 5)
                return failure;
        }
    }

    public static string Fixture(string relativePath) =>
        File.ReadAllText(System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", relativePath));
}
