using System.Net;
using System.Text;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Shopify;

/// <summary>Authorization-code install and token exchange through the real App host, with Shopify played by FakeShopify.</summary>
public sealed class OAuthTests
{
    const string ShopDomain = "good-shop.myshopify.com";
    const string StateCookie = "shopify_oauth_state";

    [Test]
    public async Task Install_rejects_a_shop_that_is_not_a_myshopify_domain()
    {
        // Arrange
        await using var context = await Context.StartAsync();
        // Act
        var response = await context.Client.GetAsync("/auth/install?shop=evil.example.com");
        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(response.Headers.Contains("Set-Cookie"), Is.False);
    }

    [Test]
    public async Task Install_sets_a_state_cookie_and_redirects_to_the_shops_authorize_page_with_that_state()
    {
        // Arrange
        await using var context = await Context.StartAsync();
        // Act
        var response = await context.Client.GetAsync($"/auth/install?shop={ShopDomain}");
        // Assert
        var location = response.Headers.Location!.ToString();
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(StateCookie + "=", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(location, Does.StartWith($"https://{ShopDomain}/admin/oauth/authorize?client_id={TestApp.ApiKey}&scope="));
            Assert.That(location, Does.Contain("redirect_uri=https%3A%2F%2Fapp.test%2Fauth%2Fcallback"));
            Assert.That(Context.StateFrom(location), Has.Length.EqualTo(32));
            Assert.That(cookie, Does.Contain("httponly").IgnoreCase.And.Contain("path=/auth/callback").IgnoreCase);
        });
    }

    [Test]
    public async Task A_callback_with_a_bad_hmac_is_rejected_before_any_code_exchange()
    {
        // Arrange
        await using var context = await Context.StartAsync();
        var (state, cookie) = await context.StartInstallAsync();
        // Act
        var response = await context.CallbackAsync(state, cookie, tamper: q => q["hmac"] = new string('0', 64));
        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(context.Shopify.TokenRequests, Is.Empty);
    }

    [Test]
    public async Task A_callback_whose_state_does_not_match_the_browsers_cookie_is_rejected()
    {
        // Arrange: the cookie belongs to another install started in this browser
        await using var context = await Context.StartAsync();
        var (_, cookie) = await context.StartInstallAsync();
        var (otherState, _) = await context.StartInstallAsync();
        // Act
        var response = await context.CallbackAsync(otherState, cookie);
        var withoutCookie = await context.CallbackAsync(otherState, cookie: null);
        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(withoutCookie.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(context.Shopify.TokenRequests, Is.Empty);
    }

    [Test]
    public async Task A_callback_for_a_bad_shop_domain_is_rejected_even_when_correctly_signed()
    {
        // Arrange
        await using var context = await Context.StartAsync();
        var (state, cookie) = await context.StartInstallAsync();
        // Act
        var response = await context.CallbackAsync(state, cookie, shop: "good-shop.evil.com");
        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(context.Shopify.TokenRequests, Is.Empty);
    }

    [Test]
    public async Task A_good_callback_exchanges_the_code_and_stores_the_token_encrypted()
    {
        // Arrange
        await using var context = await Context.StartAsync();
        const string token = "shpat_plaintext_must_never_hit_the_disk_4f9c2a";
        context.Shopify.OnToken(FakeShopify.Token(token, expiresIn: 3600, refreshToken: "shprt_refresh_must_stay_secret_77e1"));
        var (state, cookie) = await context.StartInstallAsync();
        // Act
        var response = await context.CallbackAsync(state, cookie, code: "auth-code-123");
        // Assert
        var exchange = context.Shopify.TokenRequests.Single();
        await using var db = context.App.CreateDbContext();
        var shop = await db.Set<Shop>().AsNoTracking().SingleAsync(s => s.Domain == ShopDomain);
        var files = await context.DatabaseBytesAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
            Assert.That(response.Headers.Location!.ToString(), Is.EqualTo($"https://{ShopDomain}/admin/apps/{TestApp.ApiKey}"));
            Assert.That(exchange.Field("code"), Is.EqualTo("auth-code-123"));
            Assert.That(exchange.Field("client_id"), Is.EqualTo(TestApp.ApiKey));
            Assert.That(exchange.Field("client_secret"), Is.EqualTo(TestApp.ApiSecret));
            Assert.That(exchange.ShopDomain, Is.EqualTo(ShopDomain));
            Assert.That(shop.Installed, Is.True);
            Assert.That(shop.AccessTokenCipher, Is.Not.Null.And.Not.Contains(token));
            Assert.That(shop.AccessTokenExpiresAt, Is.Not.Null);
            Assert.That(Contains(files, ShopDomain), Is.True, "the search does look at the stored rows");
            Assert.That(Contains(files, token), Is.False, "the access token is stored in plaintext");
            Assert.That(Contains(files, "shprt_refresh_must_stay_secret_77e1"), Is.False, "the refresh token is stored in plaintext");
        });
    }

    [Test]
    public async Task Replaying_a_used_callback_is_rejected_and_exchanges_nothing_more()
    {
        // Arrange
        await using var context = await Context.StartAsync();
        var (state, cookie) = await context.StartInstallAsync();
        var query = context.SignedCallbackQuery(state, ShopDomain, "auth-code-123");
        var first = await context.GetWithCookieAsync("/auth/callback?" + query, cookie);
        // Act
        var replay = await context.GetWithCookieAsync("/auth/callback?" + query, cookie);
        // Assert
        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(replay.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(context.Shopify.TokenRequests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task The_first_admin_call_for_a_shop_without_a_token_installs_it_by_token_exchange()
    {
        // Arrange
        await using var context = await Context.StartAsync();
        context.Shopify.OnToken(FakeShopify.Token("shpat_exchanged", expiresIn: 3600, refreshToken: "shprt_exchanged"));
        var sessionToken = context.App.SessionToken(ShopDomain);
        var admin = context.App.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", sessionToken);
        // Act
        var response = await admin.GetAsync("/api/shop");
        // Assert
        var exchange = context.Shopify.TokenRequests.Single();
        await using var db = context.App.CreateDbContext();
        var shop = await db.Set<Shop>().AsNoTracking().SingleAsync(s => s.Domain == ShopDomain);
        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(ShopDomain));
            Assert.That(exchange.Field("grant_type"), Is.EqualTo("urn:ietf:params:oauth:grant-type:token-exchange"));
            Assert.That(exchange.Field("subject_token"), Is.EqualTo(sessionToken));
            Assert.That(exchange.Field("requested_token_type"), Is.EqualTo("urn:shopify:params:oauth:token-type:offline-access-token"));
            Assert.That(shop.Installed, Is.True);
            Assert.That(shop.RefreshTokenCipher, Is.Not.Null);
        });
    }

    [Test]
    public async Task An_admin_call_whose_token_exchange_fails_is_forbidden_and_installs_nothing()
    {
        // Arrange: Shopify answers 400 to an expired or forged session token
        await using var context = await Context.StartAsync();
        context.Shopify.OnToken("""{"error":"invalid_subject_token"}""", statusCode: 400);
        var admin = context.App.CreateClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", context.App.SessionToken(ShopDomain));
        // Act
        var response = await admin.GetAsync("/api/shop");
        // Assert
        await using var db = context.App.CreateDbContext();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden));
        Assert.That(await db.Set<Shop>().AnyAsync(s => s.Domain == ShopDomain), Is.False);
    }

    static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;

    sealed class Context : IAsyncDisposable
    {
        Context(FakeShopify shopify, TestDatabase database, TestApp app) => (Shopify, Database, App) = (shopify, database, app);

        public FakeShopify Shopify { get; }
        public TestDatabase Database { get; }
        public TestApp App { get; }
        public HttpClient Client { get; private set; } = null!;

        public static async Task<Context> StartAsync()
        {
            var shopify = await FakeShopify.StartAsync();
            var database = await TestDatabase.CreateAsync();
            var app = new TestApp(database, new Dictionary<string, string?> { ["Shopify:ApiBaseUrlOverride"] = shopify.BaseUrl });
            return new Context(shopify, database, app)
            {
                Client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }),
            };
        }

        public async Task<(string State, string Cookie)> StartInstallAsync()
        {
            var response = await Client.GetAsync($"/auth/install?shop={ShopDomain}");
            var setCookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(StateCookie + "=", StringComparison.Ordinal));
            return (StateFrom(response.Headers.Location!.ToString()), setCookie.Split(';')[0]);
        }

        public static string StateFrom(string location) =>
            location.Split('?')[1].Split('&').Single(p => p.StartsWith("state=", StringComparison.Ordinal))["state=".Length..];

        public string SignedCallbackQuery(string state, string shop, string code, Action<Dictionary<string, string>>? tamper = null)
        {
            var query = new Dictionary<string, string>
            {
                ["code"] = code,
                ["host"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin.shopify.com/store/{shop.Split('.')[0]}")),
                ["shop"] = shop,
                ["state"] = state,
                ["timestamp"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            query["hmac"] = QuerySignature.Compute(query, TestApp.ApiSecret);
            tamper?.Invoke(query);
            return string.Join('&', query.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));
        }

        public Task<HttpResponseMessage> CallbackAsync(string state, string? cookie, string shop = ShopDomain, string code = "auth-code",
            Action<Dictionary<string, string>>? tamper = null) =>
            GetWithCookieAsync("/auth/callback?" + SignedCallbackQuery(state, shop, code, tamper), cookie);

        public Task<HttpResponseMessage> GetWithCookieAsync(string url, string? cookie)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            if (cookie is not null)
                request.Headers.Add("Cookie", cookie);
            return Client.SendAsync(request);
        }

        /// <summary>The SQLite file and its write-ahead log, where recent rows live until a checkpoint.</summary>
        public async Task<byte[]> DatabaseBytesAsync()
        {
            var bytes = new List<byte>();
            foreach (var path in new[] { Database.Path, Database.Path + "-wal" }.Where(File.Exists))
            {
                await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var copy = new MemoryStream();
                await file.CopyToAsync(copy);
                bytes.AddRange(copy.ToArray());
            }
            return [.. bytes];
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await App.DisposeAsync();
            await Shopify.DisposeAsync();
            await Database.DisposeAsync();
        }
    }
}
