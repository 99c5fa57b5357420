using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ShopifyRecovery.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    public static IServiceCollection AddPersistence(this IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
            {
                if (configuration.GetConnectionString("Database") is { Length: > 0 } connectionString)
                    options.ConnectionString = connectionString;
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddDbContext<SqliteRecoveryDbContext>((sp, builder) =>
            builder.UseSqlite(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString)
                .AddInterceptors(SqliteBusyTimeout.Instance));
        services.AddDbContext<SqlServerRecoveryDbContext>((sp, builder) =>
            builder.UseSqlServer(sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.ConnectionString));
        services.AddScoped<RecoveryDbContext>(sp =>
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.SqlServer
                ? sp.GetRequiredService<SqlServerRecoveryDbContext>()
                : sp.GetRequiredService<SqliteRecoveryDbContext>());
        services.AddSingleton<DatabaseInitializer>();
        return services;
    }
}

/// <summary>Applies migrations and the SQLite settings the embedded queue relies on.</summary>
public sealed class DatabaseInitializer(IServiceProvider services, IOptions<DatabaseOptions> options)
{
    public async Task MigrateAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RecoveryDbContext>();
        if (options.Value.Provider == DatabaseProvider.Sqlite)
        {
            EnsureSqliteDirectory(options.Value.ConnectionString);
            await PrepareSqliteAsync(db.Database, ct);
        }
        await db.Database.MigrateAsync(ct);
    }

    /// <summary>The file-level settings a SQLite database needs before its first table; the connection stays open.</summary>
    public static async Task PrepareSqliteAsync(DatabaseFacade database, CancellationToken ct)
    {
        await database.OpenConnectionAsync(ct);
        // Queue rows carry whole webhook bodies (a few KB): 16 KB pages hold several, so a group commit writes a
        // quarter of the WAL frames it would with 4 KB pages. Only a new, empty database takes it; later it is a no-op.
        await database.ExecuteSqlRawAsync("PRAGMA page_size=16384;", ct);
        // WAL lets readers run beside the single writer and is persistent once set.
        await database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }

    static void EnsureSqliteDirectory(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
    }
}
