using System.Diagnostics;
using System.Reflection;

namespace ShopifyRecovery.Tests.Infra;

/// <summary>
/// Runs the Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package over infra/, once per test run:
/// every .bicep file with <c>build</c>, every .bicepparam file with <c>build-params</c>, into a temp folder.
/// </summary>
public static class BicepCli
{
    /// <summary>Stand-ins for what the parameter files read from the deploying shell's environment.</summary>
    static readonly Dictionary<string, string> PlaceholderEnvironment = new()
    {
        ["APP_IMAGE"] = "example.azurecr.io/shopify-recovery-app:test",
        ["WORKER_IMAGE"] = "example.azurecr.io/shopify-recovery-worker:test",
        ["SHOPIFY_API_KEY"] = "placeholder-client-id",
        ["SHOPIFY_API_SECRET"] = "placeholder-secret",
        ["SENDGRID_API_KEY"] = "placeholder-sendgrid-key",
        ["SENDGRID_WEBHOOK_VERIFICATION_KEY"] = "placeholder-public-key",
        ["APP_URL"] = "https://recovery.example.com",
        ["SQL_ADMIN_GROUP_NAME"] = "sql-admins",
        ["SQL_ADMIN_GROUP_OBJECT_ID"] = "00000000-0000-0000-0000-000000000000",
        ["ALERT_EMAIL"] = "oncall@example.com",
    };

    static readonly Lazy<Task<BicepBuild>> Build = new(BuildAsync);

    public static Task<BicepBuild> BuildOnceAsync() => Build.Value;

    public static string InfraDirectory { get; } = Path.Combine(RepositoryRoot(), "infra");

    static async Task<BicepBuild> BuildAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), "sr-tests", "bicep-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(output);
        var bicep = Executable();
        var templates = await RunAsync(bicep, ["build", "--pattern", Path.Combine(InfraDirectory, "**", "*.bicep"), "--outdir", output]);
        var parameters = await RunAsync(bicep, ["build-params", "--pattern", Path.Combine(InfraDirectory, "**", "*.bicepparam"), "--outdir", output]);
        return new BicepBuild(output, [templates, parameters]);
    }

    public static string Executable()
    {
        var root = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "BicepPackageRoot")?.Value;
        if (string.IsNullOrEmpty(root) || !Directory.Exists(root))
        {
            // Fallback: the NuGet cache, at the version pinned in Directory.Packages.props.
            var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            root = Path.Combine(cache, "azure.bicep.commandline.linux-x64", PinnedVersion());
        }
        var path = Path.Combine(root, "tools", "bicep");
        if (!File.Exists(path))
            Assert.Fail($"The Bicep CLI is not at {path}; restore ShopifyRecovery.Tests (it references Azure.Bicep.CommandLine.linux-x64).");
        // Package extraction does not always keep the executable bit. (The package is the linux-x64 build.)
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if (!mode.HasFlag(UnixFileMode.UserExecute))
                File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
        }
        return path;
    }

    static string PinnedVersion()
    {
        var props = File.ReadAllText(Path.Combine(RepositoryRoot(), "Directory.Packages.props"));
        var match = System.Text.RegularExpressions.Regex.Match(props, "Include=\"Azure.Bicep.CommandLine.linux-x64\" Version=\"([^\"]+)\"");
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException("Directory.Packages.props does not pin Azure.Bicep.CommandLine.linux-x64.");
    }

    static async Task<BicepRun> RunAsync(string bicep, string[] arguments)
    {
        var start = new ProcessStartInfo(bicep)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in PlaceholderEnvironment)
            start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new BicepRun(string.Join(' ', arguments.Take(1)), process.ExitCode, await stdout, await stderr);
    }

    static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ShopifyRecovery.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"No ShopifyRecovery.sln above {AppContext.BaseDirectory}.");
    }
}

public sealed record BicepRun(string Command, int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Warnings and errors: Bicep writes every diagnostic to standard error.</summary>
    public string Diagnostics => (StandardError + StandardOutput).Trim();
}

public sealed record BicepBuild(string OutputDirectory, IReadOnlyList<BicepRun> Runs)
{
    /// <summary>The compiled ARM JSON of a file, by its path relative to infra/ (e.g. <c>main.bicep</c>).</summary>
    public string OutputFor(string relativeSource) =>
        Path.Combine(OutputDirectory, Path.ChangeExtension(relativeSource, ".json"));
}
