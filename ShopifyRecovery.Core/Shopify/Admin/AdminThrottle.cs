using System.Collections.Concurrent;

namespace ShopifyRecovery.Shopify.Admin;

/// <summary>
/// Shopify's leaky bucket as this process last saw it, per shop. Before a call it says how long to wait so the query's
/// expected cost fits; every response's <c>throttleStatus</c> corrects it. The cost of each operation is learned from
/// <c>requestedQueryCost</c>, starting from the estimate in <see cref="AdminOperations"/>.
/// </summary>
public sealed class AdminThrottle
{
    static readonly TimeSpan FallbackThrottledWait = TimeSpan.FromSeconds(1);
    static readonly TimeSpan MinimumThrottledWait = TimeSpan.FromMilliseconds(100);
    static readonly TimeSpan MaximumWait = TimeSpan.FromMinutes(1);

    readonly ConcurrentDictionary<string, Bucket> _shops = new(StringComparer.OrdinalIgnoreCase);
    readonly ConcurrentDictionary<string, double> _costs = new(StringComparer.Ordinal);

    public double ExpectedCost(AdminOperation operation) => _costs.GetValueOrDefault(operation.Name, operation.EstimatedCost);

    /// <summary>Takes the operation's cost out of the bucket and returns how long to wait before sending.</summary>
    public TimeSpan Reserve(string shopDomain, AdminOperation operation, DateTimeOffset now) =>
        _shops.TryGetValue(shopDomain, out var bucket) ? bucket.Reserve(ExpectedCost(operation), now) : TimeSpan.Zero;

    public void Observe(string shopDomain, AdminOperation operation, QueryCost cost, DateTimeOffset now)
    {
        if (cost.RequestedQueryCost > 0)
            _costs[operation.Name] = cost.RequestedQueryCost;
        if (cost.ThrottleStatus is { RestoreRate: > 0, MaximumAvailable: > 0 } status)
            _shops.GetOrAdd(shopDomain, _ => new Bucket()).Observe(status, now);
    }

    /// <summary>After a THROTTLED answer: the time the bucket needs to refill to the query's cost.</summary>
    public static TimeSpan ThrottledWait(QueryCost? cost)
    {
        if (cost?.ThrottleStatus is not { RestoreRate: > 0 } status)
            return FallbackThrottledWait;
        var seconds = (cost.RequestedQueryCost - status.CurrentlyAvailable) / status.RestoreRate;
        return Clamp(TimeSpan.FromSeconds(seconds), MinimumThrottledWait);
    }

    static TimeSpan Clamp(TimeSpan wait, TimeSpan minimum) =>
        wait < minimum ? minimum : wait > MaximumWait ? MaximumWait : wait;

    sealed class Bucket
    {
        readonly Lock _gate = new();
        double _available;
        double _maximum;
        double _restoreRate;
        DateTimeOffset _at;

        public void Observe(ThrottleStatus status, DateTimeOffset now)
        {
            lock (_gate)
            {
                (_available, _maximum, _restoreRate, _at) = (status.CurrentlyAvailable, status.MaximumAvailable, status.RestoreRate, now);
            }
        }

        public TimeSpan Reserve(double cost, DateTimeOffset now)
        {
            lock (_gate)
            {
                var elapsed = Math.Max(0, (now - _at).TotalSeconds);
                var current = Math.Min(_maximum, _available + elapsed * _restoreRate);
                // A query costlier than the whole bucket can only wait for a full one.
                var needed = Math.Min(cost, _maximum);
                // Taking the cost now, even into debt, makes concurrent callers for the same shop queue up behind it.
                _available = current - needed;
                _at = now;
                return current >= needed ? TimeSpan.Zero : Clamp(TimeSpan.FromSeconds((needed - current) / _restoreRate), TimeSpan.Zero);
            }
        }
    }
}
