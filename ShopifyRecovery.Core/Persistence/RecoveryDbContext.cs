using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ShopifyRecovery.Persistence;

/// <summary>
/// One model for every capability; each capability contributes its entities through
/// <see cref="IEntityTypeConfiguration{TEntity}"/> classes in its own folder, and uses <c>Set&lt;T&gt;()</c>.
/// The provider-specific subclasses exist only so each provider keeps its own migrations.
/// </summary>
public abstract class RecoveryDbContext(DbContextOptions options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RecoveryDbContext).Assembly);
    }
}

public sealed class SqliteRecoveryDbContext(DbContextOptions<SqliteRecoveryDbContext> options) : RecoveryDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite cannot compare or order DateTimeOffset or aggregate decimal; store both as numbers there.
        // All times are UTC, so the binary form orders correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<DateTimeOffsetToBinaryConverter>();
        configurationBuilder.Properties<decimal>().HaveConversion<double>();
    }
}

public sealed class SqlServerRecoveryDbContext(DbContextOptions<SqlServerRecoveryDbContext> options) : RecoveryDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<decimal>().HavePrecision(19, 4);
    }
}
