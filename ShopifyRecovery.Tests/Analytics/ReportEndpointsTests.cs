using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Analytics;

/// <summary>The report endpoints through the real App host, as the embedded admin calls them.</summary>
public sealed class ReportEndpointsTests
{
    const string ShopA = "alpha.myshopify.com";
    const string ShopB = "bravo.myshopify.com";
    const string November = "from=2026-11-01&to=2026-11-30";
    static DateTimeOffset Nov(int day, int hour) => new(2026, 11, day, hour, 0, 0, TimeSpan.Zero);

    TestDatabase _database = null!;
    TestApp _app = null!;

    [OneTimeSetUp]
    public async Task StartApp()
    {
        _database = await TestDatabase.CreateAsync();
        await using (var db = _database.CreateContext())
        {
            var a = await ReportData.AddShopAsync(db, ShopA);
            var b = await ReportData.AddShopAsync(db, ShopB, currency: "EUR");
            var data = new ReportData(db);
            var clicked = data.Journey(a.Id, Nov(3, 10), segment: "vip");
            data.Send(clicked, 1, Nov(3, 11), delivered: true, opened: true, clicked: true);
            ReportData.Recover(clicked, Nov(3, 12), Attribution.AfterClick, 1, paid: 90m, discountCost: 10m);
            data.Journey(a.Id, Nov(4, 10), segment: "=cmd|' /C calc'!A0");
            var held = data.Journey(a.Id, Nov(5, 10), holdout: true);
            ReportData.Recover(held, Nov(5, 12), Attribution.Holdout, 1, paid: 70m);
            for (var i = 0; i < 5; i++)
            {
                var big = data.Journey(b.Id, Nov(3, 10), segment: "bravo-only");
                data.Send(big, 1, Nov(3, 11));
                ReportData.Recover(big, Nov(3, 12), Attribution.AfterSend, 1, paid: 1000m);
            }
            await data.SaveAsync();
        }
        _app = new TestApp(_database);
    }

    [OneTimeTearDown]
    public async Task StopApp()
    {
        await _app.DisposeAsync();
        await _database.DisposeAsync();
    }

    static IEnumerable<string> Names(JsonElement element) => element.EnumerateObject().Select(p => p.Name);

    [Test]
    public async Task The_dashboard_answers_exactly_the_shape_the_admin_page_is_built_against()
    {
        // Act
        var response = await _app.CreateAdminClient(ShopA).GetAsync($"/api/dashboard?{November}");

        // Assert
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync());
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(Names(root), Is.EqualTo(new[]
            {
                "period", "currency", "abandoned", "emailsSent", "delivered", "opened", "clicked", "recoveredOrders", "recoveredRevenue",
                "discountCost", "netRecoveredRevenue", "recoveryRate", "lift", "series", "bySteps", "bySegment",
            }));
            Assert.That(Names(root.GetProperty("period")), Is.EqualTo(new[] { "from", "to" }));
            Assert.That(Names(root.GetProperty("lift")), Is.EqualTo(new[]
            {
                "treatedConversion", "holdoutConversion", "difference", "ciLow", "ciHigh", "incrementalRevenuePerCheckout",
                "incrementalNetRevenuePerCheckout", "enoughData", "treatedJourneys", "holdoutJourneys",
            }));
            Assert.That(Names(root.GetProperty("series")[0]), Is.EqualTo(new[] { "date", "abandoned", "recovered", "revenue" }));
            Assert.That(Names(root.GetProperty("bySteps")[0]), Is.EqualTo(new[] { "step", "sent", "opened", "clicked", "recovered", "revenue" }));
            Assert.That(Names(root.GetProperty("bySegment")[0]), Is.EqualTo(new[] { "segment", "journeys", "recovered", "revenue", "discountCost" }));

