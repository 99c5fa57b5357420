using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopifyRecovery.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialCreate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "compliance_requests",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ShopDomain = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: true),
                    ShopifyRequestId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Export = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_compliance_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    FriendlyName = table.Column<string>(type: "TEXT", nullable: true),
                    Xml = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_protection_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "dead_letters",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    queue = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    message_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    body = table.Column<byte[]>(type: "BLOB", nullable: false),
                    partition_key = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    properties = table.Column<string>(type: "TEXT", nullable: true),
                    enqueued_at = table.Column<long>(type: "INTEGER", nullable: false),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    reason = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "TEXT", nullable: false),
                    dead_lettered_at = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dead_letters", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "inbox",
                columns: table => new
                {
                    Consumer = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProcessedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbox", x => new { x.Consumer, x.MessageId });
                });

            migrationBuilder.CreateTable(
                name: "oauth_nonces",
                columns: table => new
                {
                    Nonce = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    UsedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_oauth_nonces", x => x.Nonce);
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Queue = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Body = table.Column<byte[]>(type: "BLOB", nullable: false),
                    PartitionKey = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Properties = table.Column<string>(type: "TEXT", nullable: true),
                    DeliverAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "queue_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    queue = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    message_id = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    type = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    body = table.Column<byte[]>(type: "BLOB", nullable: false),
                    partition_key = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    properties = table.Column<string>(type: "TEXT", nullable: true),
                    enqueued_at = table.Column<long>(type: "INTEGER", nullable: false),
                    visible_after = table.Column<long>(type: "INTEGER", nullable: false),
                    lease_id = table.Column<string>(type: "TEXT", maxLength: 36, nullable: true),
                    lease_until = table.Column<long>(type: "INTEGER", nullable: true),
                    attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    completed_at = table.Column<long>(type: "INTEGER", nullable: true),
                    last_error = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_queue_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "shops",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Domain = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    Currency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    IanaTimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Scopes = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    AccessTokenCipher = table.Column<string>(type: "TEXT", nullable: true),
                    AccessTokenExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RefreshTokenCipher = table.Column<string>(type: "TEXT", nullable: true),
                    RefreshTokenExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    TokenVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Installed = table.Column<bool>(type: "INTEGER", nullable: false),
                    InstalledAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UninstalledAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SendsPaused = table.Column<bool>(type: "INTEGER", nullable: false),
                    IsSandbox = table.Column<bool>(type: "INTEGER", nullable: false),
                    LastReconciledAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_shops", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_compliance_requests_ShopDomain_ReceivedAt",
                table: "compliance_requests",
                columns: new[] { "ShopDomain", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "ix_dead_letters_queue",
                table: "dead_letters",
                columns: new[] { "queue", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_inbox_ProcessedAt",
                table: "inbox",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "ix_queue_messages_completed",
                table: "queue_messages",
                column: "completed_at");

            migrationBuilder.CreateIndex(
                name: "ix_queue_messages_ready",
                table: "queue_messages",
                columns: new[] { "queue", "visible_after", "id" },
                filter: "completed_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ux_queue_messages_message_id",
                table: "queue_messages",
                columns: new[] { "queue", "message_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_shops_Domain",
                table: "shops",
                column: "Domain",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "compliance_requests");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "dead_letters");

            migrationBuilder.DropTable(
                name: "inbox");

            migrationBuilder.DropTable(
                name: "oauth_nonces");

            migrationBuilder.DropTable(
                name: "outbox");

            migrationBuilder.DropTable(
                name: "queue_messages");

            migrationBuilder.DropTable(
                name: "shops");
        }
    }
}
