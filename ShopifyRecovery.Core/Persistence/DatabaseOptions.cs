using System.ComponentModel.DataAnnotations;

namespace ShopifyRecovery.Persistence;

public enum DatabaseProvider { Sqlite, SqlServer }

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply migrations when a host starts. On for the playground; production runs the `migrate` command instead.</summary>
    public bool MigrateOnStart { get; set; } = true;

    [Required(AllowEmptyStrings = false)]
    public string ConnectionString { get; set; } = "Data Source=shopify-recovery.db";
}
