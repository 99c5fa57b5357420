using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ShopifyRecovery.Persistence;

// Used only by `dotnet ef migrations add`; each provider keeps its own migration history.
sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteRecoveryDbContext>
{
    public SqliteRecoveryDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteRecoveryDbContext>().UseSqlite("Data Source=design.db").Options);
}

sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerRecoveryDbContext>
{
    public SqlServerRecoveryDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerRecoveryDbContext>().UseSqlServer("Server=.;Database=design;Trusted_Connection=True").Options);
}
