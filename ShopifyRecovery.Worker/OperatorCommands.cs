using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Worker;

/// <summary>What an operator runs by hand: schema migrations (never at web start in production) and dead-letter repair.</summary>
public static class OperatorCommands
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, CancellationToken ct)
    {
        switch (args)
        {
            case ["migrate"]:
                await services.GetRequiredService<DatabaseInitializer>().MigrateAsync(ct);
                await output.WriteLineAsync("Database is up to date.");
                return 0;
            case ["dead-letters", "list", var queue]:
                foreach (var letter in await services.GetRequiredService<IDeadLetterQueue>().ListAsync(queue, 100, ct))
                    await output.WriteLineAsync($"{letter.Id}\t{letter.DeadLetteredAt:u}\t{letter.Type}\t{letter.MessageId}\t{letter.Reason}: {letter.Description}");
                return 0;
            case ["dead-letters", "replay", var queue, var id]:
                var replayed = await services.GetRequiredService<IDeadLetterQueue>().ReplayAsync(queue, id, ct);
                await output.WriteLineAsync(replayed ? $"Replayed {id} onto {queue}." : $"No dead letter {id} on {queue}.");
                return replayed ? 0 : 1;
            case ["shops", var verb, var domain] when verb is "pause" or "resume":
                await using (var scope = services.CreateAsyncScope())
                {
                    var paused = verb == "pause";
                    var changed = await scope.ServiceProvider.GetRequiredService<RecoveryDbContext>().Set<Shop>()
                        .Where(s => s.Domain == domain)
                        .ExecuteUpdateAsync(u => u.SetProperty(s => s.SendsPaused, paused), ct);
                    await output.WriteLineAsync(changed == 1 ? $"{domain}: sends {(paused ? "paused" : "resumed")}." : $"No shop {domain}.");
                    return changed == 1 ? 0 : 1;
                }
            default:
                await output.WriteLineAsync("Usage: ShopifyRecovery.Worker [migrate | dead-letters list <queue> | dead-letters replay <queue> <id> | shops pause|resume <domain>]");
                return 2;
        }
    }
}
