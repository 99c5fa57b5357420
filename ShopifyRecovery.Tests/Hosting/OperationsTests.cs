extern alias worker;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using ShopifyRecovery.Hosting;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Recovery;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Tests.Support;
using worker::ShopifyRecovery.Worker;

namespace ShopifyRecovery.Tests.Hosting;

public sealed class OperationsTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Test]
    public async Task Retention_removes_closed_journeys_past_the_shops_days_and_old_inbox_records_only()
    {
        await using var database = await TestDatabase.CreateAsync();
        long shopId;
        await using (var db = database.CreateContext())
        {
            var shop = new Shop { Domain = "keep.myshopify.com", Installed = true, InstalledAt = Now.AddYears(-1) };
            db.Add(shop);
            await db.SaveChangesAsync();
            shopId = shop.Id;
            db.Add(new ShopSettings { ShopId = shopId, RetentionDays = 30, UpdatedAt = Now });
            Journey J(string token, JourneyStatus status, DateTimeOffset? closed) => new()
            {
                Id = Guid.NewGuid(), ShopId = shopId, CheckoutToken = token, Status = status, ClosedAt = closed,
                CreatedAt = Now.AddDays(-60), LastActivityAt = Now.AddDays(-60), CheckoutUpdatedAt = Now.AddDays(-60),
                ShopCurrency = "USD", PresentmentCurrency = "USD",
            };
            db.AddRange(J("old-closed", JourneyStatus.Recovered, Now.AddDays(-40)), J("recent-closed", JourneyStatus.Expired, Now.AddDays(-10)),
                J("old-active", JourneyStatus.Active, null));
            db.AddRange(new InboxEntry { Consumer = "c", MessageId = "old", ProcessedAt = Now.AddDays(-20) },
                new InboxEntry { Consumer = "c", MessageId = "new", ProcessedAt = Now.AddDays(-1) });
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext())
            Assert.That(await new DataRetention(db, new FakeTimeProvider(Now)).ApplyAsync(CancellationToken.None), Is.EqualTo(1));

        await using var check = database.CreateContext();
        Assert.That(await check.Set<Journey>().Select(j => j.CheckoutToken).ToListAsync(), Is.EquivalentTo(new[] { "recent-closed", "old-active" }));
        Assert.That(await check.Set<InboxEntry>().Select(e => e.MessageId).ToListAsync(), Is.EqualTo(new[] { "new" }));
    }

    [Test]
    public async Task An_operator_pauses_and_resumes_one_shops_sends_from_the_worker_command_line()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using (var db = database.CreateContext())
        {
            db.AddRange(new Shop { Domain = "a.myshopify.com", Installed = true }, new Shop { Domain = "b.myshopify.com", Installed = true });
            await db.SaveChangesAsync();
        }
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Database"] = database.ConnectionString });
        builder.Services.AddShopifyRecovery();
        using var host = builder.Build();
        var output = new StringWriter();

        Assert.That(await OperatorCommands.RunAsync(host.Services, ["shops", "pause", "a.myshopify.com"], output, CancellationToken.None), Is.Zero);
        Assert.That(await OperatorCommands.RunAsync(host.Services, ["shops", "pause", "missing.myshopify.com"], output, CancellationToken.None), Is.EqualTo(1));

        await using (var db = database.CreateContext())
            Assert.That(await db.Set<Shop>().OrderBy(s => s.Domain).Select(s => s.SendsPaused).ToListAsync(), Is.EqualTo(new[] { true, false }));
        Assert.That(await OperatorCommands.RunAsync(host.Services, ["shops", "resume", "a.myshopify.com"], output, CancellationToken.None), Is.Zero);
        await using (var db = database.CreateContext())
            Assert.That(await db.Set<Shop>().AnyAsync(s => s.SendsPaused), Is.False);
    }
}
