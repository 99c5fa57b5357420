using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ShopifyRecovery.Analytics;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify.Admin;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Analytics;

/// <summary>The report over a real migrated SQLite file, with journeys and ledger rows as the Recovery capability writes them.</summary>
public sealed class RecoveryReportsTests
{
    static readonly ReportPeriod November = new(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 30));
    static DateTimeOffset Nov(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, TimeSpan.Zero);

    TestDatabase _database = null!;

    [SetUp]
    public async Task CreateDatabase() => _database = await TestDatabase.CreateAsync();

    [TearDown]
    public async Task DeleteDatabase() => await _database.DisposeAsync();

    RecoveryReports Reports(Persistence.RecoveryDbContext db) =>
        new(db, new FakeTimeProvider(Nov(30, 12)), NullLogger<RecoveryReports>.Instance);

    /// <summary>
    /// Shop A, November: seven checkouts abandoned on the 3rd (five emailed, two held out), one abandoned in October and
    /// recovered on the 2nd, one abandoned on the 30th and recovered in December; shop B has a big order of its own.
    /// </summary>
    async Task<long> SeedNovemberAsync()
    {
        await using var db = _database.CreateContext();
        var a = await ReportData.AddShopAsync(db, "a.myshopify.com");
        var b = await ReportData.AddShopAsync(db, "b.myshopify.com");
        var data = new ReportData(db);

        var j1 = data.Journey(a.Id, Nov(3, 10), segment: "vip");
        data.Send(j1, 1, Nov(3, 11), delivered: true, opened: true, clicked: true);
        data.Discount(j1, 1, DiscountKind.Percentage, 10m, DiscountStatus.Used);
        ReportData.Recover(j1, Nov(3, 12), Attribution.AfterClick, 1, paid: 90m, discountCost: 10m);

        var j2 = data.Journey(a.Id, Nov(3, 10), segment: "everyone");
        data.Send(j2, 1, Nov(3, 11), delivered: true);
        data.Send(j2, 2, Nov(4, 10), delivered: true);
        data.Discount(j2, 2, DiscountKind.Percentage, 10m, DiscountStatus.Failed);
        ReportData.Recover(j2, Nov(4, 12), Attribution.AfterSend, 2, paid: 50m);

        var j3 = data.Journey(a.Id, Nov(3, 10), segment: "everyone");
        data.Send(j3, 1, Nov(3, 11), delivered: true, opened: true);
        data.Discount(j3, 1, DiscountKind.Percentage, 15m);
        data.Discount(j3, 1, DiscountKind.FreeShipping, null);
        ReportData.Recover(j3, Nov(5, 9), Attribution.AfterOpen, 1, paid: 40m);

        var j4 = data.Journey(a.Id, Nov(3, 10), segment: "everyone");
        data.Send(j4, 1, Nov(3, 11));
        data.Send(j4, 2, Nov(4, 10), status: SendStatusKind.Failed);

        var j5 = data.Journey(a.Id, Nov(3, 10), holdout: true);
        data.Send(j5, 1, Nov(3, 11), status: SendStatusKind.Skipped, skipReason: "holdout");
        ReportData.Recover(j5, Nov(3, 15), Attribution.Holdout, 1, paid: 70m);

        var j6 = data.Journey(a.Id, Nov(3, 10), holdout: true);
        j6.Status = JourneyStatus.Expired;

        var j7 = data.Journey(a.Id, Nov(3, 10));
        j7.Status = JourneyStatus.Completed;
        j7.RecoveredOrderId = 77;

        var j8 = data.Journey(a.Id, new DateTimeOffset(2026, 10, 31, 23, 0, 0, TimeSpan.Zero));
        data.Send(j8, 1, new DateTimeOffset(2026, 10, 31, 23, 30, 0, TimeSpan.Zero), clicked: true);
        ReportData.Recover(j8, Nov(2, 8), Attribution.AfterClick, 1, paid: 30m);

        var j9 = data.Journey(a.Id, Nov(30, 20));
        ReportData.Recover(j9, new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero), Attribution.AfterSend, 1, paid: 25m);

        var other = data.Journey(b.Id, Nov(3, 10), segment: "vip");
        data.Send(other, 1, Nov(3, 11), delivered: true, opened: true, clicked: true);
        ReportData.Recover(other, Nov(3, 12), Attribution.AfterClick, 1, paid: 1000m, discountCost: 100m);

        await data.SaveAsync();
        return a.Id;
    }

    [Test]
    public async Task The_dashboard_counts_checkouts_emails_and_recovered_orders_of_the_period()
    {
        // Arrange
        var shopId = await SeedNovemberAsync();
        await using var db = _database.CreateContext();

        // Act
        var dashboard = await Reports(db).DashboardAsync(shopId, November, CancellationToken.None);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(dashboard.Period, Is.EqualTo(November));
            Assert.That(dashboard.Currency, Is.EqualTo("USD"));
            Assert.That(dashboard.Abandoned, Is.EqualTo(8), "j1–j7 on the 3rd and j9 on the 30th; j8 was abandoned in October");
            Assert.That(dashboard.EmailsSent, Is.EqualTo(5), "failed and skipped ledger rows are not emails");
            Assert.That(dashboard.Delivered, Is.EqualTo(4));
            Assert.That(dashboard.Opened, Is.EqualTo(2));
            Assert.That(dashboard.Clicked, Is.EqualTo(1));
            Assert.That(dashboard.RecoveredOrders, Is.EqualTo(4), "j1, j2, j3 and j8: not the holdout's j5, not j9 (December)");
            Assert.That(dashboard.NetRecoveredRevenue, Is.EqualTo(210m), "90 + 50 + 40 + 30 paid");
            Assert.That(dashboard.DiscountCost, Is.EqualTo(10m));
            Assert.That(dashboard.RecoveredRevenue, Is.EqualTo(220m), "before our codes: paid plus the discount");
            Assert.That(dashboard.RecoveryRate, Is.EqualTo(4 / 6.0).Within(1e-12), "4 orders per 6 abandoned checkouts that were not held out");
        });
    }

    [Test]
    public async Task The_series_has_every_day_of_the_period_and_adds_up_to_the_totals()
    {
        var shopId = await SeedNovemberAsync();
        await using var db = _database.CreateContext();

        var dashboard = await Reports(db).DashboardAsync(shopId, November, CancellationToken.None);

        var byDay = dashboard.Series.ToDictionary(p => p.Date.Day);
        Assert.Multiple(() =>
        {
            Assert.That(dashboard.Series, Has.Count.EqualTo(30));
            Assert.That(dashboard.Series.Select(p => p.Date), Is.Ordered);
            Assert.That(byDay[3], Is.EqualTo(new DayPoint(new DateOnly(2026, 11, 3), 7, 1, 100m)));
            Assert.That(byDay[2], Is.EqualTo(new DayPoint(new DateOnly(2026, 11, 2), 0, 1, 30m)));
            Assert.That(byDay[4].Revenue, Is.EqualTo(50m));
            Assert.That(byDay[5].Revenue, Is.EqualTo(40m));
            Assert.That(byDay[30].Abandoned, Is.EqualTo(1));
            Assert.That(dashboard.Series.Sum(p => p.Abandoned), Is.EqualTo(dashboard.Abandoned));
            Assert.That(dashboard.Series.Sum(p => p.Recovered), Is.EqualTo(dashboard.RecoveredOrders));
            Assert.That(dashboard.Series.Sum(p => p.Revenue), Is.EqualTo(dashboard.RecoveredRevenue));
        });
    }

    [Test]
    public async Task Steps_and_segments_split_the_same_totals()
    {
        var shopId = await SeedNovemberAsync();
        await using var db = _database.CreateContext();

        var dashboard = await Reports(db).DashboardAsync(shopId, November, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(dashboard.BySteps, Is.EqualTo(new[]
            {
                new StepRow(1, Sent: 4, Opened: 2, Clicked: 1, Recovered: 3, Revenue: 170m),
                new StepRow(2, Sent: 1, Opened: 0, Clicked: 0, Recovered: 1, Revenue: 50m),
            }));
            Assert.That(dashboard.BySegment, Is.EquivalentTo(new[]
            {
                new SegmentRow("vip", Journeys: 1, Recovered: 1, Revenue: 100m, DiscountCost: 10m),
                new SegmentRow("everyone", Journeys: 3, Recovered: 2, Revenue: 90m, DiscountCost: 0m),
                new SegmentRow(ReportAssembler.NoSegment, Journeys: 2, Recovered: 1, Revenue: 30m, DiscountCost: 0m),
            }));
        });
    }

    [Test]
    public async Task Journeys_of_a_segment_no_rule_names_any_more_are_shown_as_other()
    {
        // Arrange: "spring-sale" was a rule once; no order of the period came from it
        await using var db = _database.CreateContext();
        var shop = await ReportData.AddShopAsync(db, "renamed.myshopify.com");
        var data = new ReportData(db);
        data.Journey(shop.Id, Nov(3, 9), segment: "spring-sale");
        data.Journey(shop.Id, Nov(3, 9), segment: "spring-sale");
        data.Journey(shop.Id, Nov(3, 9), segment: "vip");
        await data.SaveAsync();

        // Act
        var dashboard = await Reports(db).DashboardAsync(shop.Id, November, CancellationToken.None);

        // Assert
        Assert.That(dashboard.BySegment.Select(s => (s.Segment, s.Journeys)), Is.EquivalentTo(new[] { ("vip", 1L), (ReportAssembler.OtherSegments, 2L) }));
    }

    [Test]
    public async Task The_report_separates_attribution_classes_and_keeps_the_holdout_out_of_recovered_revenue()
    {
        var shopId = await SeedNovemberAsync();
        await using var db = _database.CreateContext();

        var report = await Reports(db).ReportAsync(shopId, November, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report.ByAttribution, Is.EqualTo(new[]
            {
                new AttributionRow(AttributionClass.AfterClick, Orders: 2, Revenue: 130m, DiscountCost: 10m, NetRevenue: 120m, Counted: true),
                new AttributionRow(AttributionClass.AfterOpen, Orders: 1, Revenue: 40m, DiscountCost: 0m, NetRevenue: 40m, Counted: true),
                new AttributionRow(AttributionClass.AfterSend, Orders: 1, Revenue: 50m, DiscountCost: 0m, NetRevenue: 50m, Counted: true),
                new AttributionRow(AttributionClass.Holdout, Orders: 1, Revenue: 70m, DiscountCost: 0m, NetRevenue: 70m, Counted: false),
            }));
            Assert.That(report.ByAttribution.Where(r => r.Counted).Sum(r => r.Revenue), Is.EqualTo(report.Summary.RecoveredRevenue));
        });
    }

    [Test]
    public async Task Incentive_tiers_come_from_the_codes_offered_and_a_failed_code_was_never_offered()
    {
        var shopId = await SeedNovemberAsync();
        await using var db = _database.CreateContext();

        var report = await Reports(db).ReportAsync(shopId, November, CancellationToken.None);

        Assert.That(report.ByIncentiveTier, Is.EqualTo(new[]
        {
            new IncentiveTierRow("none", null, false, Orders: 2, Revenue: 80m, DiscountCost: 0m, NetRevenue: 80m),
            new IncentiveTierRow("10%", 10m, false, Orders: 1, Revenue: 100m, DiscountCost: 10m, NetRevenue: 90m),
            new IncentiveTierRow("15% + free shipping", 15m, true, Orders: 1, Revenue: 40m, DiscountCost: 0m, NetRevenue: 40m),
        }));
    }

    [Test]
    public async Task Margin_impact_uses_the_shops_gross_margin()
    {
        var shopId = await SeedNovemberAsync();
        await using var db = _database.CreateContext();

        var report = await Reports(db).ReportAsync(shopId, November, CancellationToken.None);

        // Default guardrails: 50 % gross margin on 220 at full price is 110 of profit, of which the codes gave away 10.
        Assert.That(report.Margin, Is.EqualTo(new MarginImpact(50m, 110m, 10m, 100m, 10 / 110.0)));
    }

    [Test]
    public async Task Nothing_of_another_shop_appears_in_a_shops_report()
    {
        var shopId = await SeedNovemberAsync();
        await using var db = _database.CreateContext();

        var report = await Reports(db).ReportAsync(shopId, November, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(report.Summary.RecoveredRevenue, Is.LessThan(1000m));
            Assert.That(report.Summary.BySegment.Single(s => s.Segment == "vip").Journeys, Is.EqualTo(1));
            Assert.That(report.Summary.Clicked, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task An_order_after_a_click_is_reported_after_click_and_one_after_only_a_send_after_send()
    {
        // Arrange: one journey clicked step 1 before buying, the other only received step 1
        await using var db = _database.CreateContext();
        var shop = await ReportData.AddShopAsync(db, "attribution.myshopify.com");
        var data = new ReportData(db);
        var clicked = data.Journey(shop.Id, Nov(10, 9));
        data.Send(clicked, 1, Nov(10, 10), delivered: true, opened: true, clicked: true);
        ReportData.Recover(clicked, Nov(10, 11), Attribution.AfterClick, 1, paid: 80m);
        var sentOnly = data.Journey(shop.Id, Nov(10, 9));
        data.Send(sentOnly, 1, Nov(10, 10), delivered: true);
        ReportData.Recover(sentOnly, Nov(11, 11), Attribution.AfterSend, 1, paid: 60m);
        await data.SaveAsync();

        // Act
        var report = await Reports(db).ReportAsync(shop.Id, November, CancellationToken.None);

        // Assert
        var rows = report.ByAttribution.ToDictionary(r => r.Attribution);
        Assert.Multiple(() =>
        {
            Assert.That((rows[AttributionClass.AfterClick].Orders, rows[AttributionClass.AfterClick].Revenue), Is.EqualTo((1L, 80m)));
            Assert.That((rows[AttributionClass.AfterSend].Orders, rows[AttributionClass.AfterSend].Revenue), Is.EqualTo((1L, 60m)));
            Assert.That(rows[AttributionClass.AfterOpen].Orders, Is.Zero);
            Assert.That(report.Summary.RecoveredRevenue, Is.EqualTo(140m));
        });
    }

    [Test]
    public async Task A_holdout_order_counts_for_lift_and_not_as_recovered_revenue()
    {
        // Arrange: 400 emailed checkouts of which 48 came back (12 %), 400 held out of which 20 came back (5 %)
        await using var db = _database.CreateContext();
        var shop = await ReportData.AddShopAsync(db, "lift.myshopify.com");
        var data = new ReportData(db);
        for (var i = 0; i < 400; i++)
        {
            var treated = data.Journey(shop.Id, Nov(1 + i % 20, 9), segment: "everyone");
            data.Send(treated, 1, Nov(1 + i % 20, 10), delivered: true);
            if (i < 48)
                ReportData.Recover(treated, Nov(1 + i % 20, 12), Attribution.AfterSend, 1, paid: 95m, discountCost: 5m);
            var holdout = data.Journey(shop.Id, Nov(1 + i % 20, 9), holdout: true);
            data.Send(holdout, 1, Nov(1 + i % 20, 10), status: SendStatusKind.Skipped, skipReason: "holdout");
            if (i < 20)
                ReportData.Recover(holdout, Nov(1 + i % 20, 12), Attribution.Holdout, 1, paid: 100m);
        }
        await data.SaveAsync();

        // Act
        var dashboard = await Reports(db).DashboardAsync(shop.Id, November, CancellationToken.None);

        // Assert: figures worked out by hand; the interval is p1 − p2 ± 1.959964·√(p1q1/n1 + p2q2/n2)
        var lift = dashboard.Lift;
        var margin = 1.9599639845400532 * Math.Sqrt(0.12 * 0.88 / 400 + 0.05 * 0.95 / 400);
        Assert.Multiple(() =>
        {
            Assert.That(dashboard.RecoveredOrders, Is.EqualTo(48), "the holdout's 20 orders are not ours to claim");
            Assert.That(dashboard.RecoveredRevenue, Is.EqualTo(48 * 100m));
            Assert.That(dashboard.NetRecoveredRevenue, Is.EqualTo(48 * 95m));
            Assert.That(lift.EnoughData, Is.True);
            Assert.That(lift.TreatedJourneys, Is.EqualTo(400));
            Assert.That(lift.HoldoutJourneys, Is.EqualTo(400));
            Assert.That(lift.TreatedConversion, Is.EqualTo(0.12).Within(1e-12));
            Assert.That(lift.HoldoutConversion, Is.EqualTo(0.05).Within(1e-12));
            Assert.That(lift.Difference, Is.EqualTo(0.07).Within(1e-12));
            Assert.That(lift.CiLow, Is.EqualTo(0.07 - margin).Within(1e-12));
            Assert.That(lift.CiHigh, Is.EqualTo(0.07 + margin).Within(1e-12));
            // 48 × 100 / 400 − 20 × 100 / 400 = 12 − 5; net: 48 × 95 / 400 − 5 = 11.40 − 5
            Assert.That(lift.IncrementalRevenuePerCheckout, Is.EqualTo(7.00m));
            Assert.That(lift.IncrementalNetRevenuePerCheckout, Is.EqualTo(6.40m));
        });
    }

    [Test]
    public async Task Days_are_the_shops_local_days_even_with_a_half_hour_offset()
    {
        // Arrange: Kolkata is UTC+5:30. 18:15 UTC on the 1st is 23:45 there; 18:45 UTC is 00:15 on the 2nd.
        await using var db = _database.CreateContext();
        var shop = await ReportData.AddShopAsync(db, "kolkata.myshopify.com", timeZone: "Asia/Kolkata");
        var data = new ReportData(db);
        data.Journey(shop.Id, Nov(1, 18, 15));
        data.Journey(shop.Id, Nov(1, 18, 45));
        data.Journey(shop.Id, new DateTimeOffset(2026, 10, 31, 18, 29, 0, TimeSpan.Zero)); // 23:59 on Oct 31 there: outside
        await data.SaveAsync();

        // Act
        var dashboard = await Reports(db).DashboardAsync(shop.Id, new ReportPeriod(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 2)), CancellationToken.None);

        // Assert
        Assert.Multiple(() =>
        {
            Assert.That(dashboard.Abandoned, Is.EqualTo(2));
            Assert.That(dashboard.Series.Select(p => (p.Date.Day, p.Abandoned)), Is.EqualTo(new[] { (1, 1L), (2, 1L) }));
        });
    }

    [Test]
    public async Task A_day_across_the_end_of_daylight_saving_time_is_twenty_five_hours_long()
    {
        // Arrange: New York leaves DST on 1 November 2026; 04:30 UTC on the 2nd is still 23:30 on the 1st there.
        await using var db = _database.CreateContext();
        var shop = await ReportData.AddShopAsync(db, "nyc.myshopify.com", timeZone: "America/New_York");
        var data = new ReportData(db);
        data.Journey(shop.Id, Nov(1, 4, 30));   // 00:30 EDT on the 1st
        data.Journey(shop.Id, Nov(2, 4, 30));   // 23:30 EST on the 1st
        data.Journey(shop.Id, Nov(2, 5, 30));   // 00:30 EST on the 2nd
        await data.SaveAsync();

        // Act
        var dashboard = await Reports(db).DashboardAsync(shop.Id, new ReportPeriod(new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 2)), CancellationToken.None);

        // Assert
        Assert.That(dashboard.Series.Select(p => (p.Date.Day, p.Abandoned)), Is.EqualTo(new[] { (1, 2L), (2, 1L) }));
    }
}
