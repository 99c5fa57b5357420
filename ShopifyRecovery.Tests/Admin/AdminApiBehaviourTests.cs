using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ShopifyRecovery.Recovery;
using static ShopifyRecovery.Tests.Admin.AdminApiHarness;

namespace ShopifyRecovery.Tests.Admin;

/// <summary>What each admin endpoint does for the merchant, through the real host and a real SQLite file.</summary>
public sealed class AdminApiBehaviourTests
{
    static AdminApiHarness _harness = null!;
    HttpClient _client = null!;
    string _shop = null!;

    [OneTimeSetUp]
    public async Task StartAsync() => _harness = await AdminApiHarness.StartAsync();

    [OneTimeTearDown]
    public async Task StopAsync() => await _harness.DisposeAsync();

    /// <summary>A fresh shop per test, so tests never see each other's data.</summary>
    [SetUp]
    public async Task NewShopAsync()
    {
        _shop = $"s{Guid.NewGuid():N}"[..20] + ".myshopify.com";
        await _harness.SeedShopAsync(_shop);
        _client = _harness.Client(_shop);
    }

    async Task<JsonElement> ShippedAsync(int step, string variant = "default") =>
        (await ReadAsync(await _client.GetAsync($"/api/templates/{step}/{variant}"))).GetProperty("source");

    static object With(JsonElement source, string? subject = null, string? html = null) => new
    {
        subject = subject ?? source.GetProperty("subject").GetString(),
        preheader = source.GetProperty("preheader").GetString(),
        html = html ?? source.GetProperty("html").GetString(),
        text = source.GetProperty("text").GetString(),
    };

    [Test]
    public async Task Saving_an_invalid_flow_answers_400_keyed_by_the_path_of_each_bad_field()
    {
        // Arrange
        const string flow = """
            {"steps":[{"delayMinutes":60,"enabled":true,"templateVariant":"default"},{"delayMinutes":30,"enabled":true,"templateVariant":"default"}],
             "quietHours":{"enabled":true,"start":"21:00:00","end":"08:00:00"},"frequencyCap":{"count":0,"days":7},
             "holdoutPercent":70,"consent":{"mode":"SubscribedOnly","regions":["*"]},"expireAfterDays":14}
            """;
        // Act
        var response = await _client.PutAsync("/api/flow", RawJson(flow));
        var problem = await ReadAsync(response);
        var saved = await ReadAsync(await _client.GetAsync("/api/flow"));
        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var errors = problem.GetProperty("errors");
        Assert.That(errors.EnumerateObject().Select(p => p.Name), Is.EquivalentTo(new[] { "steps[1].delayMinutes", "frequencyCap.count", "holdoutPercent" }));
        Assert.That(saved.GetProperty("steps").GetArrayLength(), Is.EqualTo(3), "nothing invalid is stored");
    }