            Assert.That(root.GetProperty("period").GetProperty("from").GetString(), Is.EqualTo("2026-11-01"));
            Assert.That(root.GetProperty("period").GetProperty("to").GetString(), Is.EqualTo("2026-11-30"));
            Assert.That(root.GetProperty("currency").GetString(), Is.EqualTo("USD"));
            Assert.That(root.GetProperty("series").GetArrayLength(), Is.EqualTo(30));
            Assert.That(root.GetProperty("series")[2].GetProperty("date").GetString(), Is.EqualTo("2026-11-03"));
            Assert.That(root.GetProperty("lift").GetProperty("enoughData").GetBoolean(), Is.False);
            Assert.That(root.GetProperty("lift").GetProperty("ciLow").ValueKind, Is.EqualTo(JsonValueKind.Null));
        });
    }

    [Test]
    public async Task The_dashboard_shows_only_the_calling_shops_numbers()
    {
        var a = await _app.CreateAdminClient(ShopA).GetFromJsonAsync<JsonElement>($"/api/dashboard?{November}");
        var b = await _app.CreateAdminClient(ShopB).GetFromJsonAsync<JsonElement>($"/api/dashboard?{November}");

        Assert.Multiple(() =>
        {
            Assert.That(a.GetProperty("abandoned").GetInt64(), Is.EqualTo(3));
            Assert.That(a.GetProperty("recoveredOrders").GetInt64(), Is.EqualTo(1), "the holdout order is not claimed");
            Assert.That(a.GetProperty("recoveredRevenue").GetDecimal(), Is.EqualTo(100m));
            Assert.That(a.GetProperty("netRecoveredRevenue").GetDecimal(), Is.EqualTo(90m));
            Assert.That(a.GetProperty("bySegment").EnumerateArray().Select(s => s.GetProperty("segment").GetString()), Does.Not.Contain("bravo-only"));
            Assert.That(b.GetProperty("currency").GetString(), Is.EqualTo("EUR"));
            Assert.That(b.GetProperty("recoveredOrders").GetInt64(), Is.EqualTo(5));
            Assert.That(b.GetProperty("recoveredRevenue").GetDecimal(), Is.EqualTo(5000m));
        });
    }

    [Test]
    public async Task The_report_adds_attribution_classes_incentive_tiers_and_margin()
    {
        var report = await _app.CreateAdminClient(ShopA).GetFromJsonAsync<JsonElement>($"/api/reports?{November}");

        var attribution = report.GetProperty("byAttribution").EnumerateArray()
            .ToDictionary(r => r.GetProperty("attribution").GetString()!, r => (Orders: r.GetProperty("orders").GetInt64(), Counted: r.GetProperty("counted").GetBoolean()));
        Assert.Multiple(() =>
        {
            Assert.That(Names(report), Is.EqualTo(new[] { "summary", "lift", "byAttribution", "byIncentiveTier", "margin" }));
            Assert.That(attribution["AfterClick"], Is.EqualTo((1L, true)));
            Assert.That(attribution["Holdout"], Is.EqualTo((1L, false)));
            Assert.That(report.GetProperty("summary").GetProperty("recoveredOrders").GetInt64(), Is.EqualTo(1));
            Assert.That(report.GetProperty("margin").GetProperty("grossProfit").GetDecimal(), Is.EqualTo(50m));
        });
    }

    [Test]
    public async Task A_malformed_or_reversed_period_is_a_validation_problem_naming_the_parameter()
    {
        var client = _app.CreateAdminClient(ShopA);

        var malformed = await client.GetAsync("/api/dashboard?from=11/01/2026");
        var reversed = await client.GetAsync("/api/dashboard?from=2026-11-30&to=2026-11-01");
        var tooLong = await client.GetAsync("/api/reports?from=2024-01-01&to=2026-01-01");

        Assert.Multiple(async () =>
        {
            Assert.That(malformed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(malformed.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
            Assert.That((await malformed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("from")[0].GetString(), Does.Contain("yyyy-MM-dd"));
            Assert.That(reversed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(tooLong.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        });
    }

    [Test]
    public async Task Without_a_session_token_there_is_no_dashboard()
    {
        var response = await _app.CreateClient().GetAsync($"/api/dashboard?{November}");
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task The_journeys_export_is_a_csv_download_of_the_shops_checkouts_with_formulas_defused()
    {
        var response = await _app.CreateAdminClient(ShopA).GetAsync($"/api/journeys.csv?{November}");

        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = Encoding.UTF8.GetString(bytes.AsSpan(3));
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentType?.ToString(), Is.EqualTo("text/csv; charset=utf-8"));
            Assert.That(response.Content.Headers.ContentDisposition?.FileName, Is.EqualTo("journeys-2026-11-01-2026-11-30.csv"));
            Assert.That(bytes.Take(3), Is.EqualTo(new byte[] { 0xEF, 0xBB, 0xBF }), "a UTF-8 byte-order mark, for Excel");
            Assert.That(lines, Has.Length.EqualTo(4), "header and shop A's three checkouts");
            Assert.That(text, Does.Contain(",'=cmd|' /C calc'!A0,"));
            Assert.That(text, Does.Not.Contain("bravo-only"));
        });
    }

    [Test]
    public async Task The_report_export_is_a_csv_download()
    {
        var response = await _app.CreateAdminClient(ShopA).GetAsync($"/api/reports.csv?{November}");

        var text = await response.Content.ReadAsStringAsync();
        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(response.Content.Headers.ContentDisposition?.FileName, Is.EqualTo("report-2026-11-01-2026-11-30.csv"));
            Assert.That(text, Does.Contain("summary,,recovered_orders,1\r\n"));
        });
    }
}
