using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ShopifyRecovery.Messaging;
using ShopifyRecovery.Messaging.Amqp;

namespace ShopifyRecovery.Tests.Messaging;

/// <summary>
/// A private RabbitMQ (Debian's rabbitmq-server with the rabbitmq_amqp1_0 plugin) on free loopback ports with its own
/// data directory, started once per test run on first use and stopped by <see cref="RabbitMqSetUpFixture"/>. Its
/// queues come from the same definitions the docs give operators, plus a pool so each test gets fresh queues.
/// </summary>
public sealed class RabbitMqBroker
{
    const string BinDirectory = "/usr/lib/rabbitmq/bin";
    const int PoolSize = 160;
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    static readonly Lock Gate = new();
    static Task<RabbitMqBroker>? _started;

    readonly string _directory;
    readonly string _nodeName;
    readonly int _amqpPort;
    readonly int _distributionPort;
    readonly int _epmdPort;
    readonly StringBuilder _serverOutput = new();
    Process? _server;
    Process? _epmd;
    int _nextQueue;
    bool _stopped;

    RabbitMqBroker()
    {
        _directory = Path.Combine(Path.GetTempPath(), "sr-rabbitmq", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_directory);
        _nodeName = $"sr{Environment.ProcessId}@localhost";
        var ports = FreePorts(3);
        (_amqpPort, _distributionPort, _epmdPort) = (ports[0], ports[1], ports[2]);
    }

    public string Address => $"amqp://guest:guest@127.0.0.1:{_amqpPort}";

    public static IReadOnlyList<string> PooledQueues { get; } = Enumerable.Range(0, PoolSize).Select(i => $"contract-{i:000}").ToList();

    public static Task<RabbitMqBroker> StartedAsync()
    {
        lock (Gate)
            return _started ??= StartAsync();
    }

    public static async Task StopIfStartedAsync()
    {
        Task<RabbitMqBroker>? started;
        lock (Gate)
            started = _started;
        if (started is { IsCompletedSuccessfully: true })
            await started.Result.StopAsync();
    }

    /// <summary>A queue (with its dead-letter queue) no other test has used.</summary>
    public string TakeQueue()
    {
        var next = Interlocked.Increment(ref _nextQueue) - 1;
        if (next >= PooledQueues.Count)
            Assert.Fail($"The RabbitMQ test broker's pool of {PoolSize} queues is used up; raise RabbitMqBroker.PoolSize.");
        return PooledQueues[next];
    }

