extern alias worker;
using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Intake;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Messaging.Embedded;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Hosting;

/// <summary>Production runs several ShopifyRecovery.Worker processes against one database; they must share the work safely.</summary>
public sealed class WorkerProcessTests
{
    [Test]
    public async Task Two_worker_processes_on_one_database_handle_every_message_once_in_effect()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateContext())
        {
            db.Set<Shop>().Add(new Shop { Domain = "demo.myshopify.com", Installed = true, InstalledAt = DateTimeOffset.UtcNow, AccessTokenCipher = "x" });
            await db.SaveChangesAsync();
        }
        var workers = new[] { StartWorker(database), StartWorker(database) };
        try
        {
            await using var transport = new EmbeddedTransport(new SqliteQueueDialect(database.ConnectionString), new EmbeddedQueueOptions(), TimeProvider.System);
            const int count = 300;
            var messages = Enumerable.Range(0, count).Select(i => new OutgoingMessage(
                ShopifyWebhookReceived.MessageIdFor($"multi-{i}"), ShopifyWebhookReceived.Type,
                Encoding.UTF8.GetBytes($$"""{"previous":[],"current":["read_orders","scope_{{i}}"]}"""))
            {
                PartitionKey = "demo.myshopify.com",
                Properties = new Dictionary<string, string>
                {
                    [ShopifyWebhookReceived.Topic] = ShopifyTopics.AppScopesUpdate,
                    [ShopifyWebhookReceived.Shop] = "demo.myshopify.com",
                    [ShopifyWebhookReceived.WebhookId] = $"multi-{i}",
                },
            }).ToList();
            foreach (var chunk in messages.Chunk(50))
                await transport.PublishBatchAsync(Queues.ShopifyEvents, chunk, CancellationToken.None);

            await Eventually.WaitForAsync(async () =>
            {
                await using var db = database.CreateContext();
                return await db.Set<QueueMessageRow>().CountAsync(m => m.CompletedAt != null);
            }, done => done == count, "both workers to complete every message", TimeSpan.FromSeconds(90));

            await using var check = database.CreateContext();
            var handled = await check.Set<InboxEntry>().Where(e => e.Consumer == ShopifyWebhookHandler.Consumer).Select(e => e.MessageId).ToListAsync();
            Assert.That(handled, Is.EquivalentTo(messages.Select(m => m.MessageId)), "each message's effect committed exactly once");
            Assert.That(await check.Set<DeadLetterRow>().CountAsync(), Is.Zero);
            Assert.That(workers.Select(w => w.HasExited), Is.All.False, "neither worker crashed");
        }
        finally
        {
            foreach (var process in workers)
            {
                if (!process.HasExited)
                    process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
    }

    static Process StartWorker(TestDatabase database)
    {
        var info = new ProcessStartInfo("dotnet", $"\"{Path.Combine(AppContext.BaseDirectory, "ShopifyRecovery.Worker.dll")}\"")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = database.Directory,
        };
        info.Environment["ConnectionStrings__Database"] = database.ConnectionString;
        info.Environment["Shopify__ApiKey"] = TestApp.ApiKey;
        info.Environment["Shopify__ApiSecret"] = TestApp.ApiSecret;
        info.Environment["Email__OutboxPath"] = Path.Combine(database.Directory, "outbox");
        info.Environment["Messaging__Embedded__PollInterval"] = "00:00:00.020";
        info.Environment["DOTNET_ENVIRONMENT"] = "Testing";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) TestContext.Progress.WriteLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
