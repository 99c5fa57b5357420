using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
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
            // WAL lets readers run beside the single writer and is persistent once set.
            await db.Database.OpenConnectionAsync(ct);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
        await db.Database.MigrateAsync(ct);
    }

    static void EnsureSqliteDirectory(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(dataSource));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);
    }
}
