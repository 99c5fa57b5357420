using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using ShopifyRecovery.Recovery;
using static Microsoft.Playwright.Assertions;

namespace ShopifyRecovery.Tests.Admin.Browser;

/// <summary>A merchant's walk through the embedded admin, in headless Chromium against the real app.</summary>
[NonParallelizable]
public sealed class AdminBrowserTests
{
    static AdminBrowser _browser = null!;
    static IPage Page => _browser.Page;

    [OneTimeSetUp]
    public async Task StartAsync() => _browser = await AdminBrowser.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _browser.DisposeAsync();

    [SetUp]
    public void Patience() => SetDefaultExpectTimeout(15_000);

    [Test, Order(1)]
    public async Task A_new_merchant_sees_the_dashboard_explain_what_happens_next()
    {
        // Act
        await _browser.OpenAsync("/");
        // Assert
        await Expect(Page.Locator("#empty-state")).ToContainTextAsync("Here is what happens next");
        await Expect(Page.Locator("#empty-state")).ToContainTextAsync("One hour later");
        await Expect(Page.Locator("#native-overlap")).ToContainTextAsync("Marketing → Automations");
        await Expect(Page.Locator("s-app-nav s-link")).ToHaveCountAsync(7);
        await Expect(Page.Locator("s-app-nav")).ToContainTextAsync("Segments & incentives");
        await _browser.ScreenshotAsync("dashboard");
        Assert.That(_browser.TokensIssued, Is.GreaterThan(0), "the page asked App Bridge for a session token");
        Assert.That(_browser.ApiCallsWithoutToken, Is.Empty);
    }

    [Test, Order(2)]
    public async Task Editing_a_template_updates_the_live_preview()
    {
        // Arrange
        await _browser.OpenAsync("/templates");
        await Expect(Page.Locator("#preview-subject")).ToContainTextAsync("You left something");
        // Act
        await Page.Locator("#template-subject").FillAsync("{{ customer.first_name }}, your {{ cart.item_count }} items are waiting");
        // Assert
        await Expect(Page.Locator("#preview-subject")).ToHaveTextAsync("Ava, your 3 items are waiting");
        await Expect(Page.FrameLocator("#preview-frame").Locator("body")).ToContainTextAsync("Merino Crew Sweater");
        await Expect(Page.Locator("#preview-frame")).ToHaveAttributeAsync("sandbox", "");
        await _browser.ScreenshotAsync("templates");
    }

    [Test, Order(3)]
    public async Task Saving_a_template_with_an_unknown_variable_shows_the_error_at_its_line()
    {
        // Arrange
        await _browser.OpenAsync("/templates?step=2&variant=default");
        await Expect(Page.Locator("#template-status")).ToContainTextAsync("Shipped default");
        var html = await Page.Locator("#template-html").InputValueAsync();
        // Act
        await Page.Locator("#template-html").FillAsync("<!-- greeting -->\n{{ customer.shoe_size }}\n" + html);
        await Page.Locator("#save-template").ClickAsync();
        // Assert
        var error = Page.Locator(".template-error[data-part=html]");
        await Expect(error).ToContainTextAsync("HTML, line 2");
        await Expect(error).ToContainTextAsync("shoe_size");
        await Expect(Page.Locator(".gutter .line.error[data-line='2']")).ToHaveCountAsync(1);
        await Expect(Page.Locator(".sim-toast-error")).ToContainTextAsync("not saved");
        await _browser.ScreenshotAsync("template-error");
        await using var db = _browser.Harness.App.CreateDbContext();
        Assert.That(await db.Set<EmailTemplate>().AnyAsync(t => t.Step == 2), Is.False, "an invalid template is never stored");
    }

    [Test, Order(4)]
    public async Task A_new_segment_rule_shows_who_it_matches()
    {
        // Arrange
        var big = await _browser.Harness.SeedJourneyAsync(AdminBrowser.Shop, j => { j.ShopTotal = 420m; j.FirstName = "Bianca"; });
        await _browser.Harness.SeedJourneyAsync(AdminBrowser.Shop, j => { j.ShopTotal = 40m; j.FirstName = "Sol"; });
        await _browser.OpenAsync("/segments");
        await Expect(Page.Locator("li.rule")).ToHaveCountAsync(5);
        // Act: a rule for big carts, moved to the top, with one condition.
        await Page.Locator("#rules-form s-button", new() { HasText = "Add rule" }).ClickAsync();
        for (var i = 0; i < 5; i++)
            await Page.Locator("li.rule[data-rule='rule-6'] s-button", new() { HasText = "↑" }).ClickAsync();
        var rule = Page.Locator("li.rule").First;
        await rule.Locator("input[aria-label='Rule 1 name']").FillAsync("big-carts");
        await rule.Locator("s-button", new() { HasText = "Add condition" }).ClickAsync();
        rule = Page.Locator("li.rule").First;
        await rule.Locator(".condition input[aria-label='Value']").FillAsync("300");
        await Page.Locator("#who-matches-button").ClickAsync();
        // Assert
        await Expect(Page.Locator("#match-counts .chip[data-rule='big-carts']")).ToHaveTextAsync("big-carts: 1");
        await Expect(Page.Locator($"tr[data-journey='{big.Id}'] .match-rule")).ToHaveTextAsync("big-carts");
        await _browser.ScreenshotAsync("segments");
    }

