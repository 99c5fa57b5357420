using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Recovery;
using static ShopifyRecovery.Tests.Admin.AdminApiHarness;

namespace ShopifyRecovery.Tests.Admin;

/// <summary>One shop can never read or change another's data: for every resource, data is made as shop A and shop B tries.</summary>
public sealed class AdminApiIsolationTests
{
    static AdminApiHarness _harness = null!;
    HttpClient _a = null!;
    HttpClient _b = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _harness = await AdminApiHarness.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _harness.DisposeAsync();

    [SetUp]
    public void Clients()
    {
        _a = _harness.Client(ShopA);
        _b = _harness.Client(ShopB);
    }

    static object Flow(int holdout) => new
    {
        steps = new[] { new { delayMinutes = 30, enabled = true, templateVariant = "default" }, new { delayMinutes = 600, enabled = true, templateVariant = "default" } },
        quietHours = new { enabled = false, start = "21:00:00", end = "08:00:00" },
        frequencyCap = new { count = 2, days = 5 },
        holdoutPercent = holdout,
        consent = new { mode = "SubscribedOnly", regions = new[] { "*" } },
        expireAfterDays = 10,
    };

    [Test]
    public async Task A_flow_saved_by_one_shop_is_neither_seen_nor_changed_by_another()
    {
        // Arrange
        (await _a.PutAsync("/api/flow", RawJson(System.Text.Json.JsonSerializer.Serialize(Flow(7))))).EnsureSuccessStatusCode();
        // Act
        var seenByB = await ReadAsync(await _b.GetAsync("/api/flow"));
        (await _b.PutAsync("/api/flow", RawJson(System.Text.Json.JsonSerializer.Serialize(Flow(3))))).EnsureSuccessStatusCode();
        var stillA = await ReadAsync(await _a.GetAsync("/api/flow"));
        // Assert
        Assert.That(seenByB.GetProperty("holdoutPercent").GetDecimal(), Is.EqualTo(FlowSettings.Default.HoldoutPercent), "B still has the shipped default");
        Assert.That(seenByB.GetProperty("steps").GetArrayLength(), Is.EqualTo(3));
        Assert.That(stillA.GetProperty("holdoutPercent").GetDecimal(), Is.EqualTo(7m));
    }