    static async Task<RabbitMqBroker> StartAsync()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "rabbitmq-server")))
            Assert.Fail($"RabbitMQ is not installed: {BinDirectory}/rabbitmq-server is missing. Install the Debian package " +
                        "rabbitmq-server (apt-get install rabbitmq-server; .ci/run does) — the AMQP transport tests need a real broker.");
        var broker = new RabbitMqBroker();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => broker.KillNow();
        await File.WriteAllTextAsync(Path.Combine(broker._directory, "enabled_plugins"), "[rabbitmq_amqp1_0].\n");
        await File.WriteAllTextAsync(Path.Combine(broker._directory, "rabbitmq-env.conf"), "");
        await File.WriteAllTextAsync(Path.Combine(broker._directory, "rabbitmq.conf"), "loopback_users.guest = true\n");
        broker.StartEpmd();
        await broker.WaitUntilAsync(() => Task.FromResult(broker.Listens(broker._epmdPort)), "epmd to listen");
        await broker.LaunchAsync();
        var definitions = Path.Combine(broker._directory, "definitions.json");
        await File.WriteAllTextAsync(definitions, RabbitMqTopology.Definitions(Queues.All.Concat(PooledQueues)));
        await broker.CtlAsync("import_definitions", definitions);
        // The import is asynchronous: wait until the last queue it declares is there.
        var last = RabbitMqDelays.Name(RabbitMqDelays.Levels - 1);
        await broker.WaitUntilAsync(async () => (await broker.CtlAsync("list_queues", "-q", "name")).Contains(last),
            "the imported queues to exist");
        return broker;
    }

    /// <summary>Ready plus unacknowledged messages on a queue, as the broker counts them.</summary>
    public async Task<int> MessageCountAsync(string queue)
    {
        var lines = (await CtlAsync("list_queues", "-q", "--no-table-headers", "name", "messages")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var row = lines.Select(l => l.Split('\t')).SingleOrDefault(c => c.Length == 2 && c[0] == queue)
                  ?? throw new InvalidOperationException($"The test broker has no queue {queue}.");
        return int.Parse(row[1]);
    }

    /// <summary>A real restart: the node stops and a new one starts on the same ports and data directory.</summary>
    public async Task RestartAsync()
    {
        await StopNodeAsync();
        await LaunchAsync();
    }

    public async Task StopAsync()
    {
        _stopped = true;
        await StopNodeAsync();
        if (_epmd is { HasExited: false } epmd)
        {
            epmd.Kill();
            await epmd.WaitForExitAsync();
        }
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { }
    }

    /// <summary>
    /// Our own epmd in the foreground on the private port, so it is a child we can end by pid; the node then uses it
    /// instead of daemonising one that would outlive the test run.
    /// </summary>
    void StartEpmd()
    {
        var start = new ProcessStartInfo("/usr/bin/epmd") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-address", "127.0.0.1", "-port", _epmdPort.ToString() })
            start.ArgumentList.Add(argument);
        _epmd = Process.Start(start)!;
        _epmd.OutputDataReceived += (_, e) => Remember(e.Data);
        _epmd.ErrorDataReceived += (_, e) => Remember(e.Data);
        _epmd.BeginOutputReadLine();
        _epmd.BeginErrorReadLine();
    }

    async Task LaunchAsync()
    {
        var start = new ProcessStartInfo(Path.Combine(BinDirectory, "rabbitmq-server"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        Configure(start.Environment);
        start.Environment["RABBITMQ_MNESIA_BASE"] = Path.Combine(_directory, "mnesia");
        start.Environment["RABBITMQ_LOG_BASE"] = Path.Combine(_directory, "log");
        start.Environment["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(_directory, "enabled_plugins");
        start.Environment["RABBITMQ_CONFIG_FILE"] = Path.Combine(_directory, "rabbitmq");
        start.Environment["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1";
        start.Environment["RABBITMQ_NODE_PORT"] = _amqpPort.ToString();
        start.Environment["RABBITMQ_DIST_PORT"] = _distributionPort.ToString();
        start.Environment["ERL_EPMD_ADDRESS"] = "127.0.0.1";
        start.Environment["RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS"] = "-kernel inet_dist_use_interface {127,0,0,1}";
        var server = new Process { StartInfo = start };
        server.OutputDataReceived += (_, e) => Remember(e.Data);
        server.ErrorDataReceived += (_, e) => Remember(e.Data);
        server.Start();
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        _server = server;

        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (server.HasExited)
                Assert.Fail($"rabbitmq-server exited with {server.ExitCode} while starting:\n{Output()}");
            var (code, _) = await RunAsync(Path.Combine(BinDirectory, "rabbitmqctl"), ["-n", _nodeName, "await_startup", "--timeout", "10"], check: false);
            if (code == 0 && await AcceptsConnectionsAsync())
                return;
            if (watch.Elapsed > StartTimeout)
                Assert.Fail($"RabbitMQ did not start within {StartTimeout.TotalSeconds:0}s:\n{Output()}");
            await Task.Delay(50); // poll interval of the wait for the condition above
        }
    }

    async Task<bool> AcceptsConnectionsAsync()
    {
        try
        {
            var connection = await new global::Amqp.ConnectionFactory().CreateAsync(new global::Amqp.Address(Address));
            await connection.CloseAsync();
            return true;
        }
        catch (Exception e) when (e is SocketException or global::Amqp.AmqpException or IOException)
        {
            return false;
        }
    }

    async Task StopNodeAsync()
    {
        if (_server is not { } server)
            return;
        await RunAsync(Path.Combine(BinDirectory, "rabbitmqctl"), ["-n", _nodeName, "stop"], check: false);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await server.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }
        server.Dispose();
        _server = null;
    }

    /// <summary>Last resort when the test process exits without the teardown having run.</summary>
    void KillNow()
    {
        if (_stopped)
            return;
        try
        {
            if (_server is { HasExited: false } server)
                server.Kill(entireProcessTree: true);
            if (_epmd is { HasExited: false } epmd)
                epmd.Kill();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
        }
    }

    public async Task<string> CtlAsync(params string[] arguments) =>
        (await RunAsync(Path.Combine(BinDirectory, "rabbitmqctl"), ["-n", _nodeName, .. arguments], check: true)).Output;

    async Task WaitUntilAsync(Func<Task<bool>> condition, string description)
    {
        var watch = Stopwatch.StartNew();
        while (!await condition())
        {
            if (watch.Elapsed > StartTimeout)
                Assert.Fail($"Timed out waiting for {description} on the RabbitMQ test broker.");
            await Task.Delay(50); // poll interval of the wait for the condition above
        }
    }

    async Task<(int Code, string Output)> RunAsync(string file, string[] arguments, bool check)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        Configure(start.Environment);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var text = await output + await error;
        if (check && process.ExitCode != 0)
            Assert.Fail($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{text}");
        return (process.ExitCode, text);
    }

    /// <summary>What the server and the CLI must agree on: node name, cookie (in HOME) and the private epmd port.</summary>
    void Configure(IDictionary<string, string?> environment)
    {
        environment["HOME"] = _directory;
        environment["RABBITMQ_NODENAME"] = _nodeName;
        environment["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(_directory, "rabbitmq-env.conf");
        environment["ERL_EPMD_PORT"] = _epmdPort.ToString();
    }

    void Remember(string? line)
    {
        if (line is null)
            return;
        lock (_serverOutput)
        {
            if (_serverOutput.Length > 20_000)
                _serverOutput.Remove(0, 10_000);
            _serverOutput.AppendLine(line);
        }
    }

    string Output()
    {
        lock (_serverOutput)
            return _serverOutput.ToString();
    }

    bool Listens(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Held open together so the operating system hands out distinct ports.</summary>
    static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}

[SetUpFixture]
public sealed class RabbitMqSetUpFixture
{
    [OneTimeTearDown]
    public Task StopBrokerAsync() => RabbitMqBroker.StopIfStartedAsync();
}
