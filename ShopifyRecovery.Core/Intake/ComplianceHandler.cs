using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Logging;
using ShopifyRecovery.Persistence;
using ShopifyRecovery.Shopify;

namespace ShopifyRecovery.Intake;

/// <summary>Who a privacy request is about, as Shopify names them.</summary>
public sealed record CustomerRef(long? CustomerId, string? Email, string? Phone);

/// <summary>
/// Each capability that stores personal data says what it holds about a customer and erases it on request.
/// Aggregates (counts, revenue totals) stay; anything that identifies a person goes.
/// </summary>
public interface IPersonalDataOwner
{
    string Name { get; }
    Task<object?> ExportAsync(long shopId, CustomerRef customer, CancellationToken ct);
    Task EraseCustomerAsync(long shopId, CustomerRef customer, CancellationToken ct);
    Task EraseShopAsync(long shopId, CancellationToken ct);
}

/// <summary>A compliance webhook received and what was done about it; the merchant sees data requests in the admin.</summary>
public sealed class ComplianceRequest
{
    public long Id { get; set; }
    public required string ShopDomain { get; set; }
    public required string Topic { get; set; }
    public long? CustomerId { get; set; }
    public string? ShopifyRequestId { get; set; }
    public DateTimeOffset ReceivedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    /// <summary>For data requests: what we hold about the customer, for the merchant to pass on.</summary>
    public string? Export { get; set; }
}

sealed class ComplianceRequestConfiguration : IEntityTypeConfiguration<ComplianceRequest>
{
    public void Configure(EntityTypeBuilder<ComplianceRequest> entity)
    {
        entity.ToTable("compliance_requests");
        entity.HasKey(r => r.Id);
        entity.Property(r => r.ShopDomain).HasMaxLength(255);
        entity.Property(r => r.Topic).HasMaxLength(100);
        entity.Property(r => r.ShopifyRequestId).HasMaxLength(100);
        entity.HasIndex(r => new { r.ShopDomain, r.ReceivedAt });
    }
}

/// <summary>
/// The three mandatory compliance topics. <c>customers/data_request</c> compiles what we hold for the merchant,
/// <c>customers/redact</c> erases one customer, <c>shop/redact</c> (48 h after uninstall) erases the shop.
/// </summary>
public sealed class ComplianceHandler(RecoveryDbContext db, IEnumerable<IPersonalDataOwner> owners, TimeProvider clock,
    ILogger<ComplianceHandler> logger) : IShopifyTopicHandler
{
    public IReadOnlyCollection<string> Topics { get; } = ShopifyTopics.Compliance.ToArray();

    public async Task HandleAsync(ShopifyWebhook webhook, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var shop = await db.Set<Shop>().SingleOrDefaultAsync(s => s.Domain == webhook.ShopDomain, ct);
        var customer = ReadCustomer(webhook.Payload);
        var request = new ComplianceRequest
        {
            ShopDomain = webhook.ShopDomain,
            Topic = webhook.Topic,
            CustomerId = customer?.CustomerId,
            ShopifyRequestId = webhook.Payload.TryGetProperty("data_request", out var dr) && dr.ValueKind == JsonValueKind.Object
                && dr.TryGetProperty("id", out var id) ? id.ToString() : null,
            ReceivedAt = now,
            CompletedAt = now,
        };

        if (shop is not null)
        {
            switch (webhook.Topic)
            {
                case ShopifyTopics.CustomersDataRequest when customer is not null:
                    var export = new Dictionary<string, object?>();
                    foreach (var owner in owners)
                        export[owner.Name] = await owner.ExportAsync(shop.Id, customer, ct);
                    request.Export = JsonSerializer.Serialize(export);
                    break;
                case ShopifyTopics.CustomersRedact when customer is not null:
                    foreach (var owner in owners)
                        await owner.EraseCustomerAsync(shop.Id, customer, ct);
                    await db.Set<ComplianceRequest>()
                        .Where(r => r.ShopDomain == shop.Domain && r.CustomerId == customer.CustomerId && r.CustomerId != null && r.Export != null)
                        .ExecuteUpdateAsync(u => u.SetProperty(r => r.Export, (string?)null), ct);
                    break;
                case ShopifyTopics.ShopRedact:
                    foreach (var owner in owners)
                        await owner.EraseShopAsync(shop.Id, ct);
                    await db.Set<ComplianceRequest>().Where(r => r.ShopDomain == shop.Domain).ExecuteDeleteAsync(ct);
                    db.Set<Shop>().Remove(shop);
                    break;
            }
        }
        if (webhook.Topic != ShopifyTopics.ShopRedact)
            db.Set<ComplianceRequest>().Add(request);
        IntakeLog.ComplianceDone(logger, webhook.ShopDomain, webhook.Topic);
    }

    static CustomerRef? ReadCustomer(JsonElement payload)
    {
        if (!payload.TryGetProperty("customer", out var customer) || customer.ValueKind != JsonValueKind.Object)
            return null;
        long? id = customer.TryGetProperty("id", out var idElement) && idElement.TryGetInt64(out var value) ? value : null;
        return new CustomerRef(id, Str(customer, "email"), Str(customer, "phone"));
    }

    static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
