namespace ShopifyRecovery.Tests.Infra;

public sealed class BicepBuildTests
{
    [Test]
    public async Task Every_bicep_and_bicepparam_file_compiles_without_an_error_or_a_warning()
    {
        // Arrange
        var sources = Directory.EnumerateFiles(BicepCli.InfraDirectory, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".bicep", StringComparison.Ordinal) || f.EndsWith(".bicepparam", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(BicepCli.InfraDirectory, f))
            .ToList();

        // Act
        var build = await BicepCli.BuildOnceAsync();

        // Assert
        Assert.That(sources, Does.Contain("main.bicep").And.Contain(Path.Combine("parameters", "dev.bicepparam"))
            .And.Contain(Path.Combine("parameters", "prod.bicepparam")));
        foreach (var run in build.Runs)
        {
            Assert.That(run.ExitCode, Is.Zero, $"bicep {run.Command} failed:\n{run.Diagnostics}");
            Assert.That(run.Diagnostics, Is.Empty, $"bicep {run.Command} reported diagnostics:\n{run.Diagnostics}");
        }
        foreach (var source in sources)
            Assert.That(File.Exists(build.OutputFor(source)), Is.True, $"{source} produced no JSON");
    }
}
