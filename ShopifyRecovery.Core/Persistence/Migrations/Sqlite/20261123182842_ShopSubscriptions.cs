using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopifyRecovery.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ShopSubscriptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "SubscriptionId",
                table: "shops",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubscriptionName",
                table: "shops",
                type: "TEXT",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubscriptionStatus",
                table: "shops",
                type: "TEXT",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "SubscriptionUpdatedAt",
                table: "shops",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SubscriptionId",
                table: "shops");

            migrationBuilder.DropColumn(
                name: "SubscriptionName",
                table: "shops");

            migrationBuilder.DropColumn(
                name: "SubscriptionStatus",
                table: "shops");

            migrationBuilder.DropColumn(
                name: "SubscriptionUpdatedAt",
                table: "shops");
        }
    }
}
