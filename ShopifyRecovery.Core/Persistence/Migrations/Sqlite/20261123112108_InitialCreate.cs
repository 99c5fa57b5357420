using System;
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

            migrationBuilder.CreateTable(
                name: "customer_profiles",
                columns: table => new
                {
                    ShopId = table.Column<long>(type: "INTEGER", nullable: false),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: false),
                    Email = table.Column<string>(type: "TEXT", nullable: true),
                    OrdersCount = table.Column<long>(type: "INTEGER", nullable: false),
                    AmountSpent = table.Column<double>(type: "REAL", nullable: false),
                    LastOrderAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Tags = table.Column<string>(type: "TEXT", nullable: false),
                    MarketingState = table.Column<string>(type: "TEXT", nullable: true),
                    RecentOrders = table.Column<int>(type: "INTEGER", nullable: false),
                    RecentOrdersWithDiscount = table.Column<int>(type: "INTEGER", nullable: false),
                    FetchedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customer_profiles", x => new { x.ShopId, x.CustomerId });
                    table.ForeignKey(
                        name: "FK_customer_profiles_shops_ShopId",
                        column: x => x.ShopId,
                        principalTable: "shops",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "email_templates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ShopId = table.Column<long>(type: "INTEGER", nullable: false),
                    Step = table.Column<int>(type: "INTEGER", nullable: false),
                    Variant = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", nullable: false),
                    Preheader = table.Column<string>(type: "TEXT", nullable: false),
                    Html = table.Column<string>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_email_templates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_email_templates_shops_ShopId",
                        column: x => x.ShopId,
                        principalTable: "shops",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "experiments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ShopId = table.Column<long>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Step = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ArmsJson = table.Column<string>(type: "TEXT", nullable: false),
                    AutoDeclare = table.Column<bool>(type: "INTEGER", nullable: false),
                    Winner = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    WinnerReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_experiments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_experiments_shops_ShopId",
                        column: x => x.ShopId,
                        principalTable: "shops",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "journeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ShopId = table.Column<long>(type: "INTEGER", nullable: false),
                    CheckoutToken = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    CartToken = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: true),
                    Email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    FirstName = table.Column<string>(type: "TEXT", nullable: true),
                    LastName = table.Column<string>(type: "TEXT", nullable: true),
                    Locale = table.Column<string>(type: "TEXT", nullable: true),
                    CountryCode = table.Column<string>(type: "TEXT", maxLength: 2, nullable: true),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CloseReason = table.Column<string>(type: "TEXT", nullable: true),
                    ActivityVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    LastActivityAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CheckoutUpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StepsSent = table.Column<int>(type: "INTEGER", nullable: false),
                    NextStep = table.Column<int>(type: "INTEGER", nullable: true),
                    NextStepDueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ClosedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ShopCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    PresentmentCurrency = table.Column<string>(type: "TEXT", maxLength: 3, nullable: false),
                    Subtotal = table.Column<double>(type: "REAL", nullable: false),
                    Total = table.Column<double>(type: "REAL", nullable: false),
                    ShopTotal = table.Column<double>(type: "REAL", nullable: false),
                    ItemCount = table.Column<int>(type: "INTEGER", nullable: false),
                    CartJson = table.Column<string>(type: "TEXT", nullable: false),
                    RecoveryUrl = table.Column<string>(type: "TEXT", nullable: true),
                    BuyerAcceptsMarketing = table.Column<bool>(type: "INTEGER", nullable: false),
                    MarketingState = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    IsHoldout = table.Column<bool>(type: "INTEGER", nullable: false),
                    Segment = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Variant = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    RecoveredOrderId = table.Column<long>(type: "INTEGER", nullable: true),
                    RecoveredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RecoveredRevenue = table.Column<double>(type: "REAL", nullable: true),
                    DiscountCost = table.Column<double>(type: "REAL", nullable: true),
                    Attribution = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AttributedStep = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_journeys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_journeys_shops_ShopId",
                        column: x => x.ShopId,
                        principalTable: "shops",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "shop_settings",
                columns: table => new
                {
                    ShopId = table.Column<long>(type: "INTEGER", nullable: false),
                    FlowJson = table.Column<string>(type: "TEXT", nullable: false),
                    SegmentRulesJson = table.Column<string>(type: "TEXT", nullable: false),
                    GuardrailsJson = table.Column<string>(type: "TEXT", nullable: false),
                    SenderName = table.Column<string>(type: "TEXT", nullable: true),
                    ReplyTo = table.Column<string>(type: "TEXT", nullable: true),
                    RetentionDays = table.Column<int>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_shop_settings", x => x.ShopId);
                    table.ForeignKey(
                        name: "FK_shop_settings_shops_ShopId",
                        column: x => x.ShopId,
                        principalTable: "shops",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "suppressions",
                columns: table => new
                {
                    ShopId = table.Column<long>(type: "INTEGER", nullable: false),
                    Email = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_suppressions", x => new { x.ShopId, x.Email });
                    table.ForeignKey(
                        name: "FK_suppressions_shops_ShopId",
                        column: x => x.ShopId,
                        principalTable: "shops",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "email_template_versions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TemplateId = table.Column<long>(type: "INTEGER", nullable: false),
                    ShopId = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", nullable: false),
                    Preheader = table.Column<string>(type: "TEXT", nullable: false),
                    Html = table.Column<string>(type: "TEXT", nullable: false),
                    Text = table.Column<string>(type: "TEXT", nullable: false),
                    SavedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_email_template_versions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_email_template_versions_email_templates_TemplateId",
                        column: x => x.TemplateId,
                        principalTable: "email_templates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "email_sends",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ShopId = table.Column<long>(type: "INTEGER", nullable: false),
                    JourneyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Step = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SkipReason = table.Column<string>(type: "TEXT", nullable: true),
                    Segment = table.Column<string>(type: "TEXT", nullable: true),
                    Variant = table.Column<string>(type: "TEXT", nullable: true),
                    ExperimentArm = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ToEmail = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", nullable: true),
                    Html = table.Column<string>(type: "TEXT", nullable: true),
                    Text = table.Column<string>(type: "TEXT", nullable: true),
                    DiscountCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Provider = table.Column<string>(type: "TEXT", nullable: true),
                    ProviderMessageId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Error = table.Column<string>(type: "TEXT", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    AttemptedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DeliveredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClickedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    BouncedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_email_sends", x => x.Id);
                    table.ForeignKey(
                        name: "FK_email_sends_journeys_JourneyId",
                        column: x => x.JourneyId,
                        principalTable: "journeys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "issued_discounts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ShopId = table.Column<long>(type: "INTEGER", nullable: false),
                    JourneyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Step = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Percentage = table.Column<double>(type: "REAL", nullable: true),
                    CustomerId = table.Column<long>(type: "INTEGER", nullable: true),
                    Email = table.Column<string>(type: "TEXT", nullable: true),
                    ShopifyNodeId = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StartsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndsAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UsedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Cost = table.Column<double>(type: "REAL", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_issued_discounts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_issued_discounts_journeys_JourneyId",
                        column: x => x.JourneyId,
                        principalTable: "journeys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "journey_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    JourneyId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ShopId = table.Column<long>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Step = table.Column<int>(type: "INTEGER", nullable: true),
                    Detail = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_journey_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_journey_events_journeys_JourneyId",
                        column: x => x.JourneyId,
                        principalTable: "journeys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "email_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    EmailSendId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ShopId = table.Column<long>(type: "INTEGER", nullable: true),
                    OccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_email_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_email_events_email_sends_EmailSendId",
                        column: x => x.EmailSendId,
                        principalTable: "email_sends",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
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
                name: "IX_email_events_EmailSendId",
                table: "email_events",
                column: "EmailSendId");

            migrationBuilder.CreateIndex(
                name: "IX_email_events_Key",
                table: "email_events",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_email_events_ShopId_ReceivedAt",
                table: "email_events",
                columns: new[] { "ShopId", "ReceivedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_email_sends_experiment_arm",
                table: "email_sends",
                columns: new[] { "ShopId", "ExperimentArm", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_email_sends_JourneyId_Step",
                table: "email_sends",
                columns: new[] { "JourneyId", "Step" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_email_sends_report_funnel",
                table: "email_sends",
                columns: new[] { "ShopId", "Step", "Status", "CreatedAt", "DeliveredAt", "OpenedAt", "ClickedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_email_sends_ShopId_CreatedAt",
                table: "email_sends",
                columns: new[] { "ShopId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_email_sends_ShopId_ToEmail_SentAt",
                table: "email_sends",
                columns: new[] { "ShopId", "ToEmail", "SentAt" });

            migrationBuilder.CreateIndex(
                name: "IX_email_sends_Status_CreatedAt",
                table: "email_sends",
                columns: new[] { "Status", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_email_template_versions_TemplateId_Version",
                table: "email_template_versions",
                columns: new[] { "TemplateId", "Version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_email_templates_ShopId_Step_Variant",
                table: "email_templates",
                columns: new[] { "ShopId", "Step", "Variant" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_experiments_one_running_per_step",
                table: "experiments",
                columns: new[] { "ShopId", "Step" },
                unique: true,
                filter: "Status = 'Running'");

            migrationBuilder.CreateIndex(
                name: "IX_experiments_ShopId_Step_Status",
                table: "experiments",
                columns: new[] { "ShopId", "Step", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_inbox_ProcessedAt",
                table: "inbox",
                column: "ProcessedAt");

            migrationBuilder.CreateIndex(
                name: "IX_issued_discounts_report_offers",
                table: "issued_discounts",
                columns: new[] { "JourneyId", "Status", "Kind", "Percentage" });

            migrationBuilder.CreateIndex(
                name: "IX_issued_discounts_ShopId_Code",
                table: "issued_discounts",
                columns: new[] { "ShopId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_issued_discounts_ShopId_Status_EndsAt",
                table: "issued_discounts",
                columns: new[] { "ShopId", "Status", "EndsAt" });

            migrationBuilder.CreateIndex(
                name: "IX_journey_events_JourneyId_Id",
                table: "journey_events",
                columns: new[] { "JourneyId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_journeys_report_arms",
                table: "journeys",
                columns: new[] { "ShopId", "IsHoldout", "Status", "CreatedAt", "RecoveredRevenue", "DiscountCost" });

            migrationBuilder.CreateIndex(
                name: "IX_journeys_report_recovered",
                table: "journeys",
                columns: new[] { "ShopId", "Status", "RecoveredAt", "Attribution", "AttributedStep", "Segment", "RecoveredRevenue", "DiscountCost", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_journeys_report_segments",
                table: "journeys",
                columns: new[] { "ShopId", "Segment", "CreatedAt", "IsHoldout" });

            migrationBuilder.CreateIndex(
                name: "IX_journeys_ShopId_CheckoutToken",
                table: "journeys",
                columns: new[] { "ShopId", "CheckoutToken" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_journeys_ShopId_CreatedAt",
                table: "journeys",
                columns: new[] { "ShopId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_journeys_ShopId_CustomerId",
                table: "journeys",
                columns: new[] { "ShopId", "CustomerId" });

            migrationBuilder.CreateIndex(
                name: "IX_journeys_ShopId_Email",
                table: "journeys",
                columns: new[] { "ShopId", "Email" });

            migrationBuilder.CreateIndex(
                name: "IX_journeys_ShopId_Status_CreatedAt",
                table: "journeys",
                columns: new[] { "ShopId", "Status", "CreatedAt" });

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
                name: "customer_profiles");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropTable(
                name: "dead_letters");

            migrationBuilder.DropTable(
                name: "email_events");

            migrationBuilder.DropTable(
                name: "email_template_versions");

            migrationBuilder.DropTable(
                name: "experiments");

            migrationBuilder.DropTable(
                name: "inbox");

            migrationBuilder.DropTable(
                name: "issued_discounts");

            migrationBuilder.DropTable(
                name: "journey_events");

            migrationBuilder.DropTable(
                name: "oauth_nonces");

            migrationBuilder.DropTable(
                name: "outbox");

            migrationBuilder.DropTable(
                name: "queue_messages");

            migrationBuilder.DropTable(
                name: "shop_settings");

            migrationBuilder.DropTable(
                name: "suppressions");

            migrationBuilder.DropTable(
                name: "email_sends");

            migrationBuilder.DropTable(
                name: "email_templates");

            migrationBuilder.DropTable(
                name: "journeys");

            migrationBuilder.DropTable(
                name: "shops");
        }
    }
}
