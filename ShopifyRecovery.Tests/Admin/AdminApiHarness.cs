using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Admin;

/// <summary>
/// The real App host for admin API tests, with shops seeded straight into its database (installed, token sealed), so
/// /api resolves them without a token exchange.
/// </summary>
public sealed class AdminApiHarness : IAsyncDisposable
{
    public const string ShopA = "shop-a.myshopify.com";
    public const string ShopB = "shop-b.myshopify.com";

    AdminApiHarness(TestDatabase database, TestApp app)
    {
        Database = database;
        App = app;
    }

    public TestDatabase Database { get; }
    public TestApp App { get; }

    /// <param name="kestrel">Serve on a real socket (127.0.0.1, a free port) so a browser can reach the app.</param>
    public static async Task<AdminApiHarness> StartAsync(IDictionary<string, string?>? settings = null, bool kestrel = false)
    {
        var database = await TestDatabase.CreateAsync();
        var all = new Dictionary<string, string?> { ["Recovery:ReconcileTimerEnabled"] = "false" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            all[key] = value;
        var harness = new AdminApiHarness(database, new TestApp(database, all));
        if (kestrel)
        {
            harness.App.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            harness.App.StartServer();
        }
        harness.App.CreateClient().Dispose();
        await harness.SeedShopAsync(ShopA);
        await harness.SeedShopAsync(ShopB);
        return harness;
    }

    public async Task<long> SeedShopAsync(string domain)
    {
        await using var db = App.CreateDbContext();
        var shop = new Shop
        {
            Domain = domain,
            Name = domain.Split('.')[0],
            Email = $"owner@{domain.Split('.')[0]}.example",
            Address = "1 Test Street, Testville",
            Currency = "USD",
            IanaTimeZone = "UTC",
            Installed = true,
            AccessTokenCipher = "sealed-offline-token",
            InstalledAt = DateTimeOffset.UtcNow,
        };
        db.Set<Shop>().Add(shop);
        await db.SaveChangesAsync();
        return shop.Id;
    }

    public async Task<long> ShopIdAsync(string domain)
    {
        await using var db = App.CreateDbContext();
        return db.Set<Shop>().Single(s => s.Domain == domain).Id;
    }

    /// <summary>A journey as the intake would have stored it, with one sent email and its events.</summary>
    public async Task<Journey> SeedJourneyAsync(string shopDomain, Action<Journey>? change = null)
    {
        var shopId = await ShopIdAsync(shopDomain);
        var now = DateTimeOffset.UtcNow;
        var journey = new Journey
        {
            Id = Guid.CreateVersion7(),
            ShopId = shopId,
            CheckoutToken = Guid.NewGuid().ToString("N"),
            Email = $"sam.{Guid.NewGuid():N}"[..12] + "@example.com",
            FirstName = "Sam",
            LastName = "Shopper",
            Status = JourneyStatus.Active,
            LastActivityAt = now,
            CheckoutUpdatedAt = now,
            CreatedAt = now,
            ShopCurrency = "USD",
            PresentmentCurrency = "USD",
            Subtotal = 180m,
            Total = 180m,
            ShopTotal = 180m,
            ItemCount = 2,
            CartJson = CartJson.Write([new CartLine("Canvas Weekender Bag", "Olive", 1, 145m, 145m, null, "Bags", 1, 2), new CartLine("Leather Card Holder", null, 1, 35m, 35m, null, "Accessories", 3, 4)]),
            BuyerAcceptsMarketing = true,
            StepsSent = 1,
            Segment = "everyone",
            Variant = "default",
        };
        change?.Invoke(journey);
        await using var db = App.CreateDbContext();
        db.Set<Journey>().Add(journey);
        db.Set<JourneyEvent>().AddRange(
            new JourneyEvent { JourneyId = journey.Id, ShopId = shopId, At = now, Kind = EventKinds.Created },
            new JourneyEvent { JourneyId = journey.Id, ShopId = shopId, At = now, Kind = EventKinds.Deferred, Step = 1, Detail = "quiet hours until 08:00" },
            new JourneyEvent { JourneyId = journey.Id, ShopId = shopId, At = now, Kind = EventKinds.Sent, Step = 1 });
        db.Set<EmailSend>().Add(new EmailSend
        {
            Id = Guid.CreateVersion7(), ShopId = shopId, JourneyId = journey.Id, Step = 1, Status = SendStatusKind.Sent,
            ToEmail = journey.Email!, Subject = "You left something behind", Html = "<p>Your cart</p>", Text = "Your cart",
            CreatedAt = now, SentAt = now, Variant = "default",
        });
        await db.SaveChangesAsync();
        return journey;
    }

    public HttpClient Client(string shopDomain) => App.CreateAdminClient(shopDomain);

    public HttpClient Anonymous() => App.CreateClient();

    public HttpClient WithToken(string token)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static StringContent Json(object value) =>
        new(JsonSerializer.Serialize(value, SettingsJson.Options), Encoding.UTF8, "application/json");

    public static StringContent RawJson(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>());

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Database.DisposeAsync();
    }
}
