using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopifyRecovery.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CustomerLookupIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_journeys_ShopId_CustomerId",
                table: "journeys");

            migrationBuilder.DropIndex(
                name: "IX_journeys_ShopId_Email",
                table: "journeys");

            migrationBuilder.DropIndex(
                name: "IX_email_sends_ShopId_ToEmail_SentAt",
                table: "email_sends");

            migrationBuilder.CreateIndex(
                name: "IX_journeys_ShopId_CustomerId_CreatedAt",
                table: "journeys",
                columns: new[] { "ShopId", "CustomerId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_journeys_ShopId_Email_CreatedAt",
                table: "journeys",
                columns: new[] { "ShopId", "Email", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_issued_discounts_ShopId_CustomerId_Status_EndsAt",
                table: "issued_discounts",
                columns: new[] { "ShopId", "CustomerId", "Status", "EndsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_issued_discounts_ShopId_Email_Status_EndsAt",
                table: "issued_discounts",
                columns: new[] { "ShopId", "Email", "Status", "EndsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_email_sends_ShopId_ToEmail_CreatedAt",
                table: "email_sends",
                columns: new[] { "ShopId", "ToEmail", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_journeys_ShopId_CustomerId_CreatedAt",
                table: "journeys");

            migrationBuilder.DropIndex(
                name: "IX_journeys_ShopId_Email_CreatedAt",
                table: "journeys");

            migrationBuilder.DropIndex(
                name: "IX_issued_discounts_ShopId_CustomerId_Status_EndsAt",
                table: "issued_discounts");

            migrationBuilder.DropIndex(
                name: "IX_issued_discounts_ShopId_Email_Status_EndsAt",
                table: "issued_discounts");

            migrationBuilder.DropIndex(
                name: "IX_email_sends_ShopId_ToEmail_CreatedAt",
                table: "email_sends");

            migrationBuilder.CreateIndex(
                name: "IX_journeys_ShopId_CustomerId",
                table: "journeys",
                columns: new[] { "ShopId", "CustomerId" });

            migrationBuilder.CreateIndex(
                name: "IX_journeys_ShopId_Email",
                table: "journeys",
                columns: new[] { "ShopId", "Email" });

            migrationBuilder.CreateIndex(
                name: "IX_email_sends_ShopId_ToEmail_SentAt",
                table: "email_sends",
                columns: new[] { "ShopId", "ToEmail", "SentAt" });
        }
    }
}