    [Test]
    public async Task Segment_rules_saved_by_one_shop_are_neither_seen_nor_changed_by_another()
    {
        // Arrange
        var rules = """{"rules":[{"name":"a-only","conditions":[],"variant":"default","incentive":"none"}]}""";
        (await _a.PutAsync("/api/segments", RawJson(rules))).EnsureSuccessStatusCode();
        // Act
        var seenByB = await ReadAsync(await _b.GetAsync("/api/segments"));
        (await _b.PutAsync("/api/segments", RawJson("""{"rules":[{"name":"b-only","conditions":[],"variant":"default","incentive":"none"}]}"""))).EnsureSuccessStatusCode();
        var stillA = await ReadAsync(await _a.GetAsync("/api/segments"));
        // Assert
        Assert.That(seenByB.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("name").GetString()), Does.Not.Contain("a-only"));
        Assert.That(stillA.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("name").GetString()), Is.EqualTo(new[] { "a-only" }));
    }

    [Test]
    public async Task Incentive_guardrails_saved_by_one_shop_are_neither_seen_nor_changed_by_another()
    {
        // Arrange
        var current = await ReadAsync(await _a.GetAsync("/api/incentives"));
        var mine = current.GetRawText().Replace("\"maxPercent\":20", "\"maxPercent\":22", StringComparison.Ordinal);
        (await _a.PutAsync("/api/incentives", RawJson(mine))).EnsureSuccessStatusCode();
        // Act
        var seenByB = await ReadAsync(await _b.GetAsync("/api/incentives"));
        // Assert
        Assert.That(seenByB.GetProperty("guardrails").GetProperty("maxPercent").GetDecimal(), Is.EqualTo(20m));
        var stillA = await ReadAsync(await _a.GetAsync("/api/incentives"));
        Assert.That(stillA.GetProperty("guardrails").GetProperty("maxPercent").GetDecimal(), Is.EqualTo(22m));
    }

    [Test]
    public async Task A_template_saved_by_one_shop_is_not_seen_restored_or_reset_by_another()
    {
        // Arrange
        var shipped = await ReadAsync(await _a.GetAsync("/api/templates/2/default"));
        var source = shipped.GetProperty("source");
        var body = new
        {
            subject = "Shop A only: {{ shop.name }}",
            preheader = source.GetProperty("preheader").GetString(),
            html = source.GetProperty("html").GetString(),
            text = source.GetProperty("text").GetString(),
        };
        (await _a.PutAsJsonAsync("/api/templates/2/default", body)).EnsureSuccessStatusCode();
        // Act
        var seenByB = await ReadAsync(await _b.GetAsync("/api/templates/2/default"));
        var versionsSeenByB = await ReadAsync(await _b.GetAsync("/api/templates/2/default/versions"));
        var restoreByB = await _b.PostAsync("/api/templates/2/default/versions/1/restore", null);
        (await _b.PostAsync("/api/templates/2/default/reset", null)).EnsureSuccessStatusCode();
        var stillA = await ReadAsync(await _a.GetAsync("/api/templates/2/default"));
        // Assert
        Assert.That(seenByB.GetProperty("customized").GetBoolean(), Is.False);
        Assert.That(seenByB.GetProperty("source").GetProperty("subject").GetString(), Does.Not.Contain("Shop A only"));
        Assert.That(versionsSeenByB.GetProperty("total").GetInt32(), Is.Zero);
        Assert.That(restoreByB.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(stillA.GetProperty("source").GetProperty("subject").GetString(), Is.EqualTo("Shop A only: {{ shop.name }}"));
    }

    [Test]
    public async Task A_journey_of_one_shop_is_not_listed_opened_or_previewed_by_another()
    {
        // Arrange
        var journey = await _harness.SeedJourneyAsync(ShopA);
        // Act
        var listedForB = await ReadAsync(await _b.GetAsync("/api/journeys?pageSize=100"));
        var timelineForB = await _b.GetAsync($"/api/journeys/{journey.Id}");
        var shipped = (await ReadAsync(await _b.GetAsync("/api/templates/1/default"))).GetProperty("source");
        var previewForB = await _b.PostAsJsonAsync("/api/templates/1/default/preview", new { source = shipped, journeyId = journey.Id });
        var whoMatchesForB = await ReadAsync(await _b.PostAsync("/api/segments/preview", RawJson("""{"rules":[{"name":"all","conditions":[],"variant":"default","incentive":"none"}]}""")));
        var timelineForA = await _a.GetAsync($"/api/journeys/{journey.Id}");
        // Assert
        Assert.That(listedForB.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetGuid()), Does.Not.Contain(journey.Id));
        Assert.That(timelineForB.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(previewForB.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(whoMatchesForB.GetProperty("journeys").EnumerateArray().Select(j => j.GetProperty("journeyId").GetGuid()), Does.Not.Contain(journey.Id));
        Assert.That(timelineForA.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_suppression_of_one_shop_is_neither_listed_nor_removable_by_another()
    {
        // Arrange
        (await _a.PostAsJsonAsync("/api/suppressions", new { email = "only-a@example.com", note = "asked by phone" })).EnsureSuccessStatusCode();
        // Act
        var listedForB = await ReadAsync(await _b.GetAsync("/api/suppressions?search=only-a"));
        var removedByB = await _b.DeleteAsync("/api/suppressions/only-a@example.com");
        // Assert
        Assert.That(listedForB.GetProperty("total").GetInt32(), Is.Zero);
        Assert.That(removedByB.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        var shopA = await _harness.ShopIdAsync(ShopA);
        await using var db = _harness.App.CreateDbContext();
        Assert.That(await db.Set<Suppression>().AnyAsync(s => s.ShopId == shopA && s.Email == "only-a@example.com"), Is.True);
    }

    [Test]
    public async Task Sender_settings_of_one_shop_are_neither_seen_nor_changed_by_another()
    {
        // Arrange
        (await _a.PutAsJsonAsync("/api/settings", new { senderName = "Shop A Team", replyTo = "help@shop-a.example", footerAddress = "1 A Street", retentionDays = 400 }))
            .EnsureSuccessStatusCode();
        // Act
        var seenByB = await ReadAsync(await _b.GetAsync("/api/settings"));
        (await _b.PutAsJsonAsync("/api/settings", new { senderName = "Shop B Team", replyTo = "", footerAddress = "2 B Street", retentionDays = 90 }))
            .EnsureSuccessStatusCode();
        var stillA = await ReadAsync(await _a.GetAsync("/api/settings"));
        // Assert
        Assert.That(seenByB.GetProperty("senderName").ValueKind, Is.EqualTo(System.Text.Json.JsonValueKind.Null));
        Assert.That(seenByB.GetProperty("footerAddress").GetString(), Is.Not.EqualTo("1 A Street"));
        Assert.That(stillA.GetProperty("senderName").GetString(), Is.EqualTo("Shop A Team"));
        Assert.That(stillA.GetProperty("footerAddress").GetString(), Is.EqualTo("1 A Street"));
        Assert.That(stillA.GetProperty("retentionDays").GetInt32(), Is.EqualTo(400));
    }

    [Test]
    public async Task The_incentive_estimate_of_one_shop_counts_none_of_another_shops_journeys()
    {
        // Arrange
        var shop = await _harness.SeedShopAsync("estimate-only.myshopify.com");
        await _harness.SeedJourneyAsync(ShopA, j => j.ShopTotal = 400m);
        var client = _harness.Client("estimate-only.myshopify.com");
        // Act
        var estimate = await ReadAsync(await client.PostAsync("/api/incentives/estimate", null));
        // Assert
        Assert.That(shop, Is.GreaterThan(0));
        Assert.That(estimate.GetProperty("journeys").GetInt32(), Is.Zero);
    }
}
