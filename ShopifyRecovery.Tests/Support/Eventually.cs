using System.Diagnostics;

namespace ShopifyRecovery.Tests.Support;

/// <summary>Waits for a condition instead of sleeping for a guessed time; fails with the description on timeout.</summary>
public static class Eventually
{
    public static async Task<T> WaitForAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string description, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        var watch = Stopwatch.StartNew();
        var last = await probe();
        while (!done(last))
        {
            if (watch.Elapsed > limit)
                Assert.Fail($"Timed out after {limit.TotalSeconds:0}s waiting for {description}; last value: {last}");
            await Task.Delay(25);
            last = await probe();
        }
        return last;
    }

    public static Task WaitForAsync(Func<Task<bool>> condition, string description, TimeSpan? timeout = null) =>
        WaitForAsync(condition, ok => ok, description, timeout);
}
