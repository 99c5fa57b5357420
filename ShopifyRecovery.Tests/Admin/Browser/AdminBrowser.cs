using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ShopifyRecovery.App.Admin;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Admin.Browser;

/// <summary>
/// The real App on Kestrel (127.0.0.1, a free port) driven by Debian's headless Chromium. Shopify's CDN is answered
/// by local stubs: App Bridge issues session tokens the test signs for its shop, Polaris is the app's own stand-in.
/// Nothing leaves the machine: every other host is refused.
/// </summary>
public sealed class AdminBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string Shop = "browser-shop.myshopify.com";

    readonly AdminApiHarness _harness;
    readonly IPlaywright _playwright;
    readonly IBrowserContext _context;
    readonly string _profile;

    AdminBrowser(AdminApiHarness harness, IPlaywright playwright, IBrowserContext context, string profile, string baseUrl, IPage page)
    {
        _harness = harness;
        _playwright = playwright;
        _context = context;
        _profile = profile;
        BaseUrl = baseUrl;
        Page = page;
    }

    public string BaseUrl { get; }
    public IPage Page { get; }
    public AdminApiHarness Harness => _harness;
    public int TokensIssued { get; private set; }
    public List<string> ApiCallsWithoutToken { get; } = [];

    public static async Task<AdminBrowser> StartAsync(IDictionary<string, string?>? settings = null)
    {
        if (!File.Exists(ChromiumPath))
            Assert.Fail($"The browser tests need Debian's Chromium at {ChromiumPath}: install it with `apt-get install chromium`.");

        var harness = await AdminApiHarness.StartAsync(settings, kestrel: true);
        await harness.SeedShopAsync(Shop);
        var server = harness.App.Services.GetRequiredService<IServer>();
        var baseUrl = server.Features.Get<IServerAddressesFeature>()!.Addresses.Single().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal);

        var profile = Path.Combine(harness.Database.Directory, "chromium-profile");
        Directory.CreateDirectory(profile);
        var playwright = await Playwright.CreateAsync();
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            ViewportSize = new ViewportSize { Width = 1280, Height = 1000 },
        });
        AdminBrowser? browser = null;
        await context.ExposeFunctionAsync("__testIdToken", () =>
        {
            browser!.TokensIssued++;
            return SessionTokenValidator.Issue(Shop, TestApp.ApiKey, TestApp.ApiSecret, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        });
        await context.RouteAsync("**/*", async route =>
        {
            var url = new Uri(route.Request.Url);
            if (route.Request.Url == AdminShell.AppBridgeUrl)
                await route.FulfillAsync(new RouteFulfillOptions { ContentType = "text/javascript", Body = AppBridgeStub });
            else if (route.Request.Url == AdminShell.PolarisUrl)
                await route.FulfillAsync(new RouteFulfillOptions { ContentType = "text/javascript", BodyBytes = AdminAssets.Find("sim/polaris.js")!.Content });
            else if (url.Host == "127.0.0.1" || url.Scheme is "data" or "about" or "blob")
                await route.ContinueAsync();
            else
                await route.AbortAsync("blockedbyclient");
        });
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        browser = new AdminBrowser(harness, playwright, context, profile, baseUrl, page);
        page.Request += (_, request) =>
        {
            if (new Uri(request.Url).AbsolutePath.StartsWith("/api/", StringComparison.Ordinal)
                && !(request.Headers.TryGetValue("authorization", out var auth) && auth.StartsWith("Bearer ey", StringComparison.Ordinal)))
                browser.ApiCallsWithoutToken.Add(request.Url);
        };
        return browser;
    }

    /// <summary>Opens a page of the admin as Shopify would frame it: with the shop and host parameters.</summary>
    public async Task OpenAsync(string path)
    {
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        await Page.GotoAsync($"{BaseUrl}{path}{separator}shop={Shop}&host=YnJvd3Nlci1zaG9w&embedded=1");
    }

    /// <summary>Set SR_SCREENSHOTS to a folder to keep a picture of each page (for a person to look at).</summary>
    public async Task ScreenshotAsync(string name)
    {
        if (Environment.GetEnvironmentVariable("SR_SCREENSHOTS") is not { Length: > 0 } folder)
            return;
        // Two animation frames: what was just rendered is painted before the picture is taken.
        await Page.EvaluateAsync("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
    }

    // Shopify's App Bridge in miniature: idToken() asks the test for a token signed for the test shop.
    const string AppBridgeStub = """
        window.shopify = {
          config: { shop: 'browser-shop.myshopify.com' },
          idToken: () => window.__testIdToken(),
          toast: {
            show(message, options) {
              let host = document.getElementById('sim-toasts');
              if (!host) { host = document.createElement('div'); host.id = 'sim-toasts'; document.body.append(host); }
              const toast = document.createElement('div');
              toast.className = 'sim-toast' + (options && options.isError ? ' sim-toast-error' : '');
              toast.textContent = message;
              host.append(toast);
            },
          },
        };
        """;

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        _playwright.Dispose();
        await _harness.DisposeAsync();
    }
}
