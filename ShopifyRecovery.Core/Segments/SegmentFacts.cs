namespace ShopifyRecovery.Segments;

/// <summary>What segment rules can look at for one journey. Amounts are in the shop currency.</summary>
public sealed record SegmentFacts
{
    public decimal CartValue { get; init; }
    public long OrdersCount { get; init; }
    public decimal AmountSpent { get; init; }
    public DateTimeOffset? LastOrderAt { get; init; }
    public RfmScore Rfm { get; init; } = RfmScore.NoOrders;
    public bool RepeatAbandoner { get; init; }
    public bool DiscountSeeker { get; init; }
    public IReadOnlyList<string> ProductTypes { get; init; } = [];

    public bool FirstTime => OrdersCount == 0;
    public bool Returning => OrdersCount > 0;
}

/// <summary>Recency, frequency and monetary scores, 1–5 each (0 for a shopper who never ordered), and the group they fall in.</summary>
public sealed record RfmScore(int Recency, int Frequency, int Monetary)
{
    public static readonly RfmScore NoOrders = new(0, 0, 0);

    public int Total => Recency + Frequency + Monetary;

    public string Segment => this switch
    {
        { Frequency: 0 } => RfmSegments.New,
        { Recency: >= 4, Frequency: >= 4, Monetary: >= 4 } => RfmSegments.Champion,
        { Recency: >= 3, Frequency: >= 3 } => RfmSegments.Loyal,
        { Recency: >= 4 } => RfmSegments.Recent,
        { Recency: <= 2, Frequency: >= 3 } => RfmSegments.AtRisk,
        _ => RfmSegments.Lapsed,
    };
}

/// <summary>
/// RFM with fixed thresholds, so it works from a store's first order (percentile-based RFM needs hundreds of
/// customers before it means anything). Thresholds suit a small store: a few orders already make a regular.
/// </summary>
public static class Rfm
{
    public static RfmScore Score(long ordersCount, decimal amountSpent, DateTimeOffset? lastOrderAt, DateTimeOffset now)
    {
        if (ordersCount <= 0)
            return RfmScore.NoOrders;
        var days = lastOrderAt is { } last ? (now - last).TotalDays : double.MaxValue;
        var recency = days switch { <= 30 => 5, <= 60 => 4, <= 120 => 3, <= 240 => 2, _ => 1 };
        var frequency = ordersCount switch { >= 10 => 5, >= 5 => 4, >= 3 => 3, 2 => 2, _ => 1 };
        var monetary = amountSpent switch { >= 1000m => 5, >= 500m => 4, >= 200m => 3, >= 50m => 2, _ => 1 };
        return new(recency, frequency, monetary);
    }
}
