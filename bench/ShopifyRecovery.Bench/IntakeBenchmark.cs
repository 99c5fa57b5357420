using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ShopifyRecovery.Hosting;
using ShopifyRecovery.Intake;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Bench;

/// <summary>
/// Signed checkouts/update posts through the real App (HMAC, dedupe, durable enqueue on SQLite) against a bare Kestrel
/// endpoint that reads the body and answers 200, both in their own process, measured in the same run.
/// </summary>
public static class IntakeBenchmark
{
    const string Secret = "bench-secret";

    public static async Task<int> RunAsync(int connections, TimeSpan duration)
    {
        var body = Payload();
        Console.WriteLine($"Payload: checkouts/update, {body.Length} bytes; {connections} connections; {duration.TotalSeconds:0} s per run");
        var work = Directory.CreateTempSubdirectory("sr-bench-");
        var barePort = FreePort();
        var appPort = FreePort();
        using var bare = Start("dotnet", $"\"{typeof(IntakeBenchmark).Assembly.Location}\" bare-server {barePort}", new());
        using var app = Start("dotnet", $"\"{AppDll()}\"", new()
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{appPort}",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Database"] = $"Data Source={Path.Combine(work.FullName, "bench.db")}",
            ["Shopify__ApiKey"] = "bench",
            ["Shopify__ApiSecret"] = Secret,
            ["Worker__InProcess"] = "false",
            ["Logging__LogLevel__Default"] = "Warning",
            // The limiter would answer 429 to a load generator; this measures the intake path itself.
            ["RateLimiting__Enabled"] = "false",
        });
        try
        {
            await WaitLiveAsync(barePort, "/");
            await WaitLiveAsync(appPort, "/health/live");
            var signature = WebhookSignature.Compute(body, Secret);
            HttpRequestMessage Signed(long n)
            {
                var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/shopify") { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Add(WebhookHeaders.Hmac, signature);
                request.Headers.Add(WebhookHeaders.Topic, "checkouts/update");
                request.Headers.Add(WebhookHeaders.ShopDomain, "bench.myshopify.com");
                request.Headers.Add(WebhookHeaders.WebhookId, $"bench-{n}");
                return request;
            }
            var warmup = TimeSpan.FromSeconds(3);
            var baseline = await LoadGenerator.RunAsync("bare Kestrel (baseline)", new Uri($"http://127.0.0.1:{barePort}"), connections, warmup, duration, Signed);
            var intake = await LoadGenerator.RunAsync("intake (HMAC+dedupe+enqueue)", new Uri($"http://127.0.0.1:{appPort}"), connections, warmup, duration, Signed);
            Console.WriteLine(baseline);
            Console.WriteLine(intake);
            Console.WriteLine($"ratio intake/baseline: {intake.RequestsPerSecond / baseline.RequestsPerSecond:P1} (target >= 50 %); intake p99 {intake.P99Ms:F2} ms (target < 10 ms)");
            return intake.Errors == 0 ? 0 : 1;
        }
        finally
        {
            Stop(app);
            Stop(bare);
            try { work.Delete(true); } catch (IOException) { }
        }
    }

    /// <summary>Shopify's sample checkouts/update payload, minified, trimmed to about 2.5 KB like a typical one-item checkout.</summary>
    static byte[] Payload()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "checkouts_update.json")))!.AsObject();
        foreach (var key in new[] { "shipping_address", "tax_lines", "note_attributes", "shipping_lines", "billing_address" })
            json.Remove(key);
        foreach (var line in json["line_items"]!.AsArray())
            foreach (var key in new[] { "applied_discounts", "discount_allocations", "tax_lines", "properties", "origin_location_id", "destination_location_id" })
                line!.AsObject().Remove(key);
        return Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
    }

    public static async Task ServeBareAsync(int port)
    {
        // Like the App: no file watchers on the content root, which may hold the App's database when run from /tmp.
        var builder = WebApplication.CreateSlimBuilder([HostSettings.ReadConfigurationOnce]);
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.MapGet("/", () => Results.Ok());
        app.MapPost("/webhooks/shopify", async (HttpRequest request) =>
        {
            // Read the whole body, as intake must, and answer.
            await request.Body.CopyToAsync(Stream.Null);
            return Results.Ok();
        });
        await app.RunAsync();
    }

    static string AppDll()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "ShopifyRecovery.sln")))
            root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar))!;
        return Path.Combine(root, "ShopifyRecovery.App", "bin", configuration, "net10.0", "ShopifyRecovery.App.dll");
    }

    static Process Start(string file, string arguments, Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment)
            info.Environment[key] = value;
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line && line.Contains("fail", StringComparison.OrdinalIgnoreCase)) Console.Error.WriteLine(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { Length: > 0 } line) Console.Error.WriteLine(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    static void Stop(Process process)
    {
        if (!process.HasExited)
            process.Kill(entireProcessTree: true);
        process.WaitForExit(5000);
    }

    static async Task WaitLiveAsync(int port, string path)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await client.GetAsync($"http://127.0.0.1:{port}{path}")).IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Nothing answered on port {port} within 60 s.");
            await Task.Delay(100);
        }
    }

    static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
