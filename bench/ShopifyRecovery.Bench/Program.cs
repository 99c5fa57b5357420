using ShopifyRecovery.Bench;

// Benchmarks report ratios against a baseline measured in the same run; see bench/README.md.
return args switch
{
    ["intake", ..] => await IntakeBenchmark.RunAsync(connections: Arg(args, 1, 32), duration: TimeSpan.FromSeconds(Arg(args, 2, 10))),
    ["bare-server", var port] => await Serve(int.Parse(port)),
    ["queue", ..] => await QueueBenchmark.RunAsync(producers: Arg(args, 1, 32), messagesPerProducer: Arg(args, 2, 250)),
    ["worker", ..] => await WorkerBenchmark.RunAsync(journeys: Arg(args, 1, 2000)),
    ["analytics", ..] => await AnalyticsBenchmark.RunAsync(journeys: Arg(args, 1, 1_000_000), iterations: Arg(args, 2, 20),
        databaseFile: args.Length > 3 ? args[3] : null),
    _ => Usage(),
};

static int Arg(string[] args, int index, int fallback) => args.Length > index && int.TryParse(args[index], out var value) ? value : fallback;

static async Task<int> Serve(int port)
{
    await IntakeBenchmark.ServeBareAsync(port);
    return 0;
}

static int Usage()
{
    Console.WriteLine("usage: ShopifyRecovery.Bench intake [connections=32] [seconds=10] | queue [producers=32] [messages-per-producer=250] | worker [journeys=2000] | analytics [journeys=1000000] [iterations=20] [database-file]");
    return 2;
}