    [Test]
    public async Task A_flow_document_that_is_not_valid_json_is_refused_at_the_path_that_broke()
    {
        // Act
        var response = await _client.PutAsync("/api/flow", RawJson("""{"consent":{"mode":"Nope"}}"""));
        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ReadAsync(response)).GetProperty("errors").EnumerateObject().Single().Name, Is.EqualTo("consent.mode"));
    }

    [Test]
    public async Task A_template_with_an_unknown_variable_is_refused_with_its_part_and_line()
    {
        // Arrange
        var source = await ShippedAsync(1);
        var html = source.GetProperty("html").GetString()!.Replace("<body", "\n\n{{ customer.shoe_size }}<body", StringComparison.Ordinal);
        var line = html[..html.IndexOf("{{ customer.shoe_size }}", StringComparison.Ordinal)].Count(c => c == '\n') + 1;
        // Act
        var response = await _client.PutAsJsonAsync("/api/templates/1/default", With(source, html: html));
        var problem = await ReadAsync(response);
        var stored = await ReadAsync(await _client.GetAsync("/api/templates/1/default"));
        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var error = problem.GetProperty("templateErrors").EnumerateArray().Single();
        Assert.That(error.GetProperty("part").GetString(), Is.EqualTo("html"));
        Assert.That(error.GetProperty("line").GetInt32(), Is.EqualTo(line));
        Assert.That(error.GetProperty("message").GetString(), Does.Contain("shoe_size"));
        Assert.That(problem.GetProperty("errors").GetProperty("html")[0].GetString(), Does.StartWith($"Line {line},"));
        Assert.That(stored.GetProperty("version").GetInt32(), Is.Zero);
    }

    [Test]
    public async Task Every_template_save_writes_a_version_and_restoring_an_old_one_makes_it_the_newest()
    {
        // Arrange
        var source = await ShippedAsync(1);
        (await _client.PutAsJsonAsync("/api/templates/1/default", With(source, subject: "First {{ shop.name }}"))).EnsureSuccessStatusCode();
        (await _client.PutAsJsonAsync("/api/templates/1/default", With(source, subject: "Second {{ shop.name }}"))).EnsureSuccessStatusCode();
        // Act
        var restored = await ReadAsync(await _client.PostAsync("/api/templates/1/default/versions/1/restore", null));
        var versions = await ReadAsync(await _client.GetAsync("/api/templates/1/default/versions"));
        // Assert
        Assert.That(restored.GetProperty("version").GetInt32(), Is.EqualTo(3));
        Assert.That(restored.GetProperty("source").GetProperty("subject").GetString(), Is.EqualTo("First {{ shop.name }}"));
        Assert.That(versions.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("subject").GetString()),
            Is.EqualTo(new[] { "First {{ shop.name }}", "Second {{ shop.name }}", "First {{ shop.name }}" }));
        await using var db = _harness.App.CreateDbContext();
        Assert.That(db.Set<EmailTemplate>().Single(t => t.Step == 1 && t.Variant == "default" && t.ShopId == db.Set<ShopifyRecovery.Shopify.Shop>().Single(s => s.Domain == _shop).Id).Subject,
            Is.EqualTo("First {{ shop.name }}"), "the step handler sends what was restored");
    }

    [Test]
    public async Task Reset_puts_back_the_shipped_default_and_keeps_the_merchants_version_in_history()
    {
        // Arrange
        var source = await ShippedAsync(2);
        (await _client.PutAsJsonAsync("/api/templates/2/default", With(source, subject: "Mine"))).EnsureSuccessStatusCode();
        // Act
        var reset = await ReadAsync(await _client.PostAsync("/api/templates/2/default/reset", null));
        var versions = await ReadAsync(await _client.GetAsync("/api/templates/2/default/versions"));
        // Assert
        Assert.That(reset.GetProperty("customized").GetBoolean(), Is.False);
        Assert.That(reset.GetProperty("source").GetProperty("subject").GetString(), Is.EqualTo(source.GetProperty("subject").GetString()));
        Assert.That(versions.GetProperty("items").EnumerateArray().Select(v => v.GetProperty("subject").GetString()), Does.Contain("Mine"));
    }

    [Test]
    public async Task The_preview_renders_the_posted_source_with_a_sample_shopper_without_saving_it()
    {
        // Arrange
        var source = await ShippedAsync(1);
        // Act
        var preview = await ReadAsync(await _client.PostAsJsonAsync("/api/templates/1/default/preview",
            new { source = With(source, subject: "Hey {{ customer.first_name }}, {{ cart.item_count }} items wait") }));
        var stored = await ReadAsync(await _client.GetAsync("/api/templates/1/default"));
        // Assert
        Assert.That(preview.GetProperty("subject").GetString(), Is.EqualTo("Hey Ava, 3 items wait"));
        Assert.That(preview.GetProperty("html").GetString(), Does.Contain("Merino Crew Sweater"));
        Assert.That(preview.GetProperty("basedOn").GetString(), Is.EqualTo("sample"));
        Assert.That(stored.GetProperty("version").GetInt32(), Is.Zero);
    }

    [Test]
    public async Task The_preview_can_use_a_real_recent_journey_of_the_shop()
    {
        // Arrange
        var journey = await _harness.SeedJourneyAsync(_shop);
        var source = await ShippedAsync(1);
        // Act
        var preview = await ReadAsync(await _client.PostAsJsonAsync("/api/templates/1/default/preview",
            new { source = With(source, subject: "For {{ customer.first_name }}"), journeyId = journey.Id }));
        // Assert
        Assert.That(preview.GetProperty("subject").GetString(), Is.EqualTo("For Sam"));
        Assert.That(preview.GetProperty("html").GetString(), Does.Contain("Canvas Weekender Bag"));
        Assert.That(preview.GetProperty("basedOn").GetString(), Is.EqualTo("journey"));
    }

    [Test]
    public async Task A_test_send_goes_to_the_shops_own_address_through_the_configured_sender()
    {
        // Arrange
        var outbox = Path.Combine(_harness.Database.Directory, "outbox");
        var before = Directory.Exists(outbox) ? Directory.GetFiles(outbox).Length : 0;
        // Act
        var result = await ReadAsync(await _client.PostAsJsonAsync("/api/templates/1/default/test-send", new { source = (object?)null }));
        // Assert
        var owner = $"owner@{_shop.Split('.')[0]}.example";
        Assert.That(result.GetProperty("status").GetString(), Is.EqualTo("Sent"));
        Assert.That(result.GetProperty("to").GetString(), Is.EqualTo(owner));
        var files = Directory.GetFiles(outbox);
        Assert.That(files, Has.Length.EqualTo(before + 1));
        var written = files.Select(File.ReadAllText).Single(f => f.Contains(owner, StringComparison.Ordinal));
        Assert.That(written, Does.Contain("[Test]"));
    }

    [Test]
    public async Task A_step_beyond_the_flow_or_a_malformed_variant_is_not_a_template()
    {
        // Act
        var step = await _client.GetAsync("/api/templates/9/default");
        var variant = await _client.GetAsync("/api/templates/1/bad%20name");
        // Assert
        Assert.That(step.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(variant.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    public async Task Who_matches_evaluates_the_posted_rules_over_the_shops_recent_journeys()
    {
        // Arrange
        var big = await _harness.SeedJourneyAsync(_shop, j => j.ShopTotal = 420m);
        var small = await _harness.SeedJourneyAsync(_shop, j => j.ShopTotal = 40m);
        const string rules = """
            {"rules":[{"name":"big-carts","conditions":[{"fact":"cart_value","operator":"gte","value":300}],"variant":"vip","incentive":"standard"},
                      {"name":"everyone","conditions":[],"variant":"default","incentive":"none"}]}
            """;
        // Act
        var preview = await ReadAsync(await _client.PostAsync("/api/segments/preview", RawJson(rules)));
        // Assert
        var rows = preview.GetProperty("journeys").EnumerateArray().ToDictionary(j => j.GetProperty("journeyId").GetGuid());
        Assert.That(rows[big.Id].GetProperty("rule").GetString(), Is.EqualTo("big-carts"));
        Assert.That(rows[big.Id].GetProperty("variant").GetString(), Is.EqualTo("vip"));
        Assert.That(rows[big.Id].GetProperty("discount").GetProperty("percent").GetDecimal(), Is.EqualTo(15m));
        Assert.That(rows[small.Id].GetProperty("rule").GetString(), Is.EqualTo("everyone"));
        Assert.That(rows[small.Id].GetProperty("discount").GetProperty("percent").GetDecimal(), Is.Zero);
        Assert.That(preview.GetProperty("byRule").EnumerateArray().Select(r => r.GetProperty("journeys").GetInt32()), Is.EqualTo(new[] { 1, 1 }));
    }

    [Test]
    public async Task Who_matches_refuses_a_rule_naming_an_unknown_policy_at_its_path()
    {
        // Act
        var response = await _client.PostAsync("/api/segments/preview",
            RawJson("""{"rules":[{"name":"x","conditions":[],"variant":"default","incentive":"generous"}]}"""));
        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ReadAsync(response)).GetProperty("errors").EnumerateObject().Select(e => e.Name), Does.Contain("rules[0].incentive"));
    }

    [Test]
    public async Task The_discount_estimate_counts_each_tier_reached_times_cart_times_percent()
    {
        // Arrange: the default rules give first-timers the standard tiers (10% from 50, 15% from 150).
        await _harness.SeedJourneyAsync(_shop, j => j.ShopTotal = 100m);
        await _harness.SeedJourneyAsync(_shop, j => j.ShopTotal = 200m);
        await _harness.SeedJourneyAsync(_shop, j => j.ShopTotal = 300m);
        // Act
        var estimate = await ReadAsync(await _client.PostAsync("/api/incentives/estimate", null));
        // Assert
        Assert.That(estimate.GetProperty("journeys").GetInt32(), Is.EqualTo(3));
        Assert.That(estimate.GetProperty("codes").GetInt32(), Is.EqualTo(3));
        var tiers = estimate.GetProperty("tiers").EnumerateArray().ToDictionary(t => t.GetProperty("percent").GetDecimal());
        Assert.That(tiers[10m].GetProperty("journeys").GetInt32(), Is.EqualTo(1));
        Assert.That(tiers[15m].GetProperty("journeys").GetInt32(), Is.EqualTo(2));
        Assert.That(tiers[15m].GetProperty("averageCart").GetDecimal(), Is.EqualTo(250m));
        Assert.That(estimate.GetProperty("maximumCost").GetDecimal(), Is.EqualTo(10m + 30m + 45m));
    }

    [Test]
    public async Task Journeys_filter_by_status_and_a_timeline_shows_emails_guard_decisions_and_the_order()
    {
        // Arrange
        var active = await _harness.SeedJourneyAsync(_shop);
        var recovered = await _harness.SeedJourneyAsync(_shop, j =>
        {
            j.Status = JourneyStatus.Recovered;
            j.RecoveredOrderId = 5551;
            j.RecoveredRevenue = 180m;
            j.RecoveredAt = DateTimeOffset.UtcNow;
            j.Attribution = Attribution.AfterClick;
            j.AttributedStep = 1;
        });
        // Act
        var list = await ReadAsync(await _client.GetAsync("/api/journeys?status=recovered"));
        var timeline = await ReadAsync(await _client.GetAsync($"/api/journeys/{recovered.Id}"));
        var badStatus = await _client.GetAsync("/api/journeys?status=lost");
        // Assert
        Assert.That(list.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetGuid()), Is.EqualTo(new[] { recovered.Id }));
        Assert.That(list.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetGuid()), Does.Not.Contain(active.Id));
        Assert.That(timeline.GetProperty("emails")[0].GetProperty("subject").GetString(), Is.EqualTo("You left something behind"));
        Assert.That(timeline.GetProperty("emails")[0].GetProperty("html").GetString(), Is.EqualTo("<p>Your cart</p>"));
        Assert.That(timeline.GetProperty("guardDecisions")[0].GetProperty("reason").GetString(), Is.EqualTo("quiet hours until 08:00"));
        Assert.That(timeline.GetProperty("order").GetProperty("orderId").GetInt64(), Is.EqualTo(5551));
        Assert.That(timeline.GetProperty("order").GetProperty("attribution").GetString(), Is.EqualTo("AfterClick"));
        Assert.That(badStatus.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [Test]
    public async Task Lists_refuse_a_page_size_outside_one_to_a_hundred()
    {
        // Act
        var zero = await _client.GetAsync("/api/journeys?pageSize=0");
        var huge = await _client.GetAsync("/api/suppressions?pageSize=101");
        // Assert
        Assert.That(zero.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ReadAsync(huge)).GetProperty("errors").EnumerateObject().Single().Name, Is.EqualTo("pageSize"));
    }

    [Test]
    public async Task A_manually_suppressed_address_is_stored_lower_case_and_can_be_removed()
    {
        // Act
        var added = await _client.PostAsJsonAsync("/api/suppressions", new { email = "  Someone@Example.COM ", note = "asked by phone" });
        var again = await _client.PostAsJsonAsync("/api/suppressions", new { email = "someone@example.com" });
        var invalid = await _client.PostAsJsonAsync("/api/suppressions", new { email = "not an address" });
        var listed = await ReadAsync(await _client.GetAsync("/api/suppressions"));
        var removed = await _client.DeleteAsync("/api/suppressions/someone@example.com");
        var after = await ReadAsync(await _client.GetAsync("/api/suppressions"));
        // Assert
        Assert.That(added.StatusCode, Is.EqualTo(HttpStatusCode.Created));
        Assert.That(again.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(invalid.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(listed.GetProperty("items")[0].GetProperty("email").GetString(), Is.EqualTo("someone@example.com"));
        Assert.That(listed.GetProperty("items")[0].GetProperty("reason").GetString(), Is.EqualTo("Manual"));
        Assert.That(removed.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
        Assert.That(after.GetProperty("total").GetInt32(), Is.Zero);
    }

    [Test]
    public async Task Settings_require_a_footer_address_a_real_reply_to_and_a_sane_retention()
    {
        // Act
        var response = await _client.PutAsJsonAsync("/api/settings", new { senderName = "Team", replyTo = "nope", footerAddress = " ", retentionDays = 5 });
        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That((await ReadAsync(response)).GetProperty("errors").EnumerateObject().Select(e => e.Name),
            Is.EquivalentTo(new[] { "replyTo", "footerAddress", "retentionDays" }));
    }

    [Test]
    public async Task The_delivery_check_says_outbox_mode_does_not_use_sendgrid()
    {
        // Act
        var check = await ReadAsync(await _client.PostAsync("/api/settings/sendgrid-check", null));
        // Assert
        Assert.That(check.GetProperty("provider").GetString(), Is.EqualTo("Outbox"));
        Assert.That(check.GetProperty("configured").GetBoolean(), Is.False);
        Assert.That(check.GetProperty("message").GetString(), Does.Contain("SendGrid is not used"));
    }
}