    [Test, Order(5)]
    public async Task Changing_the_flow_is_saved_and_an_invalid_value_is_rejected_beside_its_field()
    {
        // Arrange
        await _browser.OpenAsync("/flow");
        await Expect(Page.Locator("#steps .step-row")).ToHaveCountAsync(3);
        // Act
        await Page.Locator("#holdout").FillAsync("10");
        await Page.Locator("#save-flow").ClickAsync();
        await Expect(Page.Locator(".sim-toast").Last).ToHaveTextAsync("Flow saved");
        await Page.Locator("#holdout").FillAsync("80");
        await Page.Locator("#save-flow").ClickAsync();
        // Assert
        var holdoutError = Page.Locator("[data-field='holdoutPercent'] > .field-error");
        await Expect(holdoutError).ToContainTextAsync("must be between 0 and 50");
        await Expect(Page.Locator("[data-field='holdoutPercent']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("has-error"));
        await _browser.ScreenshotAsync("flow-error");
        var saved = await _browser.Harness.Client(AdminBrowser.Shop).GetStringAsync("/api/flow");
        Assert.That(JsonDocument.Parse(saved).RootElement.GetProperty("holdoutPercent").GetDecimal(), Is.EqualTo(10m));
    }

    [Test, Order(6)]
    public async Task A_merchant_walks_from_the_activity_list_into_a_journeys_timeline()
    {
        // Arrange
        var journey = await _browser.Harness.SeedJourneyAsync(AdminBrowser.Shop, j => { j.FirstName = "Tess"; j.LastName = "Timeline"; });
        await _browser.OpenAsync("/activity");
        // Act
        await Page.Locator($"tr[data-journey='{journey.Id}'] td").Nth(1).ClickAsync();
        // Assert
        await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/activity/{journey.Id}\\?"));
        await Expect(Page.Locator("#timeline li")).ToHaveCountAsync(3);
        await Expect(Page.Locator("#timeline li[data-kind=deferred]")).ToContainTextAsync("quiet hours until 08:00");
        var email = Page.Locator(".email-card[data-step='1']");
        await Expect(email).ToContainTextAsync("You left something behind");
        await email.Locator("button", new() { HasText = "Show the email" }).ClickAsync();
        await Expect(email.FrameLocator("iframe").Locator("body")).ToContainTextAsync("Your cart");
        await _browser.ScreenshotAsync("journey");
        await Page.Locator("a", new() { HasText = "All journeys" }).ClickAsync();
        await Expect(Page.Locator($"tr[data-journey='{journey.Id}']")).ToBeVisibleAsync();
        Assert.That(_browser.ApiCallsWithoutToken, Is.Empty);
    }

    [Test, Order(7)]
    public async Task A_merchant_creates_starts_and_stops_a_subject_test()
    {
        // Arrange
        Page.Dialog += AcceptDialog;
        try
        {
            await _browser.OpenAsync("/experiments");
            await Expect(Page.Locator("#experiments")).ToContainTextAsync("No tests yet.");
            // Act: a test without a challenger subject is refused beside the field.
            await Page.Locator("#experiment-name").FillAsync("Friendlier first reminder");
            await Page.Locator("#experiment-kind").SelectOptionAsync("Subject");
            await Page.Locator("#create-experiment").ClickAsync();
            await Expect(Page.Locator("[data-field='arms[1].overrides.subject'] > .field-error")).ToContainTextAsync("must be 1 to 200 characters");
            await Page.Locator("#challenger-value").FillAsync("Still thinking it over?");
            await Page.Locator("#create-experiment").ClickAsync();
            // Assert: the test's page, then its life cycle.
            await Expect(Page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/experiments/\d+\?"));
            await Expect(Page.Locator("#experiment-status")).ToContainTextAsync("Draft");
            await Expect(Page.Locator("tr[data-arm='B']")).ToContainTextAsync("Still thinking it over?");
            await Page.Locator("#start-experiment").ClickAsync();
            await Expect(Page.Locator("#experiment-status")).ToContainTextAsync("Running");
            await Expect(Page.Locator("s-banner[heading='Not enough data yet']")).ToBeVisibleAsync();
            await _browser.ScreenshotAsync("experiment");
            await Page.Locator("#stop-experiment").ClickAsync();
            await Expect(Page.Locator("#experiment-status")).ToContainTextAsync("Stopped");
            await Page.Locator("a", new() { HasText = "All tests" }).ClickAsync();
            await Expect(Page.Locator("#experiments tr[data-experiment]")).ToContainTextAsync("Friendlier first reminder");
            var list = JsonDocument.Parse(await _browser.Harness.Client(AdminBrowser.Shop).GetStringAsync("/api/experiments")).RootElement;
            Assert.That((list.GetArrayLength(), list[0].GetProperty("status").GetString()), Is.EqualTo((1, "Stopped")));
            Assert.That(_browser.ApiCallsWithoutToken, Is.Empty);
        }
        finally
        {
            Page.Dialog -= AcceptDialog;
        }
    }

    [Test, Order(8)]
    public async Task Where_plans_are_not_charged_settings_and_pages_say_nothing_about_plans()
    {
        // Act
        await _browser.OpenAsync("/settings");
        // Assert
        await Expect(Page.Locator("#settings-form")).ToBeVisibleAsync();
        await Expect(Page.Locator("#footer-address")).ToHaveValueAsync("1 Test Street, Testville");
        await Page.WaitForLoadStateAsync(LoadState.NetworkIdle); // the plan answer has arrived, not just the page
        await Expect(Page.Locator("#plan-status")).ToHaveCountAsync(0);
        await Expect(Page.Locator("#plan-notice")).ToHaveCountAsync(0);
    }

    static async void AcceptDialog(object? sender, IDialog dialog) => await dialog.AcceptAsync();
}
