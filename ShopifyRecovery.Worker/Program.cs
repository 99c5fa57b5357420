using ShopifyRecovery.Hosting;
using ShopifyRecovery.Worker;

// Configuration is read once at start, as in the App: a reloading host watches its content root, where a SQLite
// database may live.
var builder = Host.CreateApplicationBuilder([HostSettings.ReadConfigurationOnce, .. args]);
builder.Services.AddShopifyRecovery();

if (args.Length > 0)
{
    // Operator verbs: `migrate`, `dead-letters list <queue>`, `dead-letters replay <queue> <id>`.
    using var tools = builder.Build();
    return await OperatorCommands.RunAsync(tools.Services, args, Console.Out, CancellationToken.None);
}

builder.Services.AddShopifyRecoveryWorker();
using var host = builder.Build();
await host.RunAsync();
return 0;
