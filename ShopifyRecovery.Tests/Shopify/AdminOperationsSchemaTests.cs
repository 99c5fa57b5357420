using System.Text.Json;
using ShopifyRecovery.Shopify.Admin;

namespace ShopifyRecovery.Tests.Shopify;

public sealed class AdminOperationsSchemaTests
{
    static IEnumerable<TestCaseData> Operations() =>
        AdminOperations.All.Select(o => new TestCaseData(o).SetArgDisplayNames(o.Name));

    [TestCaseSource(nameof(Operations))]
    public async Task Every_document_the_client_sends_is_valid_against_the_2026_04_admin_schema(AdminOperation operation)
    {
        // Act
        var errors = await AdminSchema.ValidateAsync(operation.Document);
        // Assert
        Assert.That(errors, Is.Empty);
    }

    [Test]
    public async Task The_validator_rejects_a_document_with_a_misspelled_field()
    {
        // Arrange
        var misspelled = AdminOperations.Shop.Document.Replace("ianaTimezone", "ianaTimeZone");
        // Act
        var errors = await AdminSchema.ValidateAsync(misspelled);
        // Assert
        Assert.That(errors, Has.Some.Contains("ianaTimeZone"));
    }

    [Test]
    public async Task The_validator_also_rejects_variables_the_input_type_does_not_have()
    {
        // Arrange: customerSelection was replaced by context in 2025-10 and is gone from the 2026-04 input
        using var variables = JsonDocument.Parse("""
            {"input":{"title":"t","code":"C","startsAt":"2026-11-23T09:00:00Z","customerSelection":{"all":true},
              "customerGets":{"value":{"percentage":0.1},"items":{"all":true}}}}
            """);
        // Act
        var errors = await AdminSchema.ValidateAsync(AdminOperations.DiscountCodeBasicCreate.Document, variables.RootElement);
        // Assert
        Assert.That(errors, Has.Some.Contains("customerSelection"));
    }

    [Test]
    public void Every_operation_is_named_after_its_root_field_so_fakes_and_logs_can_tell_them_apart()
    {
        Assert.That(AdminOperations.All.Select(o => o.Name), Is.Unique);
        foreach (var operation in AdminOperations.All)
        {
            var rootField = char.ToLowerInvariant(operation.Name[0]) + operation.Name[1..];
            Assert.That(operation.Document, Does.StartWith($"query {operation.Name}").Or.StartWith($"mutation {operation.Name}"));
            Assert.That(operation.Document, Does.Contain($"  {rootField}"), operation.Name);
        }
    }
}
