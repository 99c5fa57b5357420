using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using ShopifyRecovery.Persistence;

namespace ShopifyRecovery.Tests.Support;

/// <summary>A real SQLite file in a private temp folder, migrated like production; deleted on dispose.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    TestDatabase(string directory)
    {
        Directory = directory;
        Path = System.IO.Path.Combine(directory, "test.db");
        ConnectionString = $"Data Source={Path}";
    }

    public string Directory { get; }
    public string Path { get; }
    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync(bool migrate = true)
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sr-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var database = new TestDatabase(directory);
        if (migrate)
        {
            await using var db = database.CreateContext();
            await DatabaseInitializer.PrepareSqliteAsync(db.Database, CancellationToken.None);
            await db.Database.MigrateAsync();
        }
        return database;
    }

    public SqliteRecoveryDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<SqliteRecoveryDbContext>().UseSqlite(ConnectionString).AddInterceptors(SqliteBusyTimeout.Instance).Options);

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
        return ValueTask.CompletedTask;
    }
}
