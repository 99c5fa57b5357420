using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Shopify.Admin;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Shopify;

/// <summary>
/// The production registrations (persistence, Shopify, Admin client) over a real migrated SQLite file, pointed at a
/// FakeShopify on loopback, with a clock whose waits elapse at once and are recorded.
/// </summary>
sealed class AdminHarness : IAsyncDisposable
{
    public const string ShopDomain = "fake-shop.myshopify.com";

    AdminHarness(FakeShopify shopify, TestDatabase database, ServiceProvider services, InstantTimeProvider clock, CapturedLogs logs) =>
        (Shopify, Database, Services, Clock, Logs) = (shopify, database, services, clock, logs);

    public FakeShopify Shopify { get; }
    public TestDatabase Database { get; }
    public ServiceProvider Services { get; }
    public InstantTimeProvider Clock { get; }
    public CapturedLogs Logs { get; }
    public IShopifyAdmin Admin => Services.GetRequiredService<IShopifyAdmin>();

    public static async Task<AdminHarness> StartAsync(bool install = true)
    {
        var shopify = await FakeShopify.StartAsync();
        var database = await TestDatabase.CreateAsync();
        var clock = new InstantTimeProvider();
        var logs = new CapturedLogs();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Database"] = database.ConnectionString,
            ["Shopify:ApiKey"] = TestApp.ApiKey,
            ["Shopify:ApiSecret"] = TestApp.ApiSecret,
            ["Shopify:ApiBaseUrlOverride"] = shopify.BaseUrl,
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.AddProvider(logs))
            .AddSingleton<TimeProvider>(clock)
            .AddPersistence()
            .AddShopify()
            .AddShopifyAdmin()
            .AddSingleton<IDataProtectionProvider>(new EphemeralDataProtectionProvider())
            .BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true, ValidateOnBuild = true });
        var harness = new AdminHarness(shopify, database, services, clock, logs);
        if (install)
            await harness.InstallAsync(new ShopifyAccessToken("shpat_installed", FakeShopify.DefaultScopes, null, null, null));
        return harness;
    }

    public async Task InstallAsync(ShopifyAccessToken token)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ShopTokens>().SaveInstallAsync(ShopDomain, token, CancellationToken.None);
    }

    public static JsonElement ToElement(JsonNode? node) => JsonDocument.Parse(node?.ToJsonString() ?? "null").RootElement;

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Shopify.DisposeAsync();
        await Database.DisposeAsync();
    }
}
