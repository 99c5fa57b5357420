using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Hosting;

public sealed class HostSettingsTests
{
    [Test]
    public async Task The_app_reads_its_configuration_files_once_and_watches_none()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var app = new TestApp(database);
        app.CreateClient();

        var configuration = (IConfigurationRoot)app.Services.GetRequiredService<IConfiguration>();
        var files = configuration.Providers.OfType<JsonConfigurationProvider>().ToList();

        Assert.That(files.Select(f => f.Source.Path), Does.Contain("appsettings.json"));
        Assert.That(files.Select(f => f.Source.ReloadOnChange), Is.All.False,
            "a reloading host watches the content root, where the embedded database and outbox are written");
    }
}
