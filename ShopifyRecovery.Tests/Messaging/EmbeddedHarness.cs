using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Messaging.Embedded;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Messaging;

/// <summary>The embedded queue on a real SQLite file, on fake time: a crash is a lease left to expire.</summary>
public sealed class EmbeddedHarness : TransportHarness
{
    readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
    int _queues;

    public override TimeProvider Clock => _clock;

    public override IDeadLetterQueue DeadLetters => new EmbeddedDeadLetterQueue(Services.GetRequiredService<IServiceScopeFactory>(),
        (EmbeddedTransport)Transport, NullLogger<EmbeddedDeadLetterQueue>.Instance);

    public override TimeSpan ScheduleDelay => TimeSpan.FromHours(1);

    protected override Task<IMessageTransport> CreateTransportAsync() =>
        Task.FromResult<IMessageTransport>(new EmbeddedTransport(new SqliteQueueDialect(Database.ConnectionString),
            new EmbeddedQueueOptions { PollInterval = TimeSpan.FromMilliseconds(20) }, _clock));

    public override string NewQueue() => $"embedded-{Interlocked.Increment(ref _queues)}";

    public override async Task CrashAsync(IMessageTransport process)
    {
        await process.DisposeAsync();
        _clock.Advance(Options.LockDuration + TimeSpan.FromSeconds(1));
    }

    public override Task LetTimePassAsync(TimeSpan duration)
    {
        _clock.Advance(duration);
        return Task.CompletedTask;
    }

    public override Task WaitForAsync(Func<Task<bool>> condition, string description, TimeSpan? timeout = null) =>
        Eventually.WaitForAsync(async () =>
        {
            if (await condition())
                return true;
            // Retries wait RetryBaseDelay..RetryMaxDelay of fake time; move it on so they come due.
            _clock.Advance(TimeSpan.FromMilliseconds(100));
            return false;
        }, description, timeout ?? TimeSpan.FromSeconds(60));
}
