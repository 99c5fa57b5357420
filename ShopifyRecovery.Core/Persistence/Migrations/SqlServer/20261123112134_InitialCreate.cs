using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ShopifyRecovery.Persistence.Migrations.SqlServer
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ShopDomain = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: false),
                    Topic = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    CustomerId = table.Column<long>(type: "bigint", nullable: true),
                    ShopifyRequestId = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    CompletedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Export = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_compliance_requests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    FriendlyName = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Xml = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_protection_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "dead_letters",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    queue = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    message_id = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    type = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    body = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    partition_key = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: true),
                    properties = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    enqueued_at = table.Column<long>(type: "bigint", nullable: false),
                    attempts = table.Column<int>(type: "int", nullable: false),
                    reason = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    dead_lettered_at = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dead_letters", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "inbox",
                columns: table => new
                {
                    Consumer = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    MessageId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    ProcessedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inbox", x => new { x.Consumer, x.MessageId });
                });

            migrationBuilder.CreateTable(
                name: "oauth_nonces",
                columns: table => new
                {
                    Nonce = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    UsedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_oauth_nonces", x => x.Nonce);
                });

            migrationBuilder.CreateTable(
                name: "outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Queue = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    MessageId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Type = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Body = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    PartitionKey = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: true),
                    Properties = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    DeliverAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "queue_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    queue = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    message_id = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    type = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    body = table.Column<byte[]>(type: "varbinary(max)", nullable: false),
                    partition_key = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: true),
                    properties = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    enqueued_at = table.Column<long>(type: "bigint", nullable: false),
                    visible_after = table.Column<long>(type: "bigint", nullable: false),
                    lease_id = table.Column<string>(type: "nvarchar(36)", maxLength: 36, nullable: true),
                    lease_until = table.Column<long>(type: "bigint", nullable: true),
                    attempts = table.Column<int>(type: "int", nullable: false),
                    completed_at = table.Column<long>(type: "bigint", nullable: true),
                    last_error = table.Column<string>(type: "nvarchar(max)", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_queue_messages", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "shops",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Domain = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: false),
                    Name = table.Column<string>(type: "nvarchar(255)", maxLength: 255, nullable: true),
                    Email = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: true),
                    Currency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    IanaTimeZone = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    CountryCode = table.Column<string>(type: "nvarchar(2)", maxLength: 2, nullable: true),
                    Address = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true),
                    Scopes = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: false),
                    AccessTokenCipher = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    AccessTokenExpiresAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    RefreshTokenCipher = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    RefreshTokenExpiresAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    TokenVersion = table.Column<int>(type: "int", nullable: false),
                    Installed = table.Column<bool>(type: "bit", nullable: false),
                    InstalledAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    UninstalledAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    SendsPaused = table.Column<bool>(type: "bit", nullable: false),
                    IsSandbox = table.Column<bool>(type: "bit", nullable: false),
                    LastReconciledAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_shops", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "customer_profiles",
                columns: table => new
                {
                    ShopId = table.Column<long>(type: "bigint", nullable: false),
                    CustomerId = table.Column<long>(type: "bigint", nullable: false),
                    Email = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    OrdersCount = table.Column<long>(type: "bigint", nullable: false),
                    AmountSpent = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: false),
                    LastOrderAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Tags = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    MarketingState = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    RecentOrders = table.Column<int>(type: "int", nullable: false),
                    RecentOrdersWithDiscount = table.Column<int>(type: "int", nullable: false),
                    FetchedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ShopId = table.Column<long>(type: "bigint", nullable: false),
                    Step = table.Column<int>(type: "int", nullable: false),
                    Variant = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Preheader = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Html = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Text = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ShopId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Step = table.Column<int>(type: "int", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    ArmsJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    AutoDeclare = table.Column<bool>(type: "bit", nullable: false),
                    Winner = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: true),
                    WinnerReason = table.Column<string>(type: "nvarchar(500)", maxLength: 500, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    EndedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ShopId = table.Column<long>(type: "bigint", nullable: false),
                    CheckoutToken = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    CartToken = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    CustomerId = table.Column<long>(type: "bigint", nullable: true),
                    Email = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: true),
                    Phone = table.Column<string>(type: "nvarchar(50)", maxLength: 50, nullable: true),
                    FirstName = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    LastName = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Locale = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    CountryCode = table.Column<string>(type: "nvarchar(2)", maxLength: 2, nullable: true),
                    TimeZone = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: true),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    CloseReason = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ActivityVersion = table.Column<int>(type: "int", nullable: false),
                    LastActivityAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    CheckoutUpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    StepsSent = table.Column<int>(type: "int", nullable: false),
                    NextStep = table.Column<int>(type: "int", nullable: true),
                    NextStepDueAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ClosedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    ShopCurrency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    PresentmentCurrency = table.Column<string>(type: "nvarchar(3)", maxLength: 3, nullable: false),
                    Subtotal = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: false),
                    Total = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: false),
                    ShopTotal = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: false),
                    ItemCount = table.Column<int>(type: "int", nullable: false),
                    CartJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    RecoveryUrl = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    BuyerAcceptsMarketing = table.Column<bool>(type: "bit", nullable: false),
                    MarketingState = table.Column<string>(type: "nvarchar(30)", maxLength: 30, nullable: true),
                    IsHoldout = table.Column<bool>(type: "bit", nullable: false),
                    Segment = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Variant = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    RecoveredOrderId = table.Column<long>(type: "bigint", nullable: true),
                    RecoveredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    RecoveredRevenue = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: true),
                    DiscountCost = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: true),
                    Attribution = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    AttributedStep = table.Column<int>(type: "int", nullable: true)
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
                    ShopId = table.Column<long>(type: "bigint", nullable: false),
                    FlowJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    SegmentRulesJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    GuardrailsJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    SenderName = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ReplyTo = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    RetentionDays = table.Column<int>(type: "int", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
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
                    ShopId = table.Column<long>(type: "bigint", nullable: false),
                    Email = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: false),
                    Reason = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Note = table.Column<string>(type: "nvarchar(max)", nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    TemplateId = table.Column<long>(type: "bigint", nullable: false),
                    ShopId = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Preheader = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Html = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    Text = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    SavedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
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
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ShopId = table.Column<long>(type: "bigint", nullable: false),
                    JourneyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Step = table.Column<int>(type: "int", nullable: false),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    SkipReason = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Segment = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Variant = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ExperimentArm = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    ToEmail = table.Column<string>(type: "nvarchar(320)", maxLength: 320, nullable: false),
                    Subject = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Html = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Text = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    DiscountCode = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: true),
                    Provider = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ProviderMessageId = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: true),
                    Error = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Attempts = table.Column<int>(type: "int", nullable: false),
                    AttemptedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    OpenedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    ClickedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    BouncedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ShopId = table.Column<long>(type: "bigint", nullable: false),
                    JourneyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Step = table.Column<int>(type: "int", nullable: false),
                    Code = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    Percentage = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: true),
                    CustomerId = table.Column<long>(type: "bigint", nullable: true),
                    Email = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    ShopifyNodeId = table.Column<string>(type: "nvarchar(max)", nullable: true),
                    Status = table.Column<string>(type: "nvarchar(20)", maxLength: 20, nullable: false),
                    StartsAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    EndsAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    UsedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: true),
                    Cost = table.Column<decimal>(type: "decimal(19,4)", precision: 19, scale: 4, nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    JourneyId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    ShopId = table.Column<long>(type: "bigint", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    Step = table.Column<int>(type: "int", nullable: true),
                    Detail = table.Column<string>(type: "nvarchar(max)", nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Key = table.Column<string>(type: "nvarchar(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "nvarchar(40)", maxLength: 40, nullable: false),
                    EmailSendId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    ShopId = table.Column<long>(type: "bigint", nullable: true),
                    OccurredAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
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
