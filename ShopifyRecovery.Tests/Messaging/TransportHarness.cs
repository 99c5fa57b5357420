using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Messaging;

public enum TransportUnderTest { Embedded, RabbitMq }

/// <summary>
/// One transport under contract test, with what the tests need around it: a migrated SQLite database for the inbox
/// and outbox, the test handler, and ways to start a second "process", crash it, and let time pass. Each transport
/// supplies how those are done for real (a lease that expires; a connection that drops).
/// </summary>
public abstract class TransportHarness : IAsyncDisposable
{
    readonly List<MessagePump> _pumps = [];
    readonly List<IMessageTransport> _processes = [];
    ServiceProvider? _services;

    public static IEnumerable<TransportUnderTest> All => Enum.GetValues<TransportUnderTest>();

    public static TransportHarness Create(TransportUnderTest transport) => transport switch
    {
        TransportUnderTest.Embedded => new EmbeddedHarness(),
        _ => new RabbitMqHarness(),
    };

    public TestDatabase Database { get; private set; } = null!;
    public IMessageTransport Transport { get; private set; } = null!;
    public HandlerBehaviour Behaviour { get; } = new();
    public MessageDispatcher Dispatcher => Services.GetRequiredService<MessageDispatcher>();
    public IServiceProvider Services => _services!;
    public abstract TimeProvider Clock { get; }
    public abstract IDeadLetterQueue DeadLetters { get; }

    public MessagingOptions Options { get; } = new()
    {
        MaxAttempts = 3,
        RetryBaseDelay = TimeSpan.FromMilliseconds(100),
        RetryMaxDelay = TimeSpan.FromMilliseconds(200),
        LockDuration = TimeSpan.FromSeconds(30),
        Concurrency = 2,
        DrainTimeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>How far ahead the scheduling test schedules: long in fake time, short in real time.</summary>
    public abstract TimeSpan ScheduleDelay { get; }

    public async Task StartAsync()
    {
        await PrepareAsync();
        Database = await TestDatabase.CreateAsync();
        await using (var db = Database.CreateContext())
            await db.Database.ExecuteSqlRawAsync("CREATE TABLE test_effects (id INTEGER PRIMARY KEY, message_id TEXT NOT NULL)");
        var services = new ServiceCollection();
        services.AddSingleton(Clock);
        services.AddSingleton(Behaviour);
        services.AddScoped<RecoveryDbContext>(_ => Database.CreateContext());
        services.AddMessageHandler<TestCommand, RecordingHandler>();
        services.AddSingleton<MessageDispatcher>();
        _services = services.BuildServiceProvider();
        Transport = await CreateTransportAsync();
    }

    /// <summary>Per-run setup such as starting the broker.</summary>
    protected virtual Task PrepareAsync() => Task.CompletedTask;

    protected abstract Task<IMessageTransport> CreateTransportAsync();

    public abstract string NewQueue();

    /// <summary>Another consumer process with its own connection to the transport.</summary>
    public async Task<IMessageTransport> StartProcessAsync()
    {
        var process = await CreateTransportAsync();
        _processes.Add(process);
        return process;
    }

    /// <summary>The process dies without settling what it holds; afterwards its deliveries can be taken again.</summary>
    public abstract Task CrashAsync(IMessageTransport process);

    /// <summary>Fake time moves on; real time needs no help.</summary>
    public abstract Task LetTimePassAsync(TimeSpan duration);

    public static OutgoingMessage Command(string messageId, string name = "test") => MessageJson.Create(messageId, new TestCommand(name));

    public Task PublishAsync(string queue, string messageId, DateTimeOffset? deliverAt = null) =>
        Transport.PublishAsync(queue, Command(messageId) with { DeliverAt = deliverAt }, CancellationToken.None);

    public MessagePump StartPump(string queue, int? concurrency = null, IMessageTransport? transport = null)
    {
        var options = new MessagingOptions
        {
            MaxAttempts = Options.MaxAttempts, RetryBaseDelay = Options.RetryBaseDelay, RetryMaxDelay = Options.RetryMaxDelay,
            LockDuration = Options.LockDuration, Concurrency = concurrency ?? Options.Concurrency, DrainTimeout = Options.DrainTimeout,
        };
        var pump = new MessagePump(queue, transport ?? Transport, Dispatcher, Microsoft.Extensions.Options.Options.Create(options),
            NullLogger<MessagePump>.Instance);
        pump.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
        _pumps.Add(pump);
        return pump;
    }

    public async Task StopPumpsAsync()
    {
        foreach (var pump in _pumps)
            await pump.StopAsync(CancellationToken.None);
        _pumps.Clear();
    }

    public Task<IMessageReceiver> OpenReceiverAsync(string queue, IMessageTransport? transport = null) =>
        (transport ?? Transport).OpenReceiverAsync(queue, new ReceiverSettings(Prefetch: 1, Options.LockDuration), CancellationToken.None);

    /// <summary>Waits (letting fake time run) until the receiver hands out a delivery.</summary>
    public async Task<IMessageDelivery> ReceiveAsync(IMessageReceiver receiver, string description = "a delivery")
    {
        IMessageDelivery? delivery = null;
        await WaitForAsync(async () => (delivery = await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(200), CancellationToken.None)) is not null,
            description);
        return delivery!;
    }

    /// <summary>Waits for a condition; on fake time the clock moves a little between probes so retries come due.</summary>
    public virtual Task WaitForAsync(Func<Task<bool>> condition, string description, TimeSpan? timeout = null) =>
        Eventually.WaitForAsync(condition, description, timeout ?? TimeSpan.FromSeconds(60));

    public OutboxRelay Relay(IMessageBus bus) =>
        new(Services.GetRequiredService<IServiceScopeFactory>(), bus, NullLogger<OutboxRelay>.Instance);

    public async Task<IReadOnlyList<string>> EffectsAsync()
    {
        await using var db = Database.CreateContext();
        return await db.Database.SqlQueryRaw<string>("SELECT message_id AS Value FROM test_effects ORDER BY id").ToListAsync();
    }

    public async Task<int> OutboxCountAsync()
    {
        await using var db = Database.CreateContext();
        return await db.Set<OutboxMessage>().CountAsync();
    }

    /// <summary>True when nothing is left on the queue (a delivery found is given back).</summary>
    public async Task<bool> IsDrainedAsync(string queue)
    {
        await using var receiver = await OpenReceiverAsync(queue);
        var delivery = await receiver.ReceiveAsync(TimeSpan.FromMilliseconds(500), CancellationToken.None);
        if (delivery is null)
            return true;
        await delivery.AbandonAsync(TimeSpan.Zero, "drain check", CancellationToken.None);
        return false;
    }

    public virtual async ValueTask DisposeAsync()
    {
        await StopPumpsAsync();
        foreach (var process in _processes)
            await process.DisposeAsync();
        if (Transport is not null)
            await Transport.DisposeAsync();
        if (_services is not null)
            await _services.DisposeAsync();
        if (Database is not null)
            await Database.DisposeAsync();
    }

    public override string ToString() => GetType().Name;
}
