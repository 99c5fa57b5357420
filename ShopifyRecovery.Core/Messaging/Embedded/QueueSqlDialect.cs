using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace ShopifyRecovery.Messaging.Embedded;

/// <summary>The few statements whose shape differs between SQLite and SQL Server.</summary>
public abstract class QueueSqlDialect(string connectionString)
{
    protected string ConnectionString { get; } = connectionString;

    public abstract DbConnection CreateConnection();

    /// <summary>Opens a connection ready for queue work.</summary>
    public virtual async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = CreateConnection();
        await connection.OpenAsync(ct);
        return connection;
    }

    /// <summary>
    /// Opens the group-commit writer's connection and says how its commits become durable: null when each commit
    /// syncs itself, otherwise the sync the writer must run (after the commit, off its loop) before acknowledging.
    /// </summary>
    public virtual async Task<(DbConnection Connection, WalSync? Sync)> OpenWriterAsync(CancellationToken ct) => (await OpenAsync(ct), null);

    /// <summary>Inserts one message unless its (queue, message_id) is already there; affects 0 rows for a duplicate.</summary>
    public abstract string Insert { get; }

    /// <summary>Leases up to @take ready rows and returns them.</summary>
    public abstract string Claim { get; }

    public const string Columns = "id, message_id, type, body, partition_key, properties, enqueued_at, attempts";

    public virtual string HasReady =>
        "SELECT 1 FROM queue_messages WHERE queue = @queue AND completed_at IS NULL AND visible_after <= @now " +
        "AND (lease_until IS NULL OR lease_until <= @now)";

    public abstract string Top1(string select);

    public virtual string Complete =>
        "UPDATE queue_messages SET completed_at = @now, lease_id = NULL, lease_until = NULL, body = @empty " +
        "WHERE id = @id AND lease_id = @lease AND completed_at IS NULL";

    public virtual string Abandon =>
        "UPDATE queue_messages SET lease_id = NULL, lease_until = NULL, visible_after = @visible, last_error = @error " +
        "WHERE id = @id AND lease_id = @lease AND completed_at IS NULL";

    public virtual string Renew =>
        "UPDATE queue_messages SET lease_until = @until WHERE id = @id AND lease_id = @lease AND completed_at IS NULL";

    public virtual string MoveToDeadLetter =>
        "INSERT INTO dead_letters (queue, message_id, type, body, partition_key, properties, enqueued_at, attempts, reason, description, dead_lettered_at) " +
        "SELECT queue, message_id, type, body, partition_key, properties, enqueued_at, attempts, @reason, @description, @now " +
        "FROM queue_messages WHERE id = @id AND lease_id = @lease AND completed_at IS NULL";

    public virtual string DeleteLeased => "DELETE FROM queue_messages WHERE id = @id AND lease_id = @lease";

    public abstract string DeleteCompleted { get; }

    public static QueueSqlDialect For(Persistence.DatabaseProvider provider, string connectionString) => provider switch
    {
        Persistence.DatabaseProvider.SqlServer => new SqlServerQueueDialect(connectionString),
        _ => new SqliteQueueDialect(connectionString),
    };
}

public sealed class SqliteQueueDialect(string connectionString) : QueueSqlDialect(connectionString)
{
    public override DbConnection CreateConnection() => new SqliteConnection(ConnectionString);

    public override async Task<DbConnection> OpenAsync(CancellationToken ct)
    {
        var connection = await base.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = Persistence.SqliteBusyTimeout.Pragma;
        await command.ExecuteNonQueryAsync(ct);
        return connection;
    }

    /// <summary>
    /// In WAL mode the writer commits with synchronous=NORMAL (no fsync inside the write lock) and the caller fsyncs
    /// the WAL file afterwards: the next batch is written while the previous one reaches the disk. A checkpoint
    /// still syncs the WAL before copying it, and other connections' FULL commits sync everything before them.
    /// </summary>
    public override async Task<(DbConnection Connection, WalSync? Sync)> OpenWriterAsync(CancellationToken ct)
    {
        var connection = (SqliteConnection)await OpenAsync(ct);
        await using var mode = connection.CreateCommand();
        mode.CommandText = "PRAGMA journal_mode;";
        if (!string.Equals(await mode.ExecuteScalarAsync(ct) as string, "wal", StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrEmpty(connection.DataSource))
            return (connection, null);
        mode.CommandText = "PRAGMA synchronous=NORMAL;";
        await mode.ExecuteNonQueryAsync(ct);
        return (connection, new WalSync(connection.DataSource + "-wal"));
    }

    public override string Insert =>
        "INSERT INTO queue_messages (queue, message_id, type, body, partition_key, properties, enqueued_at, visible_after, attempts) " +
        "VALUES (@queue, @message_id, @type, @body, @partition_key, @properties, @now, @visible, 0) " +
        "ON CONFLICT (queue, message_id) DO NOTHING";

    // SQLite has one writer at a time, so the sub-select and the update cannot interleave with another claim.
    public override string Claim =>
        "UPDATE queue_messages SET lease_id = @lease, lease_until = @until, attempts = attempts + 1 " +
        "WHERE id IN (SELECT id FROM queue_messages WHERE queue = @queue AND completed_at IS NULL AND visible_after <= @now " +
        "AND (lease_until IS NULL OR lease_until <= @now) ORDER BY visible_after, id LIMIT @take) " +
        "RETURNING " + Columns;

    public override string Top1(string select) => select + " LIMIT 1";

    public override string DeleteCompleted =>
        "DELETE FROM queue_messages WHERE id IN (SELECT id FROM queue_messages WHERE completed_at IS NOT NULL AND completed_at < @cutoff LIMIT 1000)";
}

public sealed class SqlServerQueueDialect(string connectionString) : QueueSqlDialect(connectionString)
{
    public override DbConnection CreateConnection() => new SqlConnection(ConnectionString);

    public override string Insert =>
        "INSERT INTO queue_messages (queue, message_id, type, body, partition_key, properties, enqueued_at, visible_after, attempts) " +
        "SELECT @queue, @message_id, @type, @body, @partition_key, @properties, @now, @visible, 0 " +
        "WHERE NOT EXISTS (SELECT 1 FROM queue_messages WITH (UPDLOCK, HOLDLOCK) WHERE queue = @queue AND message_id = @message_id)";

    // READPAST skips rows other consumers hold, so competing consumers do not serialise on each other.
    public override string Claim =>
        "WITH ready AS (SELECT TOP (@take) * FROM queue_messages WITH (ROWLOCK, READPAST, UPDLOCK) " +
        "WHERE queue = @queue AND completed_at IS NULL AND visible_after <= @now AND (lease_until IS NULL OR lease_until <= @now) " +
        "ORDER BY visible_after, id) " +
        "UPDATE ready SET lease_id = @lease, lease_until = @until, attempts = attempts + 1 " +
        "OUTPUT inserted.id, inserted.message_id, inserted.type, inserted.body, inserted.partition_key, inserted.properties, inserted.enqueued_at, inserted.attempts";

    public override string Top1(string select) => select.Replace("SELECT 1", "SELECT TOP (1) 1", StringComparison.Ordinal);

    public override string DeleteCompleted =>
        "DELETE TOP (1000) FROM queue_messages WHERE completed_at IS NOT NULL AND completed_at < @cutoff";
}

static class DbCommandExtensions
{
    /// <summary>Sets a parameter, adding it the first time: commands are reused within a write batch.</summary>
    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        if (command.Parameters.Contains(name))
        {
            command.Parameters[name].Value = value ?? DBNull.Value;
            return command;
        }
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }
}
