using System.Diagnostics;
using System.Net;

namespace ShopifyRecovery.Bench;

public sealed record LoadResult(string Name, long Requests, long Errors, double Seconds, double P50Ms, double P99Ms)
{
    public double RequestsPerSecond => Requests / Seconds;
    public override string ToString() =>
        $"{Name,-28} {RequestsPerSecond,10:F0} req/s   p50 {P50Ms,6:F2} ms   p99 {P99Ms,6:F2} ms   errors {Errors}";
}

/// <summary>A closed-loop HTTP load generator: N connections each send the next request when the last one answered.</summary>
public static class LoadGenerator
{
    public static async Task<LoadResult> RunAsync(string name, Uri baseUri, int connections, TimeSpan warmup, TimeSpan duration,
        Func<long, HttpRequestMessage> request)
    {
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var client = new HttpClient(handler) { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(30) };
        long sequence = 0;

        async Task<(long Requests, long Errors, List<double> Latencies)> LoopAsync(DateTime until, bool record)
        {
            var latencies = new List<double>(record ? 200_000 : 0);
            long requests = 0, errors = 0;
            while (DateTime.UtcNow < until)
            {
                using var message = request(Interlocked.Increment(ref sequence));
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await client.SendAsync(message);
                    if (response.StatusCode != HttpStatusCode.OK)
                        errors++;
                }
                catch (HttpRequestException)
                {
                    errors++;
                }
                if (record)
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                requests++;
            }
            return (requests, errors, latencies);
        }

        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(() => LoopAsync(DateTime.UtcNow + warmup, false))));
        var watch = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(() => LoopAsync(DateTime.UtcNow + duration, true))));
        var seconds = watch.Elapsed.TotalSeconds;
        var all = results.SelectMany(r => r.Latencies).Order().ToArray();
        return new LoadResult(name, results.Sum(r => r.Requests), results.Sum(r => r.Errors), seconds,
            Percentile(all, 0.50), Percentile(all, 0.99));
    }

    static double Percentile(double[] sorted, double p) => sorted.Length == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Length - 1, p * sorted.Length)];
}
