using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ShopifyRecovery.Analytics;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Analytics;

public sealed class CsvTests
{
    [TestCase("plain", "plain")]
    [TestCase("a,b", "\"a,b\"", TestName = "A comma puts the field in quotes")]
    [TestCase("say \"hi\"", "\"say \"\"hi\"\"\"", TestName = "Quotes inside are doubled and the field quoted")]
    [TestCase("two\r\nlines", "\"two\r\nlines\"", TestName = "A line break puts the field in quotes")]
    [TestCase("", "")]
    [TestCase(null, "")]
    public void Fields_are_quoted_as_rfc_4180_says(string? value, string expected) =>
        Assert.That(CsvWriter.Escape(value), Is.EqualTo(expected));

    [TestCase("=SUM(A1:A9)", "'=SUM(A1:A9)")]
    [TestCase("+1 555 0100", "'+1 555 0100")]
    [TestCase("-2+3", "'-2+3")]
    [TestCase("@SUM(A1)", "'@SUM(A1)")]
    [TestCase("\t=1", "'\t=1")]
    [TestCase("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"", TestName = "A formula with quotes and commas is both defused and quoted")]
    [TestCase("a=b", "a=b", TestName = "An equals sign inside a value is harmless")]
    public void Text_that_a_spreadsheet_would_run_as_a_formula_gets_a_leading_apostrophe(string value, string expected) =>
        Assert.That(CsvWriter.Escape(value), Is.EqualTo(expected));

    [Test]
    public async Task Numbers_we_write_stay_numbers_even_when_negative()
    {
        var text = new StringWriter();
        var csv = new CsvWriter(text);
        csv.Number(-12.5m).Number(-3L).Text("-3").Number((double?)null);
        await csv.EndRowAsync();
        Assert.That(text.ToString(), Is.EqualTo("-12.5,-3,'-3,\r\n"));
    }

    [Test]
    public async Task The_journeys_export_has_one_row_per_checkout_of_the_shop_and_period_with_dangerous_text_defused()
    {
        // Arrange
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        var shop = await ReportData.AddShopAsync(db, "csv.myshopify.com");
        var other = await ReportData.AddShopAsync(db, "other.myshopify.com");
        var data = new ReportData(db);
        var at = new DateTimeOffset(2026, 11, 3, 10, 0, 0, TimeSpan.Zero);
        var recovered = data.Journey(shop.Id, at, segment: "=HYPERLINK(\"http://evil.example\",\"click\")");
        ReportData.Recover(recovered, at.AddHours(5), Attribution.AfterClick, 2, paid: 90m, discountCost: 10m);
        data.Journey(shop.Id, at.AddHours(1), segment: "vip, big carts");
        data.Journey(shop.Id, at.AddDays(-10)); // October: outside
        data.Journey(other.Id, at);
        await data.SaveAsync();
        var reports = new RecoveryReports(db, new FakeTimeProvider(at), NullLogger<RecoveryReports>.Instance);
        var text = new StringWriter();

        // Act
        await reports.WriteJourneysCsvAsync(shop.Id, new ReportPeriod(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30)), text, CancellationToken.None);

        // Assert
        var lines = text.ToString().Split("\r\n");
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Length.EqualTo(4), "header, two journeys, and the empty string after the last CRLF");
            Assert.That(lines[0], Does.StartWith("journey_id,abandoned_at,status,holdout,segment,"));
            Assert.That(lines[1], Does.StartWith($"{recovered.Id},2026-11-03T10:00:00Z,recovered,false,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\","));
            Assert.That(lines[1], Does.Contain(",after_click,2,100,10,90,"));
            Assert.That(lines[2], Does.Contain(",\"vip, big carts\","));
            Assert.That(lines[3], Is.Empty);
            Assert.That(text.ToString(), Does.Not.Contain("shopper@example.com"), "no personal data in the export");
        });
    }

    [Test]
    public async Task The_report_export_is_one_long_table_with_the_same_figures()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = database.CreateContext();
        var shop = await ReportData.AddShopAsync(db, "report-csv.myshopify.com");
        var data = new ReportData(db);
        var at = new DateTimeOffset(2026, 11, 3, 10, 0, 0, TimeSpan.Zero);
        ReportData.Recover(data.Journey(shop.Id, at, segment: "@risk"), at.AddHours(2), Attribution.AfterOpen, 1, paid: 45.5m);
        await data.SaveAsync();
        var reports = new RecoveryReports(db, new FakeTimeProvider(at), NullLogger<RecoveryReports>.Instance);
        var text = new StringWriter();

        await reports.WriteReportCsvAsync(shop.Id, new ReportPeriod(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 7)), text, CancellationToken.None);

        var lines = text.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(lines[0], Is.EqualTo("section,key,metric,value"));
            Assert.That(lines, Does.Contain("summary,,recovered_orders,1"));
            Assert.That(lines, Does.Contain("summary,,net_recovered_revenue,45.5"));
            Assert.That(lines, Does.Contain("day,2026-11-03,revenue,45.5"));
            Assert.That(lines, Does.Contain("segment,'@risk,recovered,1"));
            Assert.That(lines, Does.Contain("attribution,after_open,orders,1"));
            Assert.That(lines, Does.Contain("lift,,enough_data,false"));
            Assert.That(lines.All(l => l.Split(',').Length == 4), Is.True, "every row has four fields");
        });
    }
}
