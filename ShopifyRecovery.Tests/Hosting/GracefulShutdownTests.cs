using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ShopifyRecovery.Hosting;
using ShopifyRecovery.Intake;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Messaging.Embedded;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Hosting;

public sealed class GracefulShutdownTests
{
    /// <summary>A slow job whose effect (a row) commits together with its inbox mark, after a gate opens.</summary>
    sealed class SlowJobHandler(RecoveryDbContext db, SlowJobGate gate) : IRawMessageHandler
    {
        public async Task HandleAsync(IncomingMessage message, CancellationToken ct)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (!await db.TryRecordInboxAsync("slow-jobs", message.MessageId, DateTimeOffset.UtcNow, ct))
                return;
            db.Set<ComplianceRequest>().Add(new ComplianceRequest { ShopDomain = "demo.myshopify.com", Topic = "slow-job", ReceivedAt = DateTimeOffset.UtcNow });
            gate.Started.TrySetResult();
            await gate.Release.Task.WaitAsync(ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
    }

    sealed class SlowJobGate
    {
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    static IHost BuildWorker(TestDatabase database, SlowJobGate gate, TimeSpan drain)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Database"] = database.ConnectionString,
            ["Shopify:ApiKey"] = TestApp.ApiKey,
            ["Shopify:ApiSecret"] = TestApp.ApiSecret,
            ["Email:OutboxPath"] = Path.Combine(database.Directory, "outbox"),
            ["Messaging:Embedded:PollInterval"] = "00:00:00.020",
            ["Messaging:DrainTimeout"] = drain.ToString(),
            ["Messaging:Concurrency"] = "1",
        });
        builder.Services.AddShopifyRecovery();
        builder.Services.AddShopifyRecoveryWorker();
        builder.Services.AddSingleton(gate);
        builder.Services.AddRawMessageHandler<SlowJobHandler>("SlowJob");
        return builder.Build();
    }

    static async Task<QueueMessageRow> RowAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.Set<QueueMessageRow>().AsNoTracking().SingleAsync(m => m.MessageId == "slow-1");
    }

    [Test]
    public async Task Stopping_while_a_handler_runs_gives_the_message_back_and_it_is_handled_once_by_the_next_worker()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var transport = new EmbeddedTransport(new SqliteQueueDialect(database.ConnectionString), new EmbeddedQueueOptions(), TimeProvider.System))
            await transport.PublishAsync(Queues.ShopifyEvents, new OutgoingMessage("slow-1", "SlowJob", Encoding.UTF8.GetBytes("{}")), CancellationToken.None);

        var stuck = new SlowJobGate();
        using (var first = BuildWorker(database, stuck, drain: TimeSpan.FromMilliseconds(200)))
        {
            await first.StartAsync();
            await stuck.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await first.StopAsync(); // the handler never finishes: drain times out, the message is given back
        }
        var afterStop = await RowAsync(database);
        Assert.That(afterStop.CompletedAt, Is.Null);
        Assert.That(afterStop.LeaseId, Is.Null, "released at once, not left to its lock's expiry");

        var free = new SlowJobGate();
        free.Release.SetResult();
        using (var second = BuildWorker(database, free, drain: TimeSpan.FromSeconds(5)))
        {
            await second.StartAsync();
            await Eventually.WaitForAsync(async () => (await RowAsync(database)).CompletedAt is not null, "the second worker to complete the message");
            await second.StopAsync();
        }

        await using var db = database.CreateContext();
        Assert.That(await db.Set<ComplianceRequest>().CountAsync(r => r.Topic == "slow-job"), Is.EqualTo(1), "one effect");
        Assert.That((await RowAsync(database)).Attempts, Is.EqualTo(2), "delivered twice, handled once");
    }

    [Test]
    public async Task A_handler_that_finishes_within_the_drain_time_completes_its_message_during_shutdown()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var transport = new EmbeddedTransport(new SqliteQueueDialect(database.ConnectionString), new EmbeddedQueueOptions(), TimeProvider.System))
            await transport.PublishAsync(Queues.ShopifyEvents, new OutgoingMessage("slow-1", "SlowJob", Encoding.UTF8.GetBytes("{}")), CancellationToken.None);

        var gate = new SlowJobGate();
        using var worker = BuildWorker(database, gate, drain: TimeSpan.FromSeconds(10));
        await worker.StartAsync();
        await gate.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var stopping = worker.StopAsync();
        gate.Release.SetResult();
        await stopping;

        var row = await RowAsync(database);
        Assert.That(row.CompletedAt, Is.Not.Null);
        Assert.That(row.Attempts, Is.EqualTo(1));
    }
}
