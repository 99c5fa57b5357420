using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopifyRecovery.Persistence.Migrations.SqlServer
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
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubscriptionName",
                table: "shops",
                type: "nvarchar(255)",
                maxLength: 255,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SubscriptionStatus",
                table: "shops",
                type: "nvarchar(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "SubscriptionUpdatedAt",
                table: "shops",
                type: "datetimeoffset",
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
