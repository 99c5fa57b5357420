using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace ShopifyRecovery.Tests.Admin.Browser;

/// <summary>With billing required, a merchant without a plan is told why nothing is sent and where to choose one.</summary>
[NonParallelizable]
public sealed class PlanNoticeBrowserTests
{
    const string SelectionUrl = "https://admin.shopify.com/store/browser-shop/charges/shopify-recovery/pricing_plans";

    FakeShopify _shopify = null!;
    AdminBrowser _browser = null!;
    IPage Page => _browser.Page;

    [SetUp]
    public async Task StartAsync()
    {
        SetDefaultExpectTimeout(15_000);
        _shopify = await FakeShopify.StartAsync();
        _browser = await AdminBrowser.StartAsync(new Dictionary<string, string?>
        {
            ["Shopify:ApiBaseUrlOverride"] = _shopify.BaseUrl,
            ["Billing:Required"] = "true",
        });
        await using var scope = _browser.Harness.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ShopTokens>().SaveInstallAsync(AdminBrowser.Shop,
            new ShopifyAccessToken("shpat_browser", FakeShopify.DefaultScopes, null, null, null), CancellationToken.None);
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _browser.DisposeAsync();
        await _shopify.DisposeAsync();
    }

    [Test]
    public async Task Without_a_plan_every_page_says_emails_wait_and_the_button_opens_shopifys_plan_page_in_the_top_frame()
    {
        // Arrange: the admin frames the app as Shopify does, a page on admin.shopify.com with the app (served over https)
        // in an iframe. Both origins are answered here: the admin page by a stub, the app's origin by the app on Kestrel.
        const string AdminPage = "https://admin.shopify.com/store/browser-shop/apps/shopify-recovery";
        const string AppOrigin = "https://shopify-recovery.test";
        var appUrl = $"{AppOrigin}/activity?shop={AdminBrowser.Shop}&host=YnJvd3Nlci1zaG9w&embedded=1";
        await Page.RouteAsync(AppOrigin + "/**", async route =>
        {
            var response = await route.FetchAsync(new RouteFetchOptions { Url = _browser.BaseUrl + route.Request.Url[AppOrigin.Length..] });
            await route.FulfillAsync(new RouteFulfillOptions { Response = response });
        });
        await Page.RouteAsync(AdminPage, route => route.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = $"<!doctype html><title>Shopify admin</title><iframe id=\"app-frame\" src=\"{appUrl}\" style=\"width:1200px;height:900px\"></iframe>",
        }));
        // Act
        await Page.GotoAsync(AdminPage);
        var app = Page.FrameLocator("#app-frame");
        // Assert
        await Expect(app.Locator("#plan-notice s-banner[heading='Recovery emails are paused until you choose a plan']")).ToBeVisibleAsync();
        await Expect(app.Locator("#plan-notice")).ToContainTextAsync("Abandoned checkouts are still tracked");

        // Act: the plan page is Shopify's own; the test browser refuses the host, but the request shows which frame went there.
        var request = await Page.RunAndWaitForRequestAsync(() => app.Locator("#choose-plan").ClickAsync(), r => r.Url == SelectionUrl);
        // Assert
        Assert.That(request.Frame, Is.SameAs(Page.MainFrame), "the plan page replaces the admin page, not the app inside its frame");
    }

    [Test]
    public async Task With_an_active_plan_there_is_no_notice_and_settings_name_the_plan()
    {
        // Arrange
        _shopify.On("ActiveSubscriptions", FakeShopify.Data("""
            {"currentAppInstallation":{"activeSubscriptions":[{"id":"gid://shopify/AppSubscription/5","name":"Growth","status":"ACTIVE","test":false}]}}
            """));

        // Act
        await _browser.OpenAsync("/settings");
        // Assert
        await Expect(Page.Locator("#plan-status")).ToHaveTextAsync("Growth is active.");
        await Expect(Page.Locator("#change-plan")).ToHaveAttributeAsync("href", SelectionUrl);
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle); // the notice's own plan answer has arrived too
        await Expect(Page.Locator("#plan-notice")).ToHaveCountAsync(0);
        Assert.That(_shopify.GraphQLRequests("ActiveSubscriptions"), Has.Count.EqualTo(1), "the notice and the page share one read");
    }
}
