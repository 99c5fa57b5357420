namespace ShopifyRecovery.Analytics;

/// <summary>
/// The report as one table of section,key,metric,value: CSV has no room for several tables, and the long form opens
/// in any spreadsheet as a pivot source. The same figures as <c>GET /api/reports</c>, in the same words.
/// </summary>
public static class ReportCsv
{
    public static async Task WriteAsync(RecoveryReport report, CsvWriter csv)
    {
        var d = report.Summary;
        await csv.RowAsync("section", "key", "metric", "value");
        async Task Row(string section, string key, string metric, Action<CsvWriter> value)
        {
            csv.Text(section).Text(key).Text(metric);
            value(csv);
            await csv.EndRowAsync();
        }

        await Row("period", "", "from", c => c.Date(d.Period.From));
        await Row("period", "", "to", c => c.Date(d.Period.To));
        await Row("period", "", "currency", c => c.Text(d.Currency));
        await Row("summary", "", "abandoned", c => c.Number(d.Abandoned));
        await Row("summary", "", "emails_sent", c => c.Number(d.EmailsSent));
        await Row("summary", "", "delivered", c => c.Number(d.Delivered));
        await Row("summary", "", "opened", c => c.Number(d.Opened));
        await Row("summary", "", "clicked", c => c.Number(d.Clicked));
        await Row("summary", "", "recovered_orders", c => c.Number(d.RecoveredOrders));
        await Row("summary", "", "recovered_revenue", c => c.Number(d.RecoveredRevenue));
        await Row("summary", "", "discount_cost", c => c.Number(d.DiscountCost));
        await Row("summary", "", "net_recovered_revenue", c => c.Number(d.NetRecoveredRevenue));
        await Row("summary", "", "recovery_rate", c => c.Number(d.RecoveryRate));

        var l = report.Lift;
        await Row("lift", "", "enough_data", c => c.Bool(l.EnoughData));
        await Row("lift", "", "treated_journeys", c => c.Number(l.TreatedJourneys));
        await Row("lift", "", "holdout_journeys", c => c.Number(l.HoldoutJourneys));
        await Row("lift", "", "treated_conversion", c => c.Number(l.TreatedConversion));
        await Row("lift", "", "holdout_conversion", c => c.Number(l.HoldoutConversion));
        await Row("lift", "", "difference", c => c.Number(l.Difference));
        await Row("lift", "", "ci_low", c => c.Number(l.CiLow));
        await Row("lift", "", "ci_high", c => c.Number(l.CiHigh));
        await Row("lift", "", "p_value", c => c.Number(l.PValue));
        await Row("lift", "", "incremental_revenue_per_checkout", c => c.Number(l.IncrementalRevenuePerCheckout));
        await Row("lift", "", "incremental_net_revenue_per_checkout", c => c.Number(l.IncrementalNetRevenuePerCheckout));
        await Row("lift", "", "incremental_orders", c => c.Number(l.IncrementalOrders));
        await Row("lift", "", "discount_cost_per_incremental_order", c => c.Number(l.DiscountCostPerIncrementalOrder));

        foreach (var p in d.Series)
        {
            var key = p.Date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            await Row("day", key, "abandoned", c => c.Number(p.Abandoned));
            await Row("day", key, "recovered", c => c.Number(p.Recovered));
            await Row("day", key, "revenue", c => c.Number(p.Revenue));
        }
        foreach (var s in d.BySteps)
        {
            var key = s.Step.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await Row("step", key, "sent", c => c.Number(s.Sent));
            await Row("step", key, "opened", c => c.Number(s.Opened));
            await Row("step", key, "clicked", c => c.Number(s.Clicked));
            await Row("step", key, "recovered", c => c.Number(s.Recovered));
            await Row("step", key, "revenue", c => c.Number(s.Revenue));
        }
        foreach (var s in d.BySegment)
        {
            // Segment names are the merchant's own words: they go through the same injection guard as any text.
            await Row("segment", s.Segment, "journeys", c => c.Number(s.Journeys));
            await Row("segment", s.Segment, "recovered", c => c.Number(s.Recovered));
            await Row("segment", s.Segment, "revenue", c => c.Number(s.Revenue));
            await Row("segment", s.Segment, "discount_cost", c => c.Number(s.DiscountCost));
        }
        foreach (var a in report.ByAttribution)
        {
            var key = RecoveryReports.Snake(a.Attribution.ToString());
            await Row("attribution", key, "orders", c => c.Number(a.Orders));
            await Row("attribution", key, "revenue", c => c.Number(a.Revenue));
            await Row("attribution", key, "discount_cost", c => c.Number(a.DiscountCost));
            await Row("attribution", key, "net_revenue", c => c.Number(a.NetRevenue));
            await Row("attribution", key, "counted", c => c.Bool(a.Counted));
        }
        foreach (var t in report.ByIncentiveTier)
        {
            await Row("incentive_tier", t.Tier, "orders", c => c.Number(t.Orders));
            await Row("incentive_tier", t.Tier, "revenue", c => c.Number(t.Revenue));
            await Row("incentive_tier", t.Tier, "discount_cost", c => c.Number(t.DiscountCost));
            await Row("incentive_tier", t.Tier, "net_revenue", c => c.Number(t.NetRevenue));
        }
        var m = report.Margin;
        await Row("margin", "", "gross_margin_percent", c => c.Number(m.GrossMarginPercent));
        await Row("margin", "", "gross_profit", c => c.Number(m.GrossProfit));
        await Row("margin", "", "discount_cost", c => c.Number(m.DiscountCost));
        await Row("margin", "", "profit_after_discounts", c => c.Number(m.ProfitAfterDiscounts));
        await Row("margin", "", "discount_share_of_gross_profit", c => c.Number(m.DiscountShareOfGrossProfit));
    }
}
