using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ShopifyRecovery.Persistence;

/// <summary>
/// Lets SQLite itself wait for the write lock. Without it Microsoft.Data.Sqlite retries a busy statement after
/// sleeping 150 ms, which under the worker's concurrent writers turns every lock collision into a long stall.
/// </summary>
public sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    public const string Pragma = "PRAGMA busy_timeout = 10000;";

    public static SqliteBusyTimeout Instance { get; } = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }
}
