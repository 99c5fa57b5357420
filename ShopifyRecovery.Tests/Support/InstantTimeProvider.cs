using System.Collections.Concurrent;

namespace ShopifyRecovery.Tests.Support;

/// <summary>
/// A clock whose delays elapse at once: every timer fires immediately and moves the clock forward by its due time.
/// Waits computed by the code under test (backoff, throttling) are recorded in <see cref="Delays"/> instead of slept.
/// Only for code whose timers are all waits; a timeout on this clock would fire immediately too.
/// </summary>
public sealed class InstantTimeProvider(DateTimeOffset start) : TimeProvider
{
    readonly Lock _gate = new();
    DateTimeOffset _now = start;

    public InstantTimeProvider() : this(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero)) { }

    public ConcurrentQueue<TimeSpan> Delays { get; } = new();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
            return _now;
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
            _now += by;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
            return new InertTimer();
        Delays.Enqueue(dueTime);
        Advance(dueTime);
        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new InertTimer();
    }

    sealed class InertTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;
        public void Dispose() { }
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
