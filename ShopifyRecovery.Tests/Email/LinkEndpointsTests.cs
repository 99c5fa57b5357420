using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopifyRecovery.App.Email;
using ShopifyRecovery.Email;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Email;

public sealed class LinkEndpointsTests
{
    TestDatabase _database = null!;
    TestApp _app = null!;
    HttpClient _client = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _database = await TestDatabase.CreateAsync();
        _app = new TestApp(_database);
        _client = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
    }

    [TearDown]
    public async Task StopAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    LinkTokens Links => _app.Services.GetRequiredService<LinkTokens>();

    string PathOf(string url) => new Uri(url).AbsolutePath;

    [Test]
    public async Task A_click_is_recorded_once_and_redirects_to_the_checkout_with_both_codes_applied()
    {
        var seed = await EmailLedgerSeed.CreateAsync(_database, discountCode: "SAVE15-X, SHIP-X");
        var path = PathOf(Links.ClickUrl(seed.EmailSendId));

        var first = await _client.GetAsync(path);
        DateTimeOffset? clickedAt;
        await using (var db = _database.CreateContext())
            clickedAt = (await db.Set<EmailSend>().SingleAsync()).ClickedAt;
        var second = await _client.GetAsync(path);

        Assert.That(first.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        Assert.That(first.Headers.Location!.ToString(), Is.EqualTo(EmailLedgerSeed.RecoveryUrl + "&discount=SAVE15-X,SHIP-X"));
        Assert.That(second.StatusCode, Is.EqualTo(HttpStatusCode.Redirect));
        await using var check = _database.CreateContext();
        var send = await check.Set<EmailSend>().SingleAsync();
        Assert.That(clickedAt, Is.Not.Null);
        Assert.That(send.ClickedAt, Is.EqualTo(clickedAt), "a second click keeps the first click's time");
        var events = await check.Set<JourneyEvent>().Where(e => e.JourneyId == seed.JourneyId).ToListAsync();
        Assert.That(events.Select(e => (e.Kind, e.Step)), Is.EqualTo(new[] { ("clicked", (int?)3) }));
    }

    [Test]
    public async Task A_click_without_a_code_goes_to_the_recovery_url_as_it_is()
    {
        var seed = await EmailLedgerSeed.CreateAsync(_database);

        var response = await _client.GetAsync(PathOf(Links.ClickUrl(seed.EmailSendId)));

        Assert.That(response.Headers.Location!.ToString(), Is.EqualTo(EmailLedgerSeed.RecoveryUrl));
    }

    [Test]
    public async Task A_tampered_or_unknown_click_link_is_a_404_problem_and_records_nothing()
    {
        var seed = await EmailLedgerSeed.CreateAsync(_database);
        var token = Links.ClickToken(seed.EmailSendId);
        var tampered = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        var forged = await _client.GetAsync("/r/" + tampered);
        var unknown = await _client.GetAsync("/r/" + Links.ClickToken(Guid.NewGuid()));

        Assert.That(forged.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(forged.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        await using var db = _database.CreateContext();
        Assert.That((await db.Set<EmailSend>().SingleAsync()).ClickedAt, Is.Null);
    }

    [Test]
    public async Task The_unsubscribe_page_names_the_shop_and_asks_before_unsubscribing()
    {
        var seed = await EmailLedgerSeed.CreateAsync(_database);
        var path = PathOf(Links.UnsubscribeUrl(seed.ShopId, EmailLedgerSeed.Shopper));

        var response = await _client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
        Assert.That(html, Does.Contain("Maple &amp; Oak").And.Contain("<form method=\"post\"").And.Contain("<button"));
        await using var db = _database.CreateContext();
        Assert.That(await db.Set<Suppression>().CountAsync(), Is.Zero);
    }

    [Test]
    public async Task One_click_unsubscribe_suppresses_the_normalized_address_once_however_often_it_is_posted()
    {
        var seed = await EmailLedgerSeed.CreateAsync(_database);
        var path = PathOf(Links.UnsubscribeUrl(seed.ShopId, EmailLedgerSeed.Shopper));
        static FormUrlEncodedContent OneClick() => new([new("List-Unsubscribe", "One-Click")]);

        var first = await _client.PostAsync(path, OneClick());
        var again = await _client.PostAsync(path, OneClick());
        var fromPageWithoutBody = await _client.PostAsync(path, null);
        var page = await (await _client.GetAsync(path)).Content.ReadAsStringAsync();

        Assert.That(new[] { first.StatusCode, again.StatusCode, fromPageWithoutBody.StatusCode }, Is.All.EqualTo(HttpStatusCode.OK));
        Assert.That(await first.Content.ReadAsStringAsync(), Does.Contain("You're unsubscribed"));
        Assert.That(page, Does.Contain("You're unsubscribed"));
        await using var db = _database.CreateContext();
        var suppression = await db.Set<Suppression>().SingleAsync();
        Assert.That((suppression.ShopId, suppression.Email, suppression.Reason),
            Is.EqualTo((seed.ShopId, "ada.lovelace@example.com", SuppressionReason.Unsubscribed)));
    }

    [Test]
    public async Task A_forged_unsubscribe_link_is_a_404_and_suppresses_nobody()
    {
        var seed = await EmailLedgerSeed.CreateAsync(_database);
        var token = Links.UnsubscribeToken(seed.ShopId, EmailLedgerSeed.Shopper);
        var forged = token[..5] + (token[5] == 'A' ? 'B' : 'A') + token[6..];

        var response = await _client.PostAsync("/u/" + forged, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        await using var db = _database.CreateContext();
        Assert.That(await db.Set<Suppression>().CountAsync(), Is.Zero);
    }

    [TestCase(null, "https://maple-oak.myshopify.com/cart")]
    [TestCase("javascript:alert(1)", "https://maple-oak.myshopify.com/cart")]
    [TestCase("https://shop.example/checkouts/c/recover#top", "https://shop.example/checkouts/c/recover?discount=A%2BB,C#top")]
    public void The_redirect_only_follows_web_addresses_and_keeps_fragments_last(string? recoveryUrl, string expected)
    {
        var codes = recoveryUrl is null || recoveryUrl.StartsWith("javascript") ? null : "A+B,C";

        Assert.That(RecoveryRedirect.Target(recoveryUrl, "maple-oak.myshopify.com", codes), Is.EqualTo(expected));
    }
}
