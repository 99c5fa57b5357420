using System.Security.Cryptography;
using Azure.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Shopify;
using ShopifyRecovery.Tests.Support;

namespace ShopifyRecovery.Tests.Security;

/// <summary>
/// The Data Protection key ring sits in the database beside the tokens it encrypts; with a Key Vault key configured,
/// a copy of the database alone decrypts nothing. Real SQLite file, real HTTP round trips to a stand-in vault.
/// </summary>
public sealed class KeyRingProtectionTests
{
    const string Domain = "vaulted.myshopify.com";

    static ServiceProvider Services(TestDatabase database, string? keyId, TokenCredential credential)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Database"] = database.ConnectionString,
            ["Shopify:ApiKey"] = TestApp.ApiKey,
            ["Shopify:ApiSecret"] = TestApp.ApiSecret,
            ["DataProtection:KeyVaultKeyId"] = keyId,
        }).Build());
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(credential);
        services.AddPersistence();
        services.AddShopify();
        return services.BuildServiceProvider();
    }

    static async Task SaveTokenAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ShopTokens>().SaveInstallAsync(Domain,
            new ShopifyAccessToken("shpat_vaulted", FakeShopify.DefaultScopes, null, null, null), CancellationToken.None);
    }

    static async Task<string> ReadTokenAsync(ServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ShopTokens>().GetAccessTokenAsync(Domain, CancellationToken.None);
    }

    static async Task<List<string>> KeyRingAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        return await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
    }

    [Test]
    public async Task With_a_vault_key_the_key_ring_in_the_database_holds_no_usable_key_and_another_instance_still_reads_tokens()
    {
        // Arrange
        await using var database = await TestDatabase.CreateAsync();
        await using var vault = await FakeKeyVault.StartAsync();
        var credential = new FakeVaultCredential();
        // Act
        await using (var first = Services(database, vault.KeyId, credential))
            await SaveTokenAsync(first);
        await using var second = Services(database, vault.KeyId, credential);
        var token = await ReadTokenAsync(second);
        // Assert
        var ring = await KeyRingAsync(database);
        Assert.Multiple(() =>
        {
            Assert.That(token, Is.EqualTo("shpat_vaulted"));
            Assert.That(ring, Has.Count.EqualTo(1));
            Assert.That(ring[0], Does.Contain("<encryptedKey").And.Contain($"/keys/{FakeKeyVault.KeyName}/{FakeKeyVault.Version}"));
            Assert.That(ring[0], Does.Not.Contain("<masterKey"), "the key material is not in the database in the clear");
            Assert.That(vault.Calls.Select(c => c.Operation), Is.EqualTo(new[] { "wrapkey", "unwrapkey" }));
            Assert.That(vault.Calls.Select(c => c.Authorization), Is.All.EqualTo($"Bearer {FakeVaultCredential.Token}"));
            Assert.That(credential.Requests, Is.All.EqualTo(new[] { "https://vault.azure.net/.default" }));
        });
    }

    [Test]
    public async Task Without_a_vault_key_the_key_ring_is_stored_as_before()
    {
        // Arrange
        await using var database = await TestDatabase.CreateAsync();
        // Act
        await using (var services = Services(database, null, new FakeVaultCredential()))
            await SaveTokenAsync(services);
        // Assert
        Assert.That((await KeyRingAsync(database)).Single(), Does.Contain("<masterKey"));
    }

    [Test]
    public async Task A_copy_of_the_database_without_access_to_the_vault_decrypts_no_token()
    {
        // Arrange
        await using var database = await TestDatabase.CreateAsync();
        await using var vault = await FakeKeyVault.StartAsync();
        await using (var first = Services(database, vault.KeyId, new FakeVaultCredential()))
            await SaveTokenAsync(first);
        vault.Deny = true;
        // Act
        await using var thief = Services(database, vault.KeyId, new FakeVaultCredential());
        // Assert
        Assert.ThrowsAsync(Is.InstanceOf<CryptographicException>(), () => ReadTokenAsync(thief));
        Assert.That(vault.Calls.Select(c => c.Operation), Has.Member("unwrapkey"));
    }
}
