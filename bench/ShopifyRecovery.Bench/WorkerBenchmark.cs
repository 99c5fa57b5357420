using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ShopifyRecovery.Hosting;
using ShopifyRecovery.Intake;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Messaging.Embedded;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Bench;

/// <summary>
/// The worker end to end on SQLite: a backlog of checkouts/create webhooks for the sandbox shop (simulated Admin API,
/// outbox email) becomes journeys, due steps, ledger rows and .eml files. Baseline, same run and database engine:
/// the same number of messages through the same pump with a handler that does nothing.
/// </summary>
public static class WorkerBenchmark
{
    const string Shop = "sandbox-store.myshopify.com";

    sealed class NoOpHandler : IRawMessageHandler
    {
        public static int Handled;
        public Task HandleAsync(IncomingMessage message, CancellationToken ct)
        {
            Interlocked.Increment(ref Handled);
            return Task.CompletedTask;
        }
    }

    public static async Task<int> RunAsync(int journeys)
    {
        var warmup = Math.Max(200, journeys / 5);
        var baseline = await MeasureAsync(warmup, journeys, noOp: true);
        var worker = await MeasureAsync(warmup, journeys, noOp: false);
        Console.WriteLine($"{journeys} messages through the pump, no-op handler (baseline): {baseline,8:F0} msg/s");
        Console.WriteLine($"{journeys} checkouts to journey + ledger row + .eml (worker):    {worker,8:F0} journeys/s ({worker / baseline:P0} of baseline; target >= 1,000/s)");
        return 0;
    }

    /// <summary>
    /// Runs <paramref name="warmup"/> messages first so the JIT, EF's query cache and the connection pool are warm,
    /// then times <paramref name="count"/> more: a worker runs for days, so its steady state is what counts.
    /// </summary>
    static async Task<double> MeasureAsync(int warmup, int count, bool noOp)
    {
        var work = Directory.CreateTempSubdirectory("sr-worker-bench-");
        try
        {
            var connectionString = $"Data Source={Path.Combine(work.FullName, "worker.db")}";
            var builder = Host.CreateApplicationBuilder([HostSettings.ReadConfigurationOnce]);
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Database"] = connectionString,
                ["Email:OutboxPath"] = Path.Combine(work.FullName, "outbox"),
                ["Recovery:TimeScale"] = "100000",
                ["Recovery:ReconcileTimerEnabled"] = "false",
                ["Messaging:Embedded:PollInterval"] = "00:00:00.020",
            });
            builder.Services.AddShopifyRecovery();
            builder.Services.AddShopifyRecoveryWorker();
            if (noOp)
                builder.Services.AddRawMessageHandler<NoOpHandler>("NoOp");
            using var host = builder.Build();
            await host.Services.GetRequiredService<DatabaseInitializer>().MigrateAsync(CancellationToken.None);
            var shopId = await SeedShopAsync(host.Services);
            var transport = host.Services.GetRequiredService<EmbeddedTransport>();
            NoOpHandler.Handled = 0;
            Interlocked.Exchange(ref _emailsSent, 0);
            using var sent = ListenForSentEmails();
            await host.StartAsync();

            await RunToCompletionAsync(transport, noOp, first: 0, count: warmup);
            var watch = Stopwatch.StartNew();
            await RunToCompletionAsync(transport, noOp, first: warmup, count: count);
            var rate = count / watch.Elapsed.TotalSeconds;
            await host.StopAsync();
            if (!noOp)
            {
                var ledger = await SentAsync(host.Services, shopId);
                if (ledger != warmup + count)
                    throw new InvalidOperationException($"Expected {warmup + count} sent ledger rows, found {ledger}.");
                var files = Directory.GetFiles(Path.Combine(work.FullName, "outbox"), "*.eml").Length;
                if (files != warmup + count)
                    throw new InvalidOperationException($"Expected {warmup + count} emails in the outbox, found {files}.");
            }
            return rate;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { work.Delete(true); } catch (IOException) { }
        }
    }

    /// <summary>
    /// Emails the worker reports as sent, read from its own metric: polling the ledger instead would scan a growing
    /// table every few milliseconds and take a fair share of the two cores being measured.
    /// </summary>
    static long _emailsSent;

    static MeterListener ListenForSentEmails()
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == RecoveryTelemetry.Name && instrument.Name == "shopify_recovery.emails.sent")
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _emailsSent, value));
        listener.Start();
        return listener;
    }

    /// <summary>Publishes messages <paramref name="first"/>.. as one backlog and waits until every one has gone through.</summary>
    static async Task RunToCompletionAsync(EmbeddedTransport transport, bool noOp, int first, int count)
    {
        var messages = Enumerable.Range(first, count).Select(i => noOp
            ? new OutgoingMessage($"noop-{i}", "NoOp", "{}"u8.ToArray())
            : Webhook(i)).ToList();
        foreach (var chunk in messages.Chunk(500))
            await transport.PublishBatchAsync(Queues.ShopifyEvents, chunk, CancellationToken.None);
        var target = first + count;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            var done = noOp ? Volatile.Read(ref NoOpHandler.Handled) : Interlocked.Read(ref _emailsSent);
            if (done >= target)
                return;
            if (watch.Elapsed > TimeSpan.FromMinutes(5))
                throw new TimeoutException($"Only {done - first} of {count} finished in 5 minutes.");
            await Task.Delay(20);
        }
    }

    static async Task<int> SentAsync(IServiceProvider services, long shopId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecoveryDbContext>();
        return await db.Set<EmailSend>().CountAsync(s => s.ShopId == shopId && s.Status == SendStatusKind.Sent);
    }

    static async Task<long> SeedShopAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var shop = await scope.ServiceProvider.GetRequiredService<ShopTokens>()
            .SaveInstallAsync(Shop, new ShopifyAccessToken("shpat_bench", "read_orders", null, null, null), CancellationToken.None);
        // One step, due at once: the benchmark measures the machinery, not the waiting.
        var flow = FlowSettings.Default with
        {
            HoldoutPercent = 0,
            QuietHours = new QuietHours { Enabled = false },
            FrequencyCap = new FrequencyCap { Count = 10, Days = 1 },
            Steps = [new FlowStep { DelayMinutes = 1 }],
        };
        var errors = await scope.ServiceProvider.GetRequiredService<ShopSettingsStore>().SaveFlowAsync(shop.Id, flow, CancellationToken.None);
        if (errors.Count > 0)
            throw new InvalidOperationException(string.Join("; ", errors));
        return shop.Id;
    }

    static OutgoingMessage Webhook(int i)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "checkouts_update.json")))!.AsObject();
        json["token"] = $"bench-{i}";
        json["cart_token"] = $"cart-bench-{i}";
        json["email"] = $"shopper{i}@example.com";
        json["buyer_accepts_marketing"] = true;
        json["updated_at"] = DateTimeOffset.UtcNow.ToString("O");
        json.Remove("customer");
        return new OutgoingMessage(ShopifyWebhookReceived.MessageIdFor($"bench-{i}"), ShopifyWebhookReceived.Type, Encoding.UTF8.GetBytes(json.ToJsonString()))
        {
            PartitionKey = Shop,
            Properties = new Dictionary<string, string>
            {
                [ShopifyWebhookReceived.Topic] = ShopifyTopics.CheckoutsCreate,
                [ShopifyWebhookReceived.Shop] = Shop,
                [ShopifyWebhookReceived.WebhookId] = $"bench-{i}",
            },
        };
    }
}
